import { expect, it } from 'vitest';
import { buyFound, listAndFind, registerTestSeller } from '../../market/testing/market-harness.ts';
import {
  describeInBrowser,
  expectAccessible,
  PHONE,
  screenshot,
  terminalSession,
} from '../testing/browser.ts';
import { signIn } from './testing/sell-browser.ts';

describeInBrowser('salesperson order inbox', () => {
  const session = terminalSession();

  it('shows an order placed through the API live, with the new-order cues, then its details', async () => {
    const seller = await registerTestSeller(session.market, 'Nakano Computers');
    const found = await listAndFind(session.market, seller.apiKey, 4242, { price: 98_000 });
    const page = await session.newPage();
    await signIn(page, session.market.url, seller.apiKey);
    await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
    await page.getByText('No orders yet').waitFor();
    await page.getByRole('button', { name: 'Sound' }).click();
    expect(await page.getByRole('button', { name: 'Sound' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByText('Live: new orders appear as they are placed').waitFor();
    await expectAccessible(page, 'the empty order inbox');

    expect((await buyFound(session.market, found, 2)).status).toBe(201);

    const inbox = page.getByRole('list', { name: 'Orders, newest first' });
    const order = inbox.getByRole('listitem').filter({ hasText: '2 × PC P-4242' });
    await order.waitFor();
    expect(await order.innerText()).toContain('¥196,000');
    await order.getByText('New', { exact: true }).waitFor();
    expect(await order.getAttribute('class')).toContain('is-new');
    await page.getByRole('link', { name: 'Orders (1 new)' }).waitFor();
    await page.waitForFunction(() => document.title.startsWith('(1) Orders'));
    expect(await page.getByRole('status').filter({ hasText: 'New order:' }).innerText()).toBe(
      'New order: 2 × PC P-4242 (P-4242), ¥196,000',
    );
    await expectAccessible(page, 'the order inbox with a new order');
    await screenshot(page, 'salesperson-inbox');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'salesperson-inbox-phone');

    // A dropped stream comes back with Last-Event-ID: what happened meanwhile is replayed, as new.
    await page.context().setOffline(true);
    await page.getByText('Connection lost, reconnecting').waitFor();
    const second = await listAndFind(session.market, seller.apiKey, 4343);
    expect((await buyFound(session.market, second)).status).toBe(201);
    await page.context().setOffline(false);
    const replayed = inbox.getByRole('listitem').filter({ hasText: '1 × PC P-4343' });
    await replayed.getByText('New', { exact: true }).waitFor();
    expect(await inbox.getByRole('listitem').first().innerText()).toContain('1 × PC P-4343');
    await page.getByRole('link', { name: 'Orders (2 new)' }).waitFor();

    await order.getByRole('link', { name: '2 × PC P-4242' }).click();
    await page.getByText('Amount').waitFor();
    expect(await page.locator('.order-details').innerText()).toContain('Awaiting payment');
    // Opening an order marks it seen: one unseen order is left in the count.
    await page.waitForFunction(() => document.title === '(1) Order · Tokumei');
    await page.getByRole('link', { name: 'Orders (1 new)' }).waitFor();
    await expectAccessible(page, 'an order');
    await screenshot(page, 'salesperson-order');

    await page.getByRole('link', { name: 'Back to all orders' }).click();
    await page.getByRole('button', { name: 'Mark all as seen (1)' }).click();
    await page.waitForFunction(() => document.title === 'Orders · Tokumei');
    expect(await inbox.getByText('New', { exact: true }).count()).toBe(0);
  });
});
