import { rmSync } from 'node:fs';
import { ensurePrivateDirectory, writePrivateFile } from '../platform/private-files.ts';
import type { DeliveryConfig } from './config.ts';
import { deliveryDemoCredentialsFile, deliveryPidFile } from './data-files.ts';
import { seedDeliveryDemo } from './demo/seed-demo.ts';
import { buildDelivery } from './server.ts';

/**
 * Runs delivery on its public address, with demo pickup points (and a clerk key for each) on the
 * first start.
 */
export async function serveDelivery(
  config: DeliveryConfig,
): Promise<{ address: string; close(): Promise<void> }> {
  ensurePrivateDirectory(config.dataDir); // before anything is written: see serveMarket
  const delivery = await buildDelivery({ config });
  if (!config.databaseUrl) writePrivateFile(deliveryPidFile(config), String(process.pid));
  if (config.demoData) {
    const demo = await seedDeliveryDemo(delivery.ctx.db, delivery.ctx.clock.now());
    if (demo) {
      const file = deliveryDemoCredentialsFile(config);
      writePrivateFile(file, `${JSON.stringify(demo, null, 2)}\n`);
      console.log(`Demo pickup points loaded: the delivery operator key and the clerks' keys are in ${file}`);
    }
  }
  const address = await delivery.app.listen({ host: config.host, port: config.port });
  return {
    address,
    async close() {
      await delivery.close();
      rmSync(deliveryPidFile(config), { force: true });
    },
  };
}
