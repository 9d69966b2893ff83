import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { pcOffer, registerTestSeller } from '../../market/testing/market-harness.ts';
import { describeInBrowser, expectAccessible, screenshot } from '../testing/browser.ts';
import { errorOf, hasFocus, sellerSession, signIn } from './testing/sell-browser.ts';

describeInBrowser('salesperson catalogue: register, edit, withdraw, import', () => {
  const session = sellerSession('Ueno Electronics');

  const offersOf = async () =>
    (await session.market.call('GET', '/seller/offers', { token: session.seller.apiKey })).body
      .items as any[];
  const onSale = (page: Page, model: string) =>
    page.getByRole('list', { name: 'On sale' }).getByRole('listitem').filter({ hasText: model });

  it('registers a commodity through its kind’s form, then edits and withdraws it', async () => {
    // Another seller registered this model first, with a 2500 MHz CPU: the commodity is shared.
    const other = await registerTestSeller(session.market, 'Other Shop');
    await session.market.call('POST', '/seller/offers', {
      token: other.apiKey,
      body: pcOffer('TK-NOTE 14', { name: 'Tokumei Notebook 14' }, { cpu_mhz: 2500 }),
    });

    const page = await session.newPage();
    await signIn(page, session.market.url, session.seller.apiKey);
    await page.getByRole('link', { name: 'Register commodity' }).first().click();
    await page.getByLabel('Kind').selectOption({ label: 'Personal computer' });
    await page.getByLabel('Model').fill('tk-note-14');
    await page.getByLabel('Name').fill('Tokumei Notebook 14');
    await page.getByLabel('CPU speed').fill('25000');
    await page.getByLabel('Disk').fill('512');
    await page.getByLabel('Memory').fill('16');
    await page.getByLabel('Colour').selectOption('black');
    await page.getByLabel('Price').fill('128000');
    await page.getByLabel('Stock').fill('3');
    await page.getByRole('button', { name: 'Register', exact: true }).click();

    // Checked in the page: the error is next to the field, focus is on it, nothing was sent.
    expect(await errorOf(page, 'CPU speed')).toBe('CPU speed must be at most 10000 MHz');
    expect(await hasFocus(page, 'CPU speed')).toBe(true);
    expect(await offersOf()).toEqual([]);
    await expectAccessible(page, 'the register form with errors');
    await screenshot(page, 'salesperson-register-errors');

    // The market refuses what contradicts the shared commodity, naming the attribute.
    await page.getByLabel('CPU speed').fill('3000');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    expect(await errorOf(page, 'CPU speed')).toBe('CPU speed: the commodity has 2500');
    expect(await hasFocus(page, 'CPU speed')).toBe(true);
    await page.getByText('This model is already registered with other characteristics').waitFor();
    expect(await offersOf()).toEqual([]);

    await page.getByLabel('CPU speed').fill('2500');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    // The answer names the shared commodity as first registered: "tk-note-14" is "TK-NOTE 14".
    await page.getByText('Tokumei Notebook 14 (TK-NOTE 14) is on sale at ¥128,000, 3 in stock.').waitFor();
    const [registered] = await offersOf();
    expect(registered).toMatchObject({ model: 'TK-NOTE 14', price: 128_000, stock: 3, status: 'active' });

    await page.getByRole('link', { name: 'See your offers' }).click();
    const item = onSale(page, 'Tokumei Notebook 14');
    await item.waitFor();
    await expectAccessible(page, 'the offers page');
    await screenshot(page, 'salesperson-offers');

    await item.getByRole('button', { name: 'Edit price and stock of Tokumei Notebook 14' }).click();
    await expectAccessible(page, 'the offer edit form');
    await item.getByLabel('Price').fill('119,800');
    await item.getByRole('button', { name: 'Save' }).click();
    expect(await errorOf(item, 'Price')).toContain('Enter the price as an amount');
    await item.getByLabel('Price').fill('119800');
    await item.getByLabel('Stock').fill('7');
    await item.getByRole('button', { name: 'Save' }).click();
    await item.getByText('Saved: ¥119,800, 7 in stock, as the market confirmed.').waitFor();
    expect(await offersOf()).toMatchObject([{ price: 119_800, stock: 7 }]);

    await item.getByRole('button', { name: 'Withdraw Tokumei Notebook 14' }).click();
    await expectAccessible(page, 'the withdrawal confirmation');
    await item.getByRole('button', { name: 'Withdraw offer' }).click();
    await page.getByText('Tokumei Notebook 14 (TK-NOTE 14) is no longer on sale.').waitFor();
    expect(await onSale(page, 'Tokumei Notebook 14').count()).toBe(0);
    expect(await offersOf()).toMatchObject([{ status: 'withdrawn' }]);
  });

  it('imports a CSV: the progress bar ends full, the bad row is reported by line, the good rows are on sale', async () => {
    const page = await session.newPage();
    await signIn(page, session.market.url, session.seller.apiKey, '/sell/import');
    const csv = [
      'kind,model,name,price,currency,stock,cpu_mhz,disk_gb,ram_gb,colour',
      'personal-computer,IMP-1,Imported One,99000,JPY,2,3200,512,16,silver',
      'personal-computer,IMP-2,Imported Two,109000,JPY,4,99999,512,16,black',
      'personal-computer,IMP-3,Imported Three,89000,JPY,1,2800,256,8,white',
    ].join('\n');
    await page
      .getByLabel('Catalogue file')
      .setInputFiles({ name: 'offers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Import', exact: true }).click();

    await page.getByRole('heading', { name: 'Import report' }).waitFor();
    const bar = page.getByRole('progressbar', { name: 'Rows processed' });
    expect(await bar.evaluate((p: HTMLProgressElement) => [p.value, p.max])).toEqual([3, 3]);
    await page.getByText('2 rows loaded, 1 row not loaded').waitFor();
    const rows = page.getByRole('table').getByRole('row');
    expect(await rows.allInnerTexts()).toEqual([
      'Line\tReason',
      '3\tattribute cpu_mhz must be at most 10000 MHz',
    ]);
    await expectAccessible(page, 'the import report');
    await screenshot(page, 'salesperson-import');

    await page.getByRole('link', { name: 'See your offers' }).click();
    await onSale(page, 'Imported One').waitFor();
    await onSale(page, 'Imported Three').waitFor();
    expect(await onSale(page, 'Imported Two').count()).toBe(0);
  });
});
