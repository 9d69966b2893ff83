import { eq } from 'drizzle-orm';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, expect } from 'vitest';
import type { TestSystem } from '../../../../test/system/system-harness.ts';
import { pcOffer, type TestMarket } from '../../../market/testing/market-harness.ts';
import { instruments } from '../../../settlement/db/schema.ts';
import { formatCardNumber } from '../../../settlement/instruments/card-number.ts';
import { getAccount, spendable } from '../../../settlement/ledger/ledger.ts';
import { type SellerSession, sellerSession } from '../../salesperson/testing/sell-browser.ts';

/** Order IDs as the market prints them (src/protocol/order-id.ts). */
export const ORDER_ID = /^[0-9A-HJKMNP-TV-Z]{6}-[0-9A-HJKMNP-TV-Z]{6}-[0-9A-HJKMNP-TV-Z]{6}$/;

/** A PC offer to list: its model, name and price, and what differs from the usual PC. */
export interface PcListing {
  model: string;
  name: string;
  price: number;
  stock?: number;
  attributes?: Record<string, unknown>;
}

/** Registers PC offers through the seller API, all at once; returns them as the market answered. */
export function listPcs(m: TestMarket, sellerKey: string, pcs: PcListing[]): Promise<any[]> {
  return Promise.all(
    pcs.map(async ({ model, attributes, ...offer }) => {
      const res = await m.call('POST', '/seller/offers', {
        token: sellerKey,
        body: pcOffer(model, offer, attributes),
      });
      if (res.status !== 201) throw new Error(`offer ${model} refused: ${JSON.stringify(res.body)}`);
      return res.body;
    }),
  );
}

export interface ShopSession extends SellerSession {
  /** The offers listed, by model, as the market answered. */
  readonly offers: Readonly<Record<string, any>>;
}

/** A terminal session whose market has a seller of this name with these PCs on sale, listed before the suite. */
export function shopSession(sellerName: string, pcs: PcListing[]): ShopSession {
  const session = sellerSession(sellerName) as SellerSession & { offers: ShopSession['offers'] };
  beforeAll(async () => {
    const listed = await listPcs(session.market, session.seller.apiKey, pcs);
    session.offers = Object.fromEntries(listed.map((o) => [o.model, o]));
  });
  return session;
}

export async function chooseKind(page: Page, url: string, kindName = 'Personal computer') {
  await page.goto(`${url}/buy`);
  await page.getByLabel('Kind').selectOption({ label: kindName });
  await page.getByRole('button', { name: 'Search' }).waitFor();
}

/** The names of the offers listed, in order, once the list has the expected length. */
export async function resultNames(page: Page, count?: number): Promise<string[]> {
  const names = page.locator('.result-list h3');
  if (count !== undefined) await expect.poll(() => names.count(), { timeout: 15_000 }).toBe(count);
  return names.allTextContents();
}

export async function firstResultName(page: Page, expected: string) {
  await expect
    .poll(() => page.locator('.result-list h3').first().textContent(), { timeout: 15_000 })
    .toBe(expected);
}

/** Presses Tab until the control has focus: the way a keyboard user reaches it. */
export async function tabTo(page: Page, control: Locator, limit = 80) {
  for (let i = 0; i < limit; i++) {
    if (await control.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${control}`);
}

/** The receipt's order ID and secret, once the receipt is shown. */
export async function receiptOf(page: Page): Promise<{ orderId: string; secret: string }> {
  const orderId = page.getByTestId('order-id');
  await orderId.waitFor({ timeout: 15_000 });
  return {
    orderId: (await orderId.textContent()) ?? '',
    secret: (await page.getByTestId('order-secret').textContent()) ?? '',
  };
}

export async function sellerOrders(m: TestMarket, sellerKey: string): Promise<any[]> {
  return (await m.call('GET', '/seller/orders', { token: sellerKey })).body.items;
}

/** Keeps an order in this browser through My orders' own form, as a purchaser on another device would. */
export async function addKeptOrder(page: Page, url: string, order: { orderId: string; secret: string }) {
  await page.goto(`${url}/buy/orders`);
  await page.getByText('Add an order bought elsewhere').click();
  await page.getByLabel('Order ID').fill(order.orderId);
  await page.getByLabel('Order secret').fill(order.secret);
  await page.getByRole('button', { name: 'Add order' }).click();
  await page.getByText(`Order ${order.orderId} added to this list`).waitFor();
}

/** A demo pickup point (src/delivery/demo/seed-demo.ts), and what to search to find it. */
export interface PickupPointToFind {
  search: string;
  code: string;
}

export const SHINJUKU: PickupPointToFind = { search: 'Shinjuku', code: '7E-SHINJUKU-03' };

/** The pickup point's option in the picker's results. */
export const pickupOption = (page: Page, code: string) =>
  page.getByRole('radio', { name: new RegExp(`\\b${code}$`) });

/** Searches the picker as a purchaser types and chooses the pickup point among the results. */
export async function choosePickupPoint(page: Page, pickupPoint: PickupPointToFind) {
  await page.getByLabel('Search pickup points').fill(pickupPoint.search);
  await pickupOption(page, pickupPoint.code).check();
  await page.locator('.pickup-chosen').filter({ hasText: pickupPoint.code }).waitFor();
}

/** Fills the payment form (B8) with a prepaid card as printed, its PIN and a pickup point; does not submit. */
export async function fillPayment(
  page: Page,
  card: { number: string; pin: string },
  pickupPoint: PickupPointToFind = SHINJUKU,
) {
  await page.getByRole('radio', { name: 'Prepaid card' }).check();
  await page.getByLabel('Prepaid card number').fill(formatCardNumber(card.number));
  await page.getByLabel('PIN', { exact: true }).fill(card.pin);
  await choosePickupPoint(page, pickupPoint);
}

/** What is left on a prepaid card, read from settlement's ledger. */
export async function cardBalance(m: TestSystem, instrumentId: string): Promise<bigint> {
  const { db } = m.settlement.settlement.ctx;
  const [card] = await db.select().from(instruments).where(eq(instruments.id, instrumentId));
  const account = card && (await getAccount(db, card.accountId));
  if (!account) throw new Error(`no account for card ${instrumentId}`);
  return spendable(account);
}
