import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeliveryConfig } from './config.ts';
import { seedDeliveryDemo } from './demo/seed-demo.ts';
import { buildDelivery } from './server.ts';

/** Where the demo operator and clerk keys are written on the first start (owner-only). */
export const deliveryDemoCredentialsFile = (config: DeliveryConfig) =>
  join(config.dataDir, 'demo-credentials.json');

/**
 * Runs delivery on its public address, with demo pickup points (and a clerk key for each) on the
 * first start.
 */
export async function serveDelivery(
  config: DeliveryConfig,
): Promise<{ address: string; close(): Promise<void> }> {
  const delivery = await buildDelivery({ config });
  if (config.demoData) {
    const demo = await seedDeliveryDemo(delivery.ctx.db, delivery.ctx.clock.now());
    if (demo) {
      mkdirSync(config.dataDir, { recursive: true });
      const file = deliveryDemoCredentialsFile(config);
      writeFileSync(file, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
      console.log(`Demo pickup points loaded: the delivery operator key and the clerks' keys are in ${file}`);
    }
  }
  const address = await delivery.app.listen({ host: config.host, port: config.port });
  return { address, close: () => delivery.close() };
}
