import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import {
  describeInBrowser,
  expectAccessible,
  PHONE,
  screenshot,
  terminalSession,
} from '../testing/browser.ts';
import { errorOf, signInAsOperator } from './testing/operator-browser.ts';

describeInBrowser('the operator terminal: signing in, kinds and their attributes', () => {
  const session = terminalSession();
  let page: Page;
  beforeAll(async () => {
    page = await session.newPage();
  });

  const heading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
  const row = (n: number) => page.getByRole('group', { name: new RegExp(`^Attribute ${n}\\b`) });
  const apiKind = async (id: string) => (await session.market.call('GET', `/kinds/${id}`)).body;

  it('refuses a wrong key next to the field, then signs in with the right one', async () => {
    await page.goto(`${session.market.url}/operate/kinds`);
    await heading('Operate');
    await page.getByText('tokumei operator-key create').waitFor();
    await expectAccessible(page, 'operator sign-in');
    await screenshot(page, 'operator-sign-in');

    const key = page.getByLabel('Operator key');
    await key.fill('tk_op_not-a-real-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => errorOf(page, key)).toContain('This key was not accepted');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(await key.getAttribute('id'));
    await expectAccessible(page, 'operator sign-in with a refused key');

    await key.fill(session.market.operatorKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The page asked for before signing in is the one shown after.
    await heading('Kinds');
    expect(await page.evaluate(() => sessionStorage.getItem('tokumei.operator-key'))).toBe(
      session.market.operatorKey,
    );
    for (const demo of ['Personal computer', 'Business suit', 'Smartphone']) {
      await page.getByRole('link', { name: demo }).waitFor();
    }
    await expectAccessible(page, 'operator kinds');
    await screenshot(page, 'operator-kinds');
  });

  it('creates a kind through the attribute editor, with an error shown on the row it concerns', async () => {
    await page.getByRole('link', { name: 'New kind' }).click();
    await heading('New kind');
    await page.getByLabel('Name (Japanese)').fill('自転車');
    await page.getByLabel('Name (English)').fill('Bicycle');
    expect(await page.getByLabel('ID', { exact: true }).inputValue()).toBe('bicycle');
    await page.getByLabel('Description (Japanese)').fill('ロードバイク・クロスバイク・マウンテンバイク');
    await page.getByLabel('Description (English)').fill('Road, city and mountain bicycles');

    await row(1).getByLabel('Label (Japanese)').fill('フレームサイズ');
    await row(1).getByLabel('Label (English)').fill('Frame size');
    expect(await row(1).getByLabel('Name').inputValue()).toBe('frame_size');
    await row(1).getByLabel('Unit (English)').fill('cm');
    await row(1).getByLabel('Minimum').fill('40');
    await row(1).getByLabel('Maximum').fill('65');
    await row(1).getByLabel('Whole numbers only').check();
    await row(1).getByLabel('Required').check();

    await page.getByRole('button', { name: 'Add attribute' }).click();
    // The new row takes focus, ready to be filled in.
    await page.waitForFunction(() =>
      document.activeElement?.closest('fieldset')?.textContent?.includes('Attribute 2'),
    );
    await row(2).getByLabel('Label (English)').fill('Colour');
    await row(2).getByLabel('Name').fill('Colour');
    await row(2).getByLabel('Type').selectOption({ label: 'One of a list (enum)' });
    await row(2).getByLabel('Values').fill('black, red, blue');
    // Each value listed gets its label fields; one left empty shows as it is.
    await row(2).getByLabel('Label for black (Japanese)').fill('ブラック');
    await row(2).getByLabel('Label for black (English)').fill('Black');
    await row(2).getByLabel('Label for red (Japanese)').fill('レッド');

    // A third row, removed again: focus goes back to the button that adds rows.
    await page.getByRole('button', { name: 'Add attribute' }).click();
    await row(3).getByRole('button', { name: 'Remove attribute 3' }).click();
    expect(await row(3).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Add attribute');

    await page.getByRole('button', { name: 'Create kind' }).click();
    const name2 = row(2).getByLabel('Name');
    await expect.poll(() => errorOf(page, name2)).toMatch(/lower-case letters/i);
    expect(await row(1).locator('.field-error').count()).toBe(0);
    await page.getByText('The kind was not created').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(await name2.getAttribute('id'));
    expect((await session.market.call('GET', '/kinds/bicycle')).status).toBe(404);
    await expectAccessible(page, 'new kind with an attribute in error');
    await screenshot(page, 'operator-kind-new');

    await name2.fill('colour');
    await page.getByRole('button', { name: 'Create kind' }).click();
    await heading('Bicycle');
    await page.getByText('The kind is created').waitFor();
    await page.getByRole('cell', { name: 'Whole numbers, 40–65 cm' }).waitFor();
    const bicycle = await apiKind('bicycle');
    expect(bicycle.names).toEqual({ ja: '自転車', en: 'Bicycle' });
    expect(bicycle.descriptions).toEqual({
      ja: 'ロードバイク・クロスバイク・マウンテンバイク',
      en: 'Road, city and mountain bicycles',
    });
    expect(await page.locator('.page-header .intro').innerText()).toBe('Road, city and mountain bicycles');
    expect(bicycle.attributes).toMatchObject([
      {
        name: 'frame_size',
        label: 'Frame size',
        labels: { ja: 'フレームサイズ', en: 'Frame size' },
        type: 'number',
        unit: 'cm',
        units: { en: 'cm' },
        min: 40,
        max: 65,
        integer: true,
        required: true,
      },
      {
        name: 'colour',
        label: 'Colour',
        type: 'enum',
        values: ['black', 'red', 'blue'],
        valueLabels: { black: { ja: 'ブラック', en: 'Black' }, red: { ja: 'レッド' } },
        required: false,
      },
    ]);
    await expectAccessible(page, 'a kind');
    await screenshot(page, 'operator-kind');

    await page.getByRole('link', { name: 'All kinds' }).click();
    await page.getByRole('link', { name: 'Bicycle' }).waitFor();
  });

  it('extends the kind with a new optional attribute and a new enum value', async () => {
    await page.getByRole('link', { name: 'Bicycle' }).click();
    await page.getByRole('link', { name: 'Extend this kind' }).click();
    await heading('Extend Bicycle');
    await page.getByText('Kinds are extend-only').waitFor();
    // The description is a text by language, changed with the labels.
    expect(await page.getByLabel(/^Description/).count()).toBe(0);

    await page.getByLabel('New values for Colour').fill('green');
    await page.getByRole('button', { name: 'Add attribute' }).click();
    await row(1).getByLabel('Label (English)').fill('Electric');
    await row(1).getByLabel('Type').selectOption({ label: 'Yes or no' });
    // Added attributes cannot be required: the editor does not offer it.
    expect(await row(1).getByLabel('Required').count()).toBe(0);
    await expectAccessible(page, 'extend a kind');
    await screenshot(page, 'operator-kind-extend');

    await page.getByRole('button', { name: 'Save changes' }).click();
    await heading('Bicycle');
    await page.getByText('The kind is extended').waitFor();
    await page.getByRole('rowheader', { name: 'Electric' }).waitFor();
    const kind = await apiKind('bicycle');
    expect(kind.attributes.map((a: { name: string }) => a.name)).toEqual([
      'frame_size',
      'colour',
      'electric',
    ]);
    expect(kind.attributes[1].values).toEqual(['black', 'red', 'blue', 'green']);
    expect(kind.attributes[2]).toMatchObject({ type: 'boolean', required: false });
  });

  it('edits the labels in both languages, removing one emptied', async () => {
    await page.getByRole('link', { name: 'Edit labels' }).click();
    await heading('Labels of Bicycle');
    const colour = page.getByRole('group', { name: /^Colour colour$/ });
    expect(await page.getByLabel('Name (Japanese)').inputValue()).toBe('自転車');
    await page.getByLabel('Name (English)').fill('Bike');
    expect(await page.getByLabel('Description (Japanese)').inputValue()).toBe(
      'ロードバイク・クロスバイク・マウンテンバイク',
    );
    await page.getByLabel('Description (English)').fill('');
    await colour.getByLabel('Label (Japanese)').fill('カラー');
    await colour.getByLabel('Label for red (English)').fill('Red');
    await colour.getByLabel('Label for black (Japanese)').fill('');
    // A label in neither language is refused here, next to the field.
    const frame = page.getByRole('group', { name: /^Frame size frame_size$/ });
    await frame.getByLabel('Label (Japanese)').fill('');
    await frame.getByLabel('Label (English)').fill('');
    await page.getByRole('button', { name: 'Save labels' }).click();
    const frameJa = frame.getByLabel('Label (Japanese)');
    await expect.poll(() => errorOf(page, frameJa)).toContain('Enter it in Japanese, English or both.');
    await expectAccessible(page, 'kind labels with a label in neither language');
    await screenshot(page, 'operator-kind-labels');

    await frame.getByLabel('Label (English)').fill('Frame size');
    await page.getByRole('button', { name: 'Save labels' }).click();
    await heading('Bike');
    await page.getByText('The labels are saved').waitFor();
    const kind = await apiKind('bicycle');
    expect(kind.names).toEqual({ ja: '自転車', en: 'Bike' });
    // Emptied, the English description is gone; the Japanese one shows, marked Japanese.
    expect(kind.descriptions).toEqual({ ja: 'ロードバイク・クロスバイク・マウンテンバイク' });
    expect(await page.locator('.page-header .intro [lang="ja"]').innerText()).toBe(
      'ロードバイク・クロスバイク・マウンテンバイク',
    );
    expect(kind.attributes[0].labels).toEqual({ en: 'Frame size' });
    expect(kind.attributes[1].labels).toEqual({ ja: 'カラー', en: 'Colour' });
    expect(kind.attributes[1].valueLabels).toEqual({
      black: { en: 'Black' },
      red: { ja: 'レッド', en: 'Red' },
    });
  });

  it('fits a phone, and signing out forgets the key', async () => {
    const phone = await session.newPage(PHONE);
    await signInAsOperator(phone, session.market, '/operate/kinds/new');
    await phone.getByRole('heading', { level: 1, name: 'New kind' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(phone, 'new kind on a phone');
    await screenshot(phone, 'operator-kind-new-phone');

    await phone.getByRole('button', { name: 'Sign out' }).click();
    await phone.getByRole('heading', { level: 1, name: 'Operate' }).waitFor();
    expect(await phone.evaluate(() => sessionStorage.getItem('tokumei.operator-key'))).toBeNull();

    // A key the market stops accepting (revoked on the host) signs the operator out, saying why.
    await phone.evaluate(() => sessionStorage.setItem('tokumei.operator-key', 'tk_op_revoked'));
    await phone.goto(`${session.market.url}/operate`);
    await phone.getByText('The market no longer accepts your operator key').waitFor();
    expect(await phone.evaluate(() => sessionStorage.getItem('tokumei.operator-key'))).toBeNull();
    await phone.context().close();
  });
});
