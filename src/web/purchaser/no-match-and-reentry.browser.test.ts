import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, expectAccessible, screenshot } from '../testing/browser.ts';
import {
  chooseKind,
  ORDER_ID,
  receiptOf,
  resultNames,
  sellerOrders,
  shopSession,
} from './testing/buy-browser.ts';

describeInBrowser('purchaser: relaxing a condition, re-entering a selection, refusals', () => {
  const session = shopSession('Nakano Computers', [
    { model: 'A-1', name: 'Alpha Silver', price: 80_000, attributes: { cpu_mhz: 3000, colour: 'silver' } },
    { model: 'B-1', name: 'Beta Silver', price: 90_000, attributes: { cpu_mhz: 3200, colour: 'silver' } },
    { model: 'C-1', name: 'Gamma Black', price: 100_000, attributes: { cpu_mhz: 3400, colour: 'black' } },
    {
      model: 'D-1',
      name: 'Delta White',
      price: 70_000,
      stock: 3,
      attributes: { cpu_mhz: 3600, colour: 'white' },
    },
  ]);

  /** The search for silver PCs, from which the tests pick. */
  const searchSilver = async (page: Page) => {
    await page.goto(`${session.market.url}/buy?kind=personal-computer&colour=silver&sort=price-asc`);
    expect(await resultNames(page, 2)).toEqual(['Alpha Silver', 'Beta Silver']);
  };
  const confirmButton = (page: Page) => page.getByRole('button', { name: 'Confirm purchase' });

  it('says nothing matches, how many each relaxation would bring back, and relaxes with one click', async () => {
    const page = await session.newPage();
    await chooseKind(page, session.market.url);
    await page.getByLabel('CPU speed min').fill('3100');
    await page.getByLabel('Red').check();
    await page.getByRole('button', { name: 'Search' }).click();

    await page.getByText('Nothing matches every condition', { exact: true }).waitFor();
    await page
      .getByText('No commodity matches every condition of this purchase request.', { exact: false })
      .waitFor();
    const relax = page.getByRole('button', { name: /^Without Colour: Red/ });
    expect(await relax.textContent()).toBe('Without Colour: Red3 items');
    // Dropping the CPU condition alone still finds no red PC: said, but not offered.
    await page.getByText('Dropping “CPU speed at least 3,100 MHz” alone would still find nothing.').waitFor();
    expect(await page.getByRole('button', { name: /^Without CPU speed/ }).count()).toBe(0);
    await page.getByText('4 offers of this kind on sale in all.').waitFor();
    await expectAccessible(page, 'the no-match answer');
    await screenshot(page, 'purchaser-no-match');

    await relax.click();
    expect(await resultNames(page, 3)).toEqual(['Delta White', 'Beta Silver', 'Gamma Black']);
    // The form follows: the colour is no longer a condition, the CPU speed still is.
    expect(await page.getByLabel('Red').isChecked()).toBe(false);
    expect(await page.getByLabel('CPU speed min').inputValue()).toBe('3100');
    expect(new URL(page.url()).searchParams.has('colour')).toBe(false);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('results-title');
  });

  it('answers an edited confirm link with the retrieved items to choose again (B10), then buys', async () => {
    const page = await session.newPage();
    await searchSilver(page);
    await page.getByRole('button', { name: 'Select Alpha Silver' }).click();
    await confirmButton(page).waitFor();

    // Someone edits the link to an item this search never retrieved.
    const edited = new URL(page.url());
    expect(edited.searchParams.get('commodity')).toBe(session.offers['A-1'].commodityId);
    edited.searchParams.set('commodity', session.offers['C-1'].commodityId);
    await page.goto(edited.toString());
    await page.getByText('An item this browser has not shown').waitFor();
    await confirmButton(page).click();

    await page.getByText('Choose one of the retrieved items', { exact: true }).waitFor();
    const choices = page.getByRole('list').filter({ hasText: 'Choose' }).getByRole('button');
    expect(await choices.allTextContents()).toEqual([
      'Choose Alpha Silver (A-1), ¥80,000',
      'Choose Beta Silver (B-1), ¥90,000',
    ]);
    await expectAccessible(page, 'the re-enter answer');
    await screenshot(page, 'purchaser-reenter');

    await page.getByRole('button', { name: 'Choose Beta Silver (B-1), ¥90,000' }).click();
    // The page starts again at the chosen item.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Beta Silver');
    await confirmButton(page).click();
    const { orderId } = await receiptOf(page);
    expect(orderId).toMatch(ORDER_ID);
    const sold = (await sellerOrders(session.market, session.seller.apiKey)).find(
      (o) => o.orderId === orderId,
    );
    expect(sold).toMatchObject({ model: 'B-1', quantity: 1 });
  });

  it('offers a smaller quantity when stock ran short, and a new search after a price change or expiry', async () => {
    const page = await session.newPage();
    await page.goto(`${session.market.url}/buy?kind=personal-computer&colour=white&sort=price-asc`);
    await page.getByRole('button', { name: 'Select Delta White' }).click();
    await page.getByLabel('Quantity').fill('3');
    // Meanwhile the seller finds only one left.
    await session.market.call('PATCH', `/seller/offers/${session.offers['D-1'].offerId}`, {
      token: session.seller.apiKey,
      body: { stock: 1 },
    });
    await confirmButton(page).click();
    await page.getByText('Only 1 left', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Change quantity to 1' }).click();
    expect(await page.getByLabel('Quantity').inputValue()).toBe('1');
    await confirmButton(page).click();
    await receiptOf(page);

    // The seller raises a price after the search: nothing is bought at either price.
    await searchSilver(page);
    await page.getByRole('button', { name: 'Select Alpha Silver' }).click();
    await session.market.call('PATCH', `/seller/offers/${session.offers['A-1'].offerId}`, {
      token: session.seller.apiKey,
      body: { price: 85_000 },
    });
    await confirmButton(page).click();
    await page.getByText('It was ¥80,000 when you searched and is ¥85,000 now.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Search again' }).click();
    expect(await resultNames(page, 2)).toEqual(['Alpha Silver', 'Beta Silver']);
    await page.getByText('¥85,000').waitFor();

    await page.getByRole('button', { name: 'Select Alpha Silver' }).click();
    await confirmButton(page).waitFor();
    session.market.clock.advance(31 * 60_000);
    await confirmButton(page).click();
    await page.getByText('This search has expired', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Search again' }).click();
    // Back on the results of the same conditions, from a new search.
    expect(await resultNames(page, 2)).toEqual(['Alpha Silver', 'Beta Silver']);
    expect(new URL(page.url()).searchParams.get('colour')).toBe('silver');
  });
});
