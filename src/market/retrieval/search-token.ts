import { hmacSha256, safeEqual } from '../../platform/secrets.ts';
import { MAX_REQUEST_BYTES, type PurchaseRequest, purchaseRequestSchema } from './purchase-request.ts';

/**
 * What a page of a search showed the purchaser (B2), as the market signed it: the purchase
 * request, when the search expires, and each offer shown with its unit price then. The
 * purchaser's client holds it as the page's `searchId` and sends it back with a selection, so
 * that B4 can check the selection against what was shown without the market writing anything
 * when it retrieves. Nothing in it is secret (the purchaser sent the request and saw the
 * offers); the tag only makes it unforgeable.
 */
export interface Showing {
  request: PurchaseRequest;
  expiresAt: Date;
  /** Offers shown, in the request's currency, each at the unit price shown. */
  items: { offerId: string; unitPriceMinor: number }[];
}

const VERSION = 1;
const TAG_BYTES = 16;
const ITEM_BYTES = 16 + 8;
/** Version, expiry (ms, 48 bits), the request's length. */
const HEADER_BYTES = 1 + 6 + 4;
/** Items a page shows at most (a purchase request's largest limit). */
const MAX_ITEMS = 100;
/** The longest token: the largest request the API takes, a full page; base64url (4 per 3). */
export const MAX_SEARCH_TOKEN_LENGTH = Math.ceil(
  ((HEADER_BYTES + MAX_REQUEST_BYTES + 1 + MAX_ITEMS * ITEM_BYTES + TAG_BYTES) * 4) / 3,
);

const tag = (secretKey: string, body: Buffer) =>
  hmacSha256(secretKey, Buffer.concat([Buffer.from('search-token\0'), body])).subarray(0, TAG_BYTES);

const uuidBytes = (id: string) => Buffer.from(id.replaceAll('-', ''), 'hex');
const uuidText = (bytes: Buffer) => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** The page's token: compact binary, base64url, about 25 bytes an item beside the request. */
export function signShowing(secretKey: string, showing: Showing): string {
  const request = Buffer.from(JSON.stringify(showing.request));
  const body = Buffer.alloc(HEADER_BYTES + request.length + 1 + showing.items.length * ITEM_BYTES);
  body.writeUInt8(VERSION, 0);
  body.writeUIntBE(showing.expiresAt.getTime(), 1, 6);
  body.writeUInt32BE(request.length, 7);
  request.copy(body, HEADER_BYTES);
  let at = HEADER_BYTES + request.length;
  body.writeUInt8(showing.items.length, at++);
  for (const item of showing.items) {
    uuidBytes(item.offerId).copy(body, at);
    body.writeBigUInt64BE(BigInt(item.unitPriceMinor), at + 16);
    at += ITEM_BYTES;
  }
  return Buffer.concat([body, tag(secretKey, body)]).toString('base64url');
}

/**
 * The showing a token names, or undefined when the market did not sign it (forged, altered,
 * cut short, of another key) or its search has expired: to the purchaser both are a search
 * that no longer exists.
 */
export function readShowing(secretKey: string, token: string, now: Date): Showing | undefined {
  if (token.length > MAX_SEARCH_TOKEN_LENGTH || !/^[\w-]+$/.test(token)) return undefined;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length < HEADER_BYTES + 1 + TAG_BYTES) return undefined;
  const body = bytes.subarray(0, bytes.length - TAG_BYTES);
  if (!safeEqual(bytes.subarray(body.length), tag(secretKey, body))) return undefined;
  // Signed by this market, so well-formed from here on.
  if (body.readUInt8(0) !== VERSION) return undefined;
  const expiresAt = new Date(body.readUIntBE(1, 6));
  if (expiresAt <= now) return undefined;
  const requestEnd = HEADER_BYTES + body.readUInt32BE(7);
  // Signed here, yet perhaps by an older release whose requests this one no longer takes.
  const request = purchaseRequestSchema.safeParse(
    JSON.parse(body.subarray(HEADER_BYTES, requestEnd).toString()),
  );
  if (!request.success) return undefined;
  const count = body.readUInt8(requestEnd);
  const items = Array.from({ length: count }, (_, i) => {
    const at = requestEnd + 1 + i * ITEM_BYTES;
    return {
      offerId: uuidText(body.subarray(at, at + 16)),
      unitPriceMinor: Number(body.readBigUInt64BE(at + 16)),
    };
  });
  return { request: request.data, expiresAt, items };
}
