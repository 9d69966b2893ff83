import type { MessageId } from '../i18n/i18n.tsx';

/**
 * The translator as plain functions take it: `useT()` in a component, or any function that
 * words a message ID with its arguments.
 */
export type Translate = (id: MessageId, values?: Record<string, string | number | Date>) => string;
