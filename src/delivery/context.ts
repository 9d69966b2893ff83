import type { Clock } from '../platform/clock.ts';
import type { Database, Db } from '../platform/db/database.ts';
import type { Logger } from '../platform/log.ts';
import type { DeliveryConfig } from './config.ts';

/** What every delivery module is given: no module reaches for globals. */
export interface DeliveryContext {
  database: Database;
  db: Db;
  clock: Clock;
  config: DeliveryConfig & { secretKey: string; marketKey: string };
  log: Logger;
}
