import { createIntl } from 'react-intl';
import type { Translate } from '../../app/translate.ts';
import { CATALOGUES } from '../../i18n/i18n.tsx';

const intl = createIntl({ locale: 'en', messages: CATALOGUES.en });

/** The terminal's words in English, for unit tests of the functions that take a translator. */
export const english: Translate = (id, values) => intl.formatMessage({ id }, values);
