import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { shipments } from '../delivery/db/schema.ts';
import { registerTestSeller } from '../market/testing/market-harness.ts';
import { PICKUP_CODE_PATTERN } from '../protocol/pickup-code.ts';
import { formatCardNumber } from '../settlement/instruments/card-number.ts';
import { issueClerkKey, outcomeWith } from './clerk/testing/clerk-browser.ts';
import { listPcs, ORDER_ID, pickupOption, receiptOf } from './purchaser/testing/buy-browser.ts';
import {
  describeInBrowser,
  expectAccessible,
  PHONE,
  screenshot,
  terminalSession,
} from './testing/browser.ts';

/** A demo store registered in Japanese, with its reading in katakana (src/delivery/demo/seed-demo.ts). */
const DOGENZAKA = { code: 'LS-DOGENZAKA-21', name: 'ローソン 渋谷道玄坂店' };

const yen = (amount: number) =>
  new Intl.NumberFormat('ja', { style: 'currency', currency: 'JPY' }).format(amount);

describeInBrowser('the journey in Japanese, on phones whose browsers speak Japanese', () => {
  const session = terminalSession();

  it('a purchaser finds a PC by its Japanese conditions, buys and pays at a store found by its reading, and gets a pickup code; the clerk hands the parcel over in Japanese', async () => {
    const { market } = session;
    const seller = await registerTestSeller(market, 'アキバ パソコン');
    // The decoy is black: it fails the colour condition alone.
    await listPcs(market, seller.apiKey, [
      {
        model: 'JA-SILVER',
        name: '軽量ノートパソコン 14型',
        price: 148_000,
        attributes: { cpu_mhz: 3600, colour: 'silver' },
      },
      {
        model: 'JA-BLACK',
        name: '黒いノートパソコン',
        price: 98_000,
        attributes: { cpu_mhz: 3600, colour: 'black' },
      },
    ]);

    // The purchaser: the terminal opens in Japanese, the kind and its conditions in Japanese too.
    const buy = await session.newPage(PHONE, 'ja-JP');
    await buy.goto(`${market.url}/buy`);
    await buy.getByLabel('種類').selectOption({ label: 'パソコン' });
    expect(await buy.evaluate(() => document.documentElement.lang)).toBe('ja');
    await buy
      .getByRole('group', { name: /CPU クロック/ })
      .getByLabel('下限')
      .fill('3500');
    await buy.getByRole('group', { name: 'カラー' }).getByLabel('シルバー').check();
    await buy.getByRole('button', { name: '検索する' }).click();
    const select = buy.getByRole('button', { name: /^軽量ノートパソコン 14型を\s*選択$/ });
    await select.waitFor();
    expect(await buy.getByRole('button', { name: /黒いノートパソコン/ }).count()).toBe(0);
    await expectAccessible(buy, 'the results in Japanese');
    await screenshot(buy, 'journey-ja-results-phone');
    await select.click();
    await buy.getByRole('button', { name: '購入を確定する' }).click();
    const { orderId } = await receiptOf(buy);
    // The order ID stays in the Latin characters a clerk types.
    expect(orderId).toMatch(ORDER_ID);
    await buy.getByRole('heading', { name: '注文の控え', level: 1 }).waitFor();
    await expectAccessible(buy, 'the receipt in Japanese');
    await screenshot(buy, 'journey-ja-receipt-phone');

    // Paying: a prepaid card, and the store found by typing its reading in hiragana.
    const card = await market.settlement.prepaid(200_000);
    await buy.getByRole('link', { name: '今すぐ支払う' }).click();
    await buy.getByRole('heading', { name: '注文のお支払い', level: 1 }).waitFor();
    await buy.getByRole('radio', { name: 'プリペイドカード' }).check();
    await buy.getByLabel('プリペイドカード番号').fill(formatCardNumber(card.number));
    await buy.getByLabel('暗証番号', { exact: true }).fill(card.pin);
    await buy.getByLabel('受け取り店舗を検索').fill('どうげんざか');
    await pickupOption(buy, DOGENZAKA.code).check();
    await buy.locator('.pickup-chosen').filter({ hasText: DOGENZAKA.name }).waitFor();
    expect(await buy.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(buy, 'the payment form in Japanese');
    await screenshot(buy, 'journey-ja-payment-phone');
    await buy.getByRole('button', { name: `${yen(148_000)}を支払う` }).click();
    await buy.getByRole('heading', { name: '支払い完了', level: 1 }).waitFor();
    const code = (await buy.getByTestId('pickup-code').textContent()) ?? '';
    expect(code).toMatch(PICKUP_CODE_PATTERN);
    await buy.getByText('受け取りサービスに登録済みです', { exact: false }).waitFor();
    expect(await buy.locator('.pickup-code-panel').innerText()).toContain(DOGENZAKA.name);
    await expectAccessible(buy, 'the pickup code in Japanese');
    await screenshot(buy, 'journey-ja-pickup-code-phone');

    // The seller books the parcel; the store's clerks take it in from the seller and the carrier.
    const booked = await market.call('PUT', `/seller/orders/${orderId}/shipment`, {
      token: seller.apiKey,
      body: { parcelSize: 'small' },
    });
    expect(booked.status).toBe(201);
    const key = await issueClerkKey(market.delivery, DOGENZAKA.code);
    for (const step of ['drop-off', 'dispatch', 'arrival']) {
      const moved = await market.delivery.call('POST', `/clerk/${step}`, { token: key, body: { orderId } });
      expect(moved.status, `${step}: ${JSON.stringify(moved.body)}`).toBe(200);
    }

    // The counter's phone, in Japanese: the order ID and the code typed as the receipt shows them.
    const counter = await session.newPage(PHONE, 'ja-JP');
    await counter.goto(`${market.delivery.url}/clerk`);
    await counter.getByLabel('店員キー').fill(key);
    await counter.getByRole('button', { name: 'サインイン' }).click();
    await counter.locator('.clerk-point').filter({ hasText: DOGENZAKA.name }).waitFor();
    const orderField = counter.getByLabel('注文番号またはQRコード');
    await orderField.fill(orderId);
    await orderField.press('Enter');
    const codeField = counter.getByLabel('受け取りコード');
    await codeField.fill(code);
    await codeField.press('Enter');
    expect(await outcomeWith(counter, 'お客様にお渡しください')).toContain(orderId);
    await expectAccessible(counter, 'the hand-over in Japanese');
    await screenshot(counter, 'journey-ja-hand-over-phone');

    const [shipment] = await market.delivery.delivery.ctx.db
      .select({ state: shipments.state })
      .from(shipments)
      .where(eq(shipments.orderId, orderId));
    expect(shipment?.state).toBe('picked_up');
  });
});
