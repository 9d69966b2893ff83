import { rmSync } from 'node:fs';
import { listenOnClosedLink } from '../platform/closed-link/listen.ts';
import { ensurePrivateDirectory, writePrivateFile } from '../platform/private-files.ts';
import type { SettlementConfig } from './config.ts';
import { demoCardsFile, settlementPidFile } from './data-files.ts';
import { seedSettlementDemo } from './demo/seed-demo.ts';
import { buildSettlement } from './server.ts';

/**
 * Runs settlement on its closed link, with demo cards on the first start of an empty database
 * (their numbers and PINs go to an owner-only file, never to the terminal).
 */
export async function serveSettlement(
  config: SettlementConfig,
): Promise<{ address: string; close(): Promise<void> }> {
  ensurePrivateDirectory(config.dataDir); // before anything is written: see serveMarket
  const settlement = await buildSettlement({ config });
  if (!config.databaseUrl) writePrivateFile(settlementPidFile(config), String(process.pid));
  if (config.demoData) {
    const { ctx } = settlement;
    const cards = await seedSettlementDemo(ctx.db, ctx.instruments, ctx.clock.now(), config.demoCurrency);
    if (cards) {
      const file = demoCardsFile(config);
      writePrivateFile(file, `${JSON.stringify(cards, null, 2)}\n`);
      console.log(`Demo cards issued: their numbers and PINs are in ${file}`);
    }
  }
  const address = await listenOnClosedLink(settlement.app, config.link);
  return {
    address,
    async close() {
      await settlement.close();
      rmSync(settlementPidFile(config), { force: true });
    },
  };
}
