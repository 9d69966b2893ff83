import { expect, it } from 'vitest';
import { clerkSignIn, issueClerkKey } from '../../clerk/testing/clerk-browser.ts';
import {
  DESKTOP,
  describeInBrowser,
  expectAccessible,
  screenshot,
  terminalSession,
} from '../../testing/browser.ts';
import { errorOf } from '../testing/operator-browser.ts';

const KYOTO = {
  code: 'MS-KYOTO-01',
  name: 'ミニストップ 京都四条店',
  kana: 'みにすとっぷ きょうとしじょうてん',
  romaji: 'Ministop Kyoto Shijo',
  address: '京都府京都市下京区四条通烏丸東入長刀鉾町20',
  addressRomaji: '20 Naginatahokocho, Shimogyo-ku, Kyoto',
};

describeInBrowser(
  'pickup points in Japanese: registered by delivery’s operator, shown in each reader’s language',
  () => {
    const session = terminalSession();

    it('registers a store as on its sign, with its reading and romaji; refuses what is not romaji; finds it by its reading', async () => {
      const delivery = session.market.delivery;
      const page = await session.newPage(DESKTOP, 'en-US');
      await page.goto(`${delivery.url}/points`);
      await page.getByLabel('Delivery operator key').fill(delivery.operatorKey);
      await page.getByRole('button', { name: 'Sign in' }).click();

      // Searched as purchasers search: half-width kana finds the Lawsons registered in Japanese.
      await page.getByLabel('Search').fill('ﾛｰｿﾝ');
      const rows = page.locator('tbody tr');
      await page.getByRole('status').filter({ hasText: '3 pickup points' }).waitFor();
      expect(await rows.locator('th').allInnerTexts()).toEqual([
        'LS-DOGENZAKA-21',
        'LS-NAMBA-06',
        'LS-OSAKI-14',
      ]);
      // In English, the romaji first and the sign's name beside it.
      expect(await rows.first().locator('td').first().innerText()).toBe(
        'Lawson Shibuya Dogenzaka ローソン 渋谷道玄坂店',
      );

      await page.getByRole('region').getByRole('link', { name: 'Add a pickup point' }).click();
      await page.getByLabel('Code').fill(KYOTO.code);
      await page.getByLabel('Name', { exact: true }).fill(KYOTO.name);
      await page.getByLabel('Reading (kana)').fill(KYOTO.kana);
      await page.getByLabel('Name in Latin letters (romaji)').fill('京都四条');
      await page.getByLabel('Address', { exact: true }).fill(KYOTO.address);
      await page.getByLabel('Address in Latin letters').fill(KYOTO.addressRomaji);
      await page.getByLabel('Latitude').fill('35.0037');
      await page.getByLabel('Longitude').fill('135.7595');
      await page.getByLabel('Opening hours').fill('24 hours');
      await page.getByLabel('Parcels it can hold').fill('30');
      await page.getByLabel('Days a parcel waits').fill('7');
      await page.getByRole('button', { name: 'Register' }).click();

      const romaji = page.getByLabel('Name in Latin letters (romaji)');
      await page.getByText('Use Latin letters only (macrons such as ō are fine).').waitFor();
      await expect.poll(() => romaji.evaluate((e) => e === document.activeElement)).toBe(true);
      await expectAccessible(page, 'the pickup-point form with a refusal');
      await romaji.fill(KYOTO.romaji);
      await page.getByRole('button', { name: 'Register' }).click();
      await page.getByText('Registered. Purchasers can choose it now.').waitFor();
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(`Pickup point ${KYOTO.code}`);
      await screenshot(page, 'operator-pickup-point');

      const found = await delivery.call('GET', `/pickup-points?q=${encodeURIComponent('シジョウ')}`);
      expect(found.body.pickupPoints).toMatchObject([
        { code: KYOTO.code, name: KYOTO.name, nameKana: KYOTO.kana, nameRomaji: KYOTO.romaji },
      ]);

      // Closed from its page: it stays listed for the operator, and purchasers no longer find it.
      await page.getByLabel('Takes new parcels').uncheck();
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Saved.').waitFor();
      expect((await delivery.call('GET', '/pickup-points?q=ministop')).body.pickupPoints).toEqual([]);
      await page.getByRole('link', { name: 'All pickup points' }).click();
      await page.getByLabel('Search').fill('ministop');
      await page.locator('tbody tr').filter({ hasText: 'Closed' }).waitFor();
    });

    it('says delivery’s refusals of a save in the form’s own Japanese words', async () => {
      const delivery = session.market.delivery;
      const page = await session.newPage(DESKTOP, 'ja-JP');
      await page.goto(`${delivery.url}/points`);
      await page.getByLabel('配送サービスの運営者キー').fill(delivery.operatorKey);
      await page.getByRole('button', { name: 'サインイン' }).click();
      await page.getByRole('region').getByRole('link', { name: '受け取り場所を追加' }).click();
      await page.getByLabel('コード').fill('MS-KYOTO-02');
      await page.getByLabel('名称', { exact: true }).fill(KYOTO.name);
      await page.getByLabel('住所', { exact: true }).fill(KYOTO.address);
      await page.getByLabel('緯度').fill('35.0037');
      await page.getByLabel('経度').fill('135.7595');
      await page.getByLabel('営業時間').fill('24時間');
      await page.getByLabel('保管できる荷物の数').fill('2.5');
      await page.getByLabel('保管日数').fill('90');
      await page.getByRole('button', { name: '登録する' }).click();
      await page.getByText('整数を入力してください。').waitFor();
      expect(await errorOf(page, page.getByLabel('保管できる荷物の数'))).toBe('整数を入力してください。');
      expect(await errorOf(page, page.getByLabel('保管日数'))).toBe('60 以下にしてください。');
      expect(await page.locator('main').innerText()).not.toMatch(/Invalid input|Too big|expected/);
      await expectAccessible(page, 'the pickup-point form with refusals in Japanese');
    });

    it('names the counter’s store in Japanese for a Japanese reader and in romaji for an English one', async () => {
      const delivery = session.market.delivery;
      const key = await issueClerkKey(delivery, 'LS-DOGENZAKA-21');
      const english = await session.newPage(DESKTOP, 'en-US');
      await clerkSignIn(english, delivery.url, key, 'Lawson Shibuya Dogenzaka');
      expect(await english.locator('.clerk-point [lang="ja"]').innerText()).toBe('ローソン 渋谷道玄坂店');

      const japanese = await session.newPage(DESKTOP, 'ja-JP');
      await japanese.goto(`${delivery.url}/clerk`);
      await japanese.getByLabel('店員キー').fill(key);
      await japanese.getByRole('button', { name: 'サインイン' }).click();
      const header = japanese.locator('.clerk-point');
      await header.filter({ hasText: 'ローソン 渋谷道玄坂店' }).waitFor();
      expect(await header.innerText()).not.toContain('Lawson');
    });
  },
);
