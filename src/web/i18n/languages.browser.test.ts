import { expect, it } from 'vitest';
import {
  describeInBrowser,
  expectAccessible,
  PHONE,
  screenshot,
  terminalSession,
} from '../testing/browser.ts';

/**
 * The terminals speak the browser's language when it is Japanese or English, Japanese first
 * otherwise; the switch in the header changes it, and the choice is kept on the device.
 */
describeInBrowser('the terminals in Japanese and English', () => {
  const session = terminalSession();

  it('open in Japanese for a Japanese browser, switch to English, and remember it', async () => {
    const page = await session.newPage(PHONE, 'ja-JP');
    await page.goto(`${session.market.url}/`);
    await page.getByRole('link', { name: '購入', exact: true }).first().waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
    expect(await page.getByRole('button', { name: '日本語' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByText('買うことが、知られることにならないマーケットプレイス。').waitFor();
    await expectAccessible(page, 'the start page in Japanese');
    await screenshot(page, 'start-ja-phone');

    await page.goto(`${session.market.url}/buy`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(
      /[\u3040-\u30ff\u4e00-\u9fff]/,
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, 'the purchaser’s search in Japanese');
    await screenshot(page, 'buy-ja-phone');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Buy', exact: true }).first().waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.reload();
    await page.getByRole('link', { name: 'Buy', exact: true }).first().waitFor();
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
    await page.context().close();
  });

  it('open in Japanese for a browser in neither language', async () => {
    const page = await session.newPage(PHONE, 'fr-FR');
    await page.goto(`${session.market.url}/operate`);
    await page.getByRole('link', { name: '運営', exact: true }).first().waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
    await expectAccessible(page, 'the operator’s sign-in in Japanese');
    await screenshot(page, 'operate-ja-phone');
    await page.context().close();
  });

  it('ask the services to answer in the language shown, so their problems come in it too', async () => {
    // A browser in neither language: only the terminal's own choice can name Japanese.
    const page = await session.newPage(PHONE, 'fr-FR');
    const asked = (language: string) =>
      page.waitForRequest(
        (r) => r.url().endsWith('/terminal-config') && r.headers()['accept-language'] === language,
      );
    const inJapanese = asked('ja');
    await page.goto(`${session.market.url}/buy`);
    await inJapanese;
    await page.getByRole('button', { name: 'English' }).click();
    const inEnglish = asked('en');
    await page.goto(`${session.market.url}/buy`);
    await inEnglish;
    await page.context().close();
  });
});
