import { expect, it } from 'vitest';
import { pcOffer, registerTestSeller } from '../market/testing/market-harness.ts';
import { chooseKind, fillPayment, ORDER_ID, receiptOf, SHINJUKU } from './purchaser/testing/buy-browser.ts';
import { signIn } from './salesperson/testing/sell-browser.ts';
import {
  describeInBrowser,
  expectAccessible,
  PHONE,
  screenshot,
  terminalSession,
} from './testing/browser.ts';

describeInBrowser('the whole journey, across terminals', () => {
  const session = terminalSession();

  it('a seller registers a commodity; a purchaser finds it by three conditions, buys and pays; the seller sees the order, then its payment, live', async () => {
    const seller = await registerTestSeller(session.market, 'Journey Computers');
    // A decoy that fails one of the three conditions (colour), so finding the right one is shown.
    const decoy = await session.market.call('POST', '/seller/offers', {
      token: seller.apiKey,
      body: pcOffer(
        'JC-DECOY',
        { name: 'Decoy Laptop', price: 150_000 },
        { cpu_mhz: 3600, disk_gb: 1000, ram_gb: 32, colour: 'black', ssd: true },
      ),
    });
    expect(decoy.status).toBe(201);

    // The salesperson terminal: sign in, register the commodity through the kind's form.
    const sell = await session.newPage();
    await signIn(sell, session.market.url, seller.apiKey);
    await sell.getByRole('link', { name: 'Register commodity' }).first().click();
    await sell.getByLabel('Kind').selectOption({ label: 'Personal computer' });
    await sell.getByLabel('Model').fill('JC-AIR-16');
    await sell.getByLabel('Name').fill('Journey Air 16');
    await sell.getByLabel('CPU speed').fill('3600');
    await sell.getByLabel('Disk').fill('1000');
    await sell.getByLabel('Memory').fill('32');
    await sell.getByLabel('Colour').selectOption('silver');
    await sell.getByLabel('SSD').selectOption('true');
    await sell.getByLabel('Price').fill('148000');
    await sell.getByLabel('Stock').fill('2');
    await sell.getByRole('button', { name: 'Register', exact: true }).click();
    await sell.getByRole('link', { name: 'See your offers' }).waitFor();

    // The seller watches the order inbox, which is never reloaded from here on.
    await sell
      .getByRole('link', { name: /^Orders/ })
      .first()
      .click();
    const inbox = sell.getByRole('list', { name: 'Orders, newest first' });
    await sell.getByRole('heading', { level: 1 }).waitFor();
    await sell.evaluate(() => {
      (window as unknown as { loadedOnce: boolean }).loadedOnce = true;
    });

    // The purchaser terminal, at phone width, in another browser context: no account, nothing asked.
    const buy = await session.newPage(PHONE);
    await chooseKind(buy, session.market.url);
    await buy.getByLabel('CPU speed Min').fill('3500');
    await buy.getByLabel('Silver').check();
    await buy.getByRole('group', { name: 'SSD' }).getByLabel('Yes').check();
    await buy.getByRole('button', { name: 'Search' }).click();
    const select = buy.getByRole('button', { name: 'Select Journey Air 16' });
    await select.waitFor();
    expect(await buy.getByRole('button', { name: 'Select Decoy Laptop' }).count()).toBe(0);
    await select.click();
    await buy.getByRole('button', { name: 'Confirm purchase' }).click();
    const { orderId } = await receiptOf(buy);
    expect(orderId).toMatch(ORDER_ID);
    await expectAccessible(buy, 'the receipt at the end of the journey');
    await screenshot(buy, 'journey-receipt-phone');

    // The order reaches the seller's open inbox without a reload.
    await inbox.getByRole('listitem').filter({ hasText: orderId }).waitFor({ timeout: 20_000 });
    expect(await sell.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
    expect(await inbox.getByRole('listitem').filter({ hasText: orderId }).textContent()).toContain(
      'Journey Air 16',
    );

    // B8: the purchaser pays on the phone with a prepaid card, and chooses the pickup point from delivery's.
    const card = await session.market.settlement.prepaid(200_000);
    await buy.getByRole('link', { name: 'Pay now' }).click();
    await buy.getByRole('heading', { name: 'Pay for your order', level: 1 }).waitFor();
    await fillPayment(buy, card, SHINJUKU);
    expect(await buy.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await buy.getByRole('button', { name: 'Pay ¥148,000' }).click();
    await buy.getByRole('heading', { name: 'Order paid', level: 1 }).waitFor();
    expect(await buy.getByTestId('paid-order-id').textContent()).toBe(orderId);
    expect(await buy.locator('.receipt-facts').innerText()).toMatch(/Pickup point\s+7E-SHINJUKU-03/);
    await expectAccessible(buy, 'the paid receipt at phone width');

    // The seller's open inbox shows it paid, with where to deliver it, still without a reload.
    const paid = inbox.getByRole('listitem').filter({ hasText: orderId });
    await paid.getByText('Paid — deliver to 7E-SHINJUKU-03').waitFor({ timeout: 20_000 });
    await sell
      .getByRole('status')
      .filter({ hasText: `Order ${orderId} paid — deliver to 7E-SHINJUKU-03` })
      .waitFor();
    await screenshot(sell, 'journey-seller-inbox');
    expect(await sell.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
  });
});
