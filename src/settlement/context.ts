import type { Clock } from '../platform/clock';
import type { Database, Db } from '../platform/db/database';
import type { Logger } from '../platform/log';
import type { SettlementConfig } from './config';
import type { InstrumentSettings } from './instruments/instruments';

/** What every settlement module is given: no module reaches for globals. */
export interface SettlementContext {
  database: Database;
  db: Db;
  clock: Clock;
  config: SettlementConfig & { secretKey: string };
  instruments: InstrumentSettings;
  log: Logger;
}
