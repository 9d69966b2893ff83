import type { Clock } from '../platform/clock';
import type { Database, Db } from '../platform/db/database';
import type { Logger } from '../platform/log';
import type { MarketConfig } from './config';
import type { KindCache } from './kinds/kind-cache';
import type { SellerEventHub } from './orders/seller-event-hub';
import type { SettlementClient } from './payments/settlement-client';
import type { DeliveryClient } from './shipping/delivery-client';

/** What every market module is given: no module reaches for globals. */
export interface MarketContext {
  database: Database;
  db: Db;
  clock: Clock;
  config: MarketConfig & { secretKey: string; deliveryKey: string };
  log: Logger;
  sellerEvents: SellerEventHub;
  kinds: KindCache;
  /** The closed link: `live` retries for a waiting purchaser, `background` leaves retrying to the outbox. */
  settlement: { live: SettlementClient; background: SettlementClient };
  /** Delivery's API across the public network (B9): pickup points, shipments, labels. */
  delivery: DeliveryClient;
}
