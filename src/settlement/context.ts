import type { Counter } from 'prom-client';
import type { Clock } from '../platform/clock.ts';
import type { Database, Db } from '../platform/db/database.ts';
import type { Logger } from '../platform/log.ts';
import type { SettlementConfig } from './config.ts';
import type { InstrumentSettings } from './instruments/instruments.ts';

/** What every settlement module is given: no module reaches for globals. */
export interface SettlementContext {
  database: Database;
  db: Db;
  clock: Clock;
  config: SettlementConfig & { secretKey: string };
  instruments: InstrumentSettings;
  log: Logger;
  /** Counted as they happen; what the database holds is read at each scrape (server.ts). */
  metrics: {
    payments: Counter<'outcome' | 'code'>;
    escrow: Counter<'action'>;
  };
}
