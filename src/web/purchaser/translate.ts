import type { MessageId } from '../i18n/i18n.tsx';

/**
 * The translator as the terminal's plain functions take it: `useT()` in a component, or any
 * function that words a message ID with its arguments (in tests, the English catalogue).
 */
export type Translate = (id: MessageId, values?: Record<string, string | number | Date>) => string;
