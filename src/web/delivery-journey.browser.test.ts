import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { runDeliveryDuties } from '../delivery/workers.ts';
import { runSettlementDuties } from '../market/payments/settlement-duties.ts';
import { registerTestSeller } from '../market/testing/market-harness.ts';
import { PICKUP_CODE_PATTERN, pickupQrPayload } from '../protocol/pickup-code.ts';
import {
  clerkSignIn,
  issueClerkKey,
  outcomeWith,
  receive,
  typeHandOver,
} from './clerk/testing/clerk-browser.ts';
import {
  chooseKind,
  fillPayment,
  listPcs,
  ORDER_ID,
  receiptOf,
  SHINJUKU,
} from './purchaser/testing/buy-browser.ts';
import { signIn } from './salesperson/testing/sell-browser.ts';
import {
  DESKTOP,
  describeInBrowser,
  expectAccessible,
  PHONE,
  screenshot,
  terminalSession,
} from './testing/browser.ts';

// The QR code is read back by ZXing (zxing-wasm), which shares nothing with what drew it; its
// wasm comes from node_modules, not the CDN it would otherwise fetch it from.
prepareZXingModule({
  overrides: {
    wasmBinary: new Uint8Array(
      readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm')),
    ).buffer,
  },
});

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ORIGIN = { code: 'FM-SHIBUYA-01', name: 'FamilyMart Shibuya Center-gai' };
const DESTINATION = { code: SHINJUKU.code, name: '7-Eleven Shinjuku Nishiguchi' };

/** Saves what a click downloads and answers its bytes and suggested name. */
async function download(page: Page, button: string): Promise<{ bytes: Buffer; name: string }> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  return { bytes: await readFile(await file.path()), name: file.suggestedFilename() };
}

describeInBrowser('the delivery journey, from search to hand-over (B9)', () => {
  const session = terminalSession();

  it('a purchaser buys and pays and gets a pickup code with its QR; the seller books and prints the label; the clerks take the parcel in, send it and hand it over; the money is released', async () => {
    const { market } = session;
    const deliveryDuties = () => runDeliveryDuties(market.delivery.delivery.ctx);
    const seller = await registerTestSeller(market, 'Parcel Computers');
    await listPcs(market, seller.apiKey, [
      { model: 'PB-14', name: 'Parcel Book 14', price: 98_000, attributes: { cpu_mhz: 4321 } },
    ]);

    // The purchaser, on a phone: search, buy, pay at a pickup point with a demo card.
    const buy = await session.newPage(PHONE);
    const toMarket: string[] = [];
    buy.on('request', (request) => {
      if (request.url().startsWith(market.url)) toMarket.push(`${request.url()} ${request.postData() ?? ''}`);
    });
    await chooseKind(buy, market.url);
    await buy.getByLabel('CPU speed Min').fill('4300');
    await buy.getByRole('button', { name: 'Search' }).click();
    await buy.getByRole('button', { name: 'Select Parcel Book 14' }).click();
    await buy.getByRole('button', { name: 'Confirm purchase' }).click();
    const { orderId } = await receiptOf(buy);
    expect(orderId).toMatch(ORDER_ID);
    const card = await market.settlement.prepaid(150_000);
    await buy.getByRole('link', { name: 'Pay now' }).click();
    await fillPayment(buy, card, SHINJUKU);
    await buy.getByRole('button', { name: 'Pay ¥98,000' }).click();
    await buy.getByRole('heading', { name: 'Order paid', level: 1 }).waitFor();

    // B9: the browser made the pickup code, kept it with the order and registered it at delivery.
    const code = (await buy.getByTestId('pickup-code').textContent()) ?? '';
    expect(code).toMatch(PICKUP_CODE_PATTERN);
    await buy.getByText('Registered with the pickup service').waitFor();
    const kept = await buy.evaluate(() => localStorage.getItem('tokumei.purchaser.orders') ?? '');
    expect(JSON.parse(kept)[0]).toMatchObject({ orderId, pickup: { code, state: 'registered' } });
    // The code went to delivery alone: nothing the page sent the market carries it.
    for (const sent of toMarket) {
      expect(sent).not.toContain(code);
      expect(sent).not.toContain(code.replaceAll('-', ''));
    }
    // Its QR code holds the order ID and the code, says so to a screen reader, and decodes.
    const qr = buy.getByTestId('pickup-qr');
    const payload = pickupQrPayload(orderId, code);
    expect(await qr.getAttribute('data-payload')).toBe(payload);
    expect(await qr.getAttribute('aria-label')).toBe(
      `QR code holding order ID ${orderId} and pickup code ${code}`,
    );
    const decoded = await readBarcodes(new Uint8Array(await qr.screenshot()), { formats: ['QRCode'] });
    expect(decoded.map((b) => b.text)).toEqual([payload]);
    const receiptText = await buy.locator('.pickup-code-panel').innerText();
    expect(receiptText).toContain('The order ID and this code');
    expect(receiptText).toContain('no ID card');
    expect(receiptText).toContain(DESTINATION.name);
    expect(await buy.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(buy, 'the paid receipt with its pickup code');
    await screenshot(buy, 'delivery-pickup-code-phone');
    // On a desktop, what to bring keeps a readable measure beside the QR code (or goes below it).
    await buy.setViewportSize(DESKTOP);
    const bring = await buy.locator('.pickup-bring > div').boundingBox();
    expect(bring?.width).toBeGreaterThanOrEqual(300);
    await buy.setViewportSize(PHONE);

    // The seller books the parcel and downloads its label, each format with the seller's key.
    const sell = await session.newPage(DESKTOP);
    await signIn(sell, market.url, seller.apiKey);
    const payable = sell.locator('.payable');
    await expect
      .poll(() => payable.getByTestId('held-JPY').textContent(), { timeout: 15_000 })
      .toBe('¥98,000');
    await sell.getByRole('link', { name: /Parcel Book 14/ }).click();
    await sell.getByRole('heading', { name: 'Shipment' }).waitFor();
    expect(await sell.getByTestId('next-step').textContent()).toContain('book the shipment below');
    await sell.getByRole('radio', { name: 'Medium' }).check();
    await sell.getByRole('button', { name: 'Book shipment' }).click();
    await sell.getByTestId('parcel-meaning').filter({ hasText: 'Print the label' }).waitFor();
    // Booked: one status says so, and booking is no longer asked for.
    await sell.getByTestId('order-status').filter({ hasText: 'Shipment booked' }).waitFor();
    expect(await sell.getByTestId('next-step').count()).toBe(0);
    expect(await sell.locator('.shipment-panel').innerText()).toContain(DESTINATION.name);
    const a6 = await download(sell, 'Download PDF, A6');
    expect(a6.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(a6.name).toBe(`label-${orderId}-a6.pdf`);
    const inches = await download(sell, 'Download PDF, 4×6 in');
    expect(inches.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(inches.bytes.equals(a6.bytes)).toBe(false);
    const png = await download(sell, 'Download PNG image');
    expect([...png.bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    await sell
      .getByRole('status')
      .filter({ hasText: `Label saved as label-${orderId}.png` })
      .waitFor();
    await expectAccessible(sell, 'the order page with its shipment');
    await screenshot(sell, 'delivery-seller-shipment');
    // Back to the inbox, which is not reloaded from here on: parcel events arrive live.
    await sell.getByRole('link', { name: 'Back to all orders' }).click();
    const listed = sell.getByRole('list', { name: 'Orders, newest first' }).getByRole('listitem').filter({
      hasText: orderId,
    });
    const status = listed.getByTestId('order-status');
    await status.filter({ hasText: 'Shipment booked' }).waitFor();
    expect(await listed.innerText()).not.toContain('deliver to');

    // The seller hands the parcel in at a store near them; the carrier takes it from there.
    const origin = await session.newPage(DESKTOP);
    const originKey = await issueClerkKey(market.delivery, ORIGIN.code);
    await clerkSignIn(origin, market.delivery.url, originKey, ORIGIN.name);
    expect(await receive(origin, 'From a seller', orderId)).toContain(`Taken in, for ${DESTINATION.code}`);
    expect(await receive(origin, 'To the carrier', orderId)).toContain('Handed to the carrier');

    // The purchaser's pickup point, on the counter's phone: the carrier brings it.
    const counter = await session.newPage(PHONE);
    const counterKey = await issueClerkKey(market.delivery, DESTINATION.code);
    await clerkSignIn(counter, market.delivery.url, counterKey, DESTINATION.name);
    expect(await receive(counter, 'From the carrier', orderId)).toContain(
      'Put it on the shelf for collection',
    );
    await counter.getByRole('link', { name: 'Parcels' }).click();
    await counter
      .getByRole('list', { name: 'Waiting for collection' })
      .getByText(orderId, { exact: true })
      .waitFor();
    await expectAccessible(counter, 'the clerk’s parcel lists');
    await screenshot(counter, 'clerk-parcels-phone');

    // Delivery's news reaches the market: the purchaser sees the parcel ready, and until when.
    await deliveryDuties();
    await buy.goto(`${market.url}/buy/receipt/${orderId}`);
    await buy.getByTestId('parcel-state').filter({ hasText: 'Ready to collect' }).waitFor();
    expect(await buy.locator('.tracking').innerText()).toMatch(/Collect by .+\(in 7 days\)/);
    // The receipt's order state and My orders say the same, from the same reading.
    expect(await buy.getByTestId('order-status').textContent()).toBe('Ready to collect');
    await buy.goto(`${market.url}/buy/orders`);
    await buy.getByTestId('order-status').filter({ hasText: 'Ready to collect' }).waitFor();
    expect(await buy.locator('.kept-order').innerText()).toMatch(/collect it by .+\(in 7 days\)/);
    await buy.goto(`${market.url}/buy/receipt/${orderId}`);
    await status.filter({ hasText: 'At the pickup point' }).waitFor({ timeout: 20_000 });

    // Hand-over: the order ID and the purchaser's code, typed at the counter.
    await typeHandOver(counter, orderId, code.toLowerCase().replaceAll('-', ''));
    const given = await outcomeWith(counter, 'Give parcel');
    expect(given).toContain(`Give parcel ${orderId} to the customer`);
    expect(await counter.getByLabel('Pickup code').inputValue()).toBe('');
    await expectAccessible(counter, 'the counter after a hand-over');
    await screenshot(counter, 'clerk-hand-over-phone');

    // Picked up: the money follows the parcel, from escrow to the seller.
    await deliveryDuties();
    await status.filter({ hasText: 'Collected' }).waitFor({ timeout: 20_000 });
    expect(await status.allTextContents()).toEqual(['Collected']);
    await runSettlementDuties(market.market.ctx);
    const balances = await market.call('GET', '/seller/payable', { token: seller.apiKey });
    const [jpy] = balances.body.balances;
    expect(jpy).toMatchObject({ currency: 'JPY', held: 0 });
    expect(jpy.payable).toBeGreaterThan(0);
    expect(jpy.payable).toBeLessThanOrEqual(98_000);
    await expect
      .poll(() => payable.getByTestId('payable-JPY').textContent(), { timeout: 20_000 })
      .toBe(`¥${jpy.payable.toLocaleString('en-US')}`);
    expect(await payable.getByTestId('held-JPY').textContent()).toBe('¥0');
    await screenshot(sell, 'delivery-seller-payable');

    // The purchaser's tracking: collected, each step with its date.
    await buy.reload();
    await buy.getByTestId('parcel-state').filter({ hasText: 'Collected' }).waitFor();
    const steps = await buy.locator('.timeline-step.done').count();
    expect(steps).toBe(5);
    expect(await buy.locator('.timeline time').count()).toBe(5);
    await expectAccessible(buy, 'the receipt with the parcel collected');
    await screenshot(buy, 'delivery-tracking-phone');
    // The code did its work: the receipt no longer offers it, and My orders says collected.
    expect(await buy.getByTestId('pickup-code').count()).toBe(0);
    await buy.getByRole('link', { name: 'My orders' }).first().click();
    await buy.getByTestId('order-status').filter({ hasText: 'Collected' }).waitFor();
    expect(await buy.locator('.kept-order').innerText()).toContain(
      `collected at pickup point ${DESTINATION.code}`,
    );
  });
});
