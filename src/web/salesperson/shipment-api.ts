/**
 * B9: the seller's side of delivery, through the market (src/market seller routes): booking a
 * paid order's parcel, its state, its label, and the money it holds. The market asks delivery
 * and settlement on the seller's behalf; the terminal calls the market alone, with the key.
 */
import { ApiError, api } from '../app/api.ts';
import { fetchFile } from '../app/download.ts';
import { SELL_QUERY } from './seller-session.tsx';
import type { ParcelSize, Payable, Shipment } from './types.ts';

export const shipmentQuery = (orderId: string) => [SELL_QUERY, 'shipment', orderId] as const;
export const PAYABLE_QUERY = [SELL_QUERY, 'payable'] as const;

const orderPath = (orderId: string) => `/seller/orders/${encodeURIComponent(orderId)}`;

/** The order's shipment, or null while none is booked. */
export async function getShipment(
  key: string,
  orderId: string,
  signal?: AbortSignal,
): Promise<Shipment | null> {
  try {
    return await api<Shipment>('GET', `${orderPath(orderId)}/shipment`, { token: key, signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** Books the parcel to the pickup point the purchaser chose; booking it again as it was is harmless. */
export const bookShipment = (key: string, orderId: string, parcelSize: ParcelSize) =>
  api<Shipment>('PUT', `${orderPath(orderId)}/shipment`, { token: key, body: { parcelSize } });

export const getPayable = (key: string, signal?: AbortSignal) =>
  api<Payable>('GET', '/seller/payable', { token: key, signal });

export type LabelFormat = 'pdf-a6' | 'pdf-4x6' | 'png';

/** The formats a label comes in; the panel names each in the language shown. */
export const LABEL_FORMATS: Record<LabelFormat, { query: string; suffix: string }> = {
  'pdf-a6': { query: 'format=pdf&size=a6', suffix: '-a6.pdf' },
  'pdf-4x6': { query: 'format=pdf&size=4x6', suffix: '-4x6.pdf' },
  png: { query: 'format=png&size=a6', suffix: '.png' },
};

/** The label's bytes, fetched with the key, and a name to save them under. */
export const fetchLabel = (key: string, orderId: string, format: LabelFormat) =>
  fetchFile(`${orderPath(orderId)}/label?${LABEL_FORMATS[format].query}`, {
    token: key,
    accept: format === 'png' ? 'image/png' : 'application/pdf',
    // Named by its size too, which the service's name leaves out.
    filename: `label-${orderId}${LABEL_FORMATS[format].suffix}`,
  });

/** A blob as a data: URL, the one kind of URL the pages' content-security-policy lets images use. */
export const dataUrlOf = (blob: Blob): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
