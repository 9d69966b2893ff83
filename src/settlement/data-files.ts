import { join } from 'node:path';
import type { SettlementConfig } from './config.ts';

// Settlement's files beside its database, in a module of their own: the host commands that only
// look at them (is settlement running?) load none of the server.

/** The file that marks an embedded settlement database as open by a running process. */
export const settlementPidFile = (config: SettlementConfig) => join(config.dataDir, 'settlement.pid');
/** Where the demo cards' numbers and PINs are written on the first start (owner-only). */
export const demoCardsFile = (config: SettlementConfig) => join(config.dataDir, 'demo-cards.json');
