import type { Clock } from '../platform/clock.ts';
import type { Database, Db } from '../platform/db/database.ts';
import type { Logger } from '../platform/log.ts';
import type { WebhookTargets } from '../platform/webhook-targets.ts';
import type { MarketConfig } from './config.ts';
import type { PreferenceBuffer } from './history/preference-buffer.ts';
import type { KindCache } from './kinds/kind-cache.ts';
import type { SellerEventHub } from './orders/seller-event-hub.ts';
import type { SettlementClient } from './payments/settlement-client.ts';
import type { DeliveryClient } from './shipping/delivery-client.ts';

/** What every market module is given: no module reaches for globals. */
export interface MarketContext {
  database: Database;
  db: Db;
  /** Where retrieval reads: the replica when one is configured, else `db`. Never written. */
  readDb: Db;
  clock: Clock;
  config: MarketConfig & { secretKey: string; deliveryKey: string };
  log: Logger;
  sellerEvents: SellerEventHub;
  /** Where sellers' webhooks may go, checked when named and when sent. */
  webhooks: WebhookTargets;
  kinds: KindCache;
  /** Purchase requests' preferences, staged in batches off the request path. */
  preferences: PreferenceBuffer;
  /** The closed link: `live` retries for a waiting purchaser, `background` leaves retrying to the outbox. */
  settlement: { live: SettlementClient; background: SettlementClient };
  /** Delivery's API across the public network (B9): pickup points, shipments, labels. */
  delivery: DeliveryClient;
}
