import type { Clock } from '../platform/clock';
import type { Database, Db } from '../platform/db/database';
import type { Logger } from '../platform/log';
import type { DeliveryConfig } from './config';

/** What every delivery module is given: no module reaches for globals. */
export interface DeliveryContext {
  database: Database;
  db: Db;
  clock: Clock;
  config: DeliveryConfig & { secretKey: string; marketKey: string };
  log: Logger;
}
