/**
 * The pickup clerk's API at delivery (src/delivery/clerk/routes.ts), called from delivery's own
 * origin with the clerk key: every call is about the one pickup point the key belongs to. The
 * terminals may not import delivery's code, so the shapes are written here as its routes
 * declare them.
 */
import type { PARCEL_SIZES, ShipmentState } from '../../protocol/delivery.ts';
import { callDelivery, type PickupPoint } from '../app/delivery.ts';

export type { ShipmentState } from '../../protocol/delivery.ts';
export type ParcelSize = (typeof PARCEL_SIZES)[number];

/** The counter's own pickup point: what a clerk needs of it. */
export type ClerkPickupPoint = Pick<
  PickupPoint,
  'code' | 'name' | 'nameRomaji' | 'address' | 'addressRomaji' | 'openingHours' | 'capacity' | 'retentionDays'
>;

/** A parcel as the counter sees it: no more than its label shows. */
export interface Parcel {
  orderId: string;
  state: ShipmentState;
  parcelSize: ParcelSize;
  /** The pickup point it is to be collected at. */
  pickupPointCode: string;
  /** Collect by then, once it waits here. */
  deadline: string | null;
}

export interface ParcelLists {
  /** Handed in here by sellers, for the carrier to take. */
  droppedOff: Parcel[];
  /** On their way here. */
  incoming: Parcel[];
  /** Here, to be collected before their deadline. */
  waiting: Parcel[];
  /** Here past their deadline: to go back to the seller. */
  overdue: Parcel[];
}

/** What the clerk does with a parcel scanned by its order ID alone. */
export type ScanAction = 'drop-off' | 'dispatch' | 'arrival' | 'return';

export const getClerkSession = (key: string) =>
  callDelivery<{ pickupPoint: ClerkPickupPoint }>('GET', '/clerk/session', { token: key });

export const getParcelLists = (key: string, signal?: AbortSignal) =>
  callDelivery<ParcelLists>('GET', '/clerk/parcels', { token: key, signal });

export const scanParcel = (key: string, action: ScanAction, orderId: string) =>
  callDelivery<Parcel>('POST', `/clerk/${action}`, { token: key, body: { orderId } });

export const handOver = (key: string, orderId: string, code: string) =>
  callDelivery<Parcel>('POST', '/clerk/hand-over', { token: key, body: { orderId, code } });
