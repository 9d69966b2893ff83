import { problemCatalogue } from '../../platform/http/problem.ts';
import { en } from './en.ts';
import { ja } from './ja.ts';

/** The market's problem answers: `problem` by code, `message` for titles and details with arguments. */
export const { problem, message } = problemCatalogue('market', en, ja);
