import { expect, it } from 'vitest';
import { registerTestSeller } from '../../market/testing/market-harness.ts';
import {
  describeInBrowser,
  expectAccessible,
  PHONE,
  screenshot,
  terminalSession,
} from '../testing/browser.ts';
import { errorOf, hasFocus } from './testing/sell-browser.ts';

describeInBrowser('salesperson sign-in', () => {
  const session = terminalSession();

  it('refuses a wrong key next to the field, then signs in with the right one and out again', async () => {
    const seller = await registerTestSeller(session.market, 'Kanda Computers');
    const page = await session.newPage();
    await page.goto(`${session.market.url}/sell`);
    await page.getByRole('heading', { name: 'Sign in to sell' }).waitFor();
    await expectAccessible(page, 'the salesperson sign-in page');
    await screenshot(page, 'salesperson-sign-in');

    await page.getByLabel('Seller API key').fill(`${seller.apiKey.slice(0, -4)}XXXX`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await errorOf(page, 'Seller API key')).toContain('This key was not accepted');
    expect(await hasFocus(page, 'Seller API key')).toBe(true);
    await expectAccessible(page, 'the sign-in page with a refused key');

    await page.getByLabel('Seller API key').fill(seller.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as Kanda Computers').waitFor();
    await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
    // The key stays in this tab's session only, never in a URL.
    expect(page.url()).not.toContain(seller.apiKey);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Seller API key').waitFor();
    expect(await page.evaluate(() => Object.keys(sessionStorage).length)).toBe(0);
  });

  it('registers a new seller, shows its key once with a copy button, and signs in with it', async () => {
    const page = await session.newPage(PHONE);
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.market.url });
    await page.goto(`${session.market.url}/sell`);
    await page.getByRole('button', { name: 'Register as a new seller' }).click();
    expect(await errorOf(page, 'Seller name')).toBe('Enter a name for your shop');

    await page.getByLabel('Seller name').fill('Akihabara Parts');
    await page.getByRole('button', { name: 'Register as a new seller' }).click();
    await page.getByRole('heading', { name: 'Your seller API key' }).waitFor();
    const key = (await page.locator('.new-key').textContent()) ?? '';
    expect(key).toMatch(/^tk_sk_/);
    await page.getByRole('button', { name: 'Copy key' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await expectAccessible(page, 'the new seller key');
    await screenshot(page, 'salesperson-new-key-phone');

    await page.getByRole('button', { name: 'I have saved it: continue' }).click();
    await page.getByText('Signed in as Akihabara Parts').waitFor();
    const me = await session.market.call('GET', '/seller', { token: key });
    expect(me.body.name).toBe('Akihabara Parts');
  });
});
