import { join } from 'node:path';
import type { DeliveryConfig } from './config.ts';

// Delivery's files beside its database, in a module of their own, as settlement's.

/** The file that marks an embedded delivery database as open by a running process (see settlement's). */
export const deliveryPidFile = (config: DeliveryConfig) => join(config.dataDir, 'delivery.pid');
/** Where the demo operator and clerk keys are written on the first start (owner-only). */
export const deliveryDemoCredentialsFile = (config: DeliveryConfig) =>
  join(config.dataDir, 'demo-credentials.json');
