import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MARKET_MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
