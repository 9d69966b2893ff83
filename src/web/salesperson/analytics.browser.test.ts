import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { buyFound, listAndFind, registerTestSeller } from '../../market/testing/market-harness.ts';
import { runMarketDuties } from '../../market/workers.ts';
import { errorOf, signInAsOperator } from '../operator/testing/operator-browser.ts';
import { cardBalance } from '../purchaser/testing/buy-browser.ts';
import { describeInBrowser, expectAccessible, PHONE, screenshot } from '../testing/browser.ts';
import { sellerSession, signIn } from './testing/sell-browser.ts';

const DAY_MS = 86_400_000;
/** ε per report while testing: enough that a few dozen units stand well clear of the noise. */
const EPSILON = '4';

describeInBrowser('salesperson analytics: buy a report, see its charts, download its CSV', () => {
  const session = sellerSession('Ueno Analytics');
  const m = () => session.market;
  /** The ISO week the sales were made in, which has ended by the time the seller asks. */
  let week: string;
  let weekFrom: string;
  let weekTo: string;

  beforeAll(async () => {
    const operator = m().operatorKey;
    const settings = (await m().call('GET', '/operator/analytics/settings', { token: operator })).body;
    const put = await m().call('PUT', '/operator/analytics/settings', {
      token: operator,
      body: {
        ...settings,
        analyses: settings.analyses.map((a: { analysis: string; price: number }) => ({
          ...a,
          epsilon: EPSILON,
        })),
        globalBudget: '500',
        sellerBudget: '200',
      },
    });
    expect(put.status).toBe(200);

    // Another shop sells 25 units at ¥120,000; this seller 2 units at ¥60,000.
    const other = await registerTestSeller(m(), 'Akiba Shop');
    const theirs = await listAndFind(m(), other.apiKey, 4_101, { price: 120_000, stock: 50 });
    for (let i = 0; i < 5; i++) expect((await buyFound(m(), theirs, 5)).status).toBe(201);
    const mine = await listAndFind(m(), session.seller.apiKey, 4_102, { price: 60_000, stock: 50 });
    for (let i = 0; i < 2; i++) expect((await buyFound(m(), mine, 1)).status).toBe(201);

    // The week ends; on Monday after it the day's batch moves the sales into the stores.
    const now = m().clock.now();
    const monday =
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) -
      ((now.getUTCDay() + 6) % 7) * DAY_MS;
    week = isoWeek(new Date(monday));
    weekFrom = dayOf(monday);
    weekTo = dayOf(monday + 6 * DAY_MS);
    m().clock.advance(monday + 7 * DAY_MS + 12 * 3_600_000 - now.getTime());
    await runMarketDuties(m().market.ctx);
  });

  /** A page whose clock is the market's, so that "the last ended weeks" are the same to both. */
  async function sellerPage(path: string, viewport?: typeof PHONE): Promise<Page> {
    const page = await session.newPage(viewport);
    await page.clock.setFixedTime(m().clock.now());
    await signIn(page, m().url, session.seller.apiKey, path);
    return page;
  }

  it('quotes sales volume, pays with a card, shows each measure as a chart with its table, and saves the CSV', async () => {
    const card = await m().settlement.prepaid(10_000);
    const page = await sellerPage('/sell');
    await page.getByRole('link', { name: 'Analytics' }).click();
    await page.getByRole('heading', { name: 'Analyses' }).waitFor();
    const item = page
      .getByRole('list', { name: 'Analyses' })
      .getByRole('listitem')
      .filter({ hasText: 'Sales volume' });
    expect(await item.innerText()).toContain(`Price\n¥1,000\nPrivacy budget\nε ${EPSILON}`);
    await page.getByText('No reports yet').waitFor();
    await expectAccessible(page, 'the analytics catalogue');
    await screenshot(page, 'salesperson-analytics');

    await item.getByRole('link', { name: 'Sales volume' }).click();
    // Asked without a kind: the form says so next to the field, and asks the market nothing.
    await page.getByRole('button', { name: 'Get quote' }).click();
    expect(await errorOf(page, page.getByLabel('Kind'))).toBe('Choose the kind of commodity');
    expect(await page.getByLabel('Kind').evaluate((e) => e === document.activeElement)).toBe(true);
    // The range starts as the last 12 ended weeks: the week of the sales is the last of them.
    expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe(weekTo);

    await page.getByLabel('Kind').selectOption({ label: 'Personal computer' });
    await page.getByRole('button', { name: 'Get quote' }).click();
    const quote = page.getByRole('region', { name: 'Quote', exact: true });
    await quote.waitFor();
    expect(await quote.getByTestId('quote-price').innerText()).toBe('¥1,000');
    expect(await quote.innerText()).toContain(`Privacy budget spent\nε ${EPSILON}`);
    expect(await quote.innerText()).toMatch(/Units sold: ± \d+/);
    await quote.getByRole('radio', { name: 'Prepaid card' }).check();
    await expectAccessible(page, 'the quote and its payment');
    await screenshot(page, 'salesperson-analytics-quote');

    // A wrong PIN: declined, nothing charged, the card fields emptied, and a new quote to pay with.
    const pay = async (pin: string) => {
      await quote.getByRole('radio', { name: 'Prepaid card' }).check();
      await quote.getByLabel('Prepaid card number').fill(card.number);
      await quote.getByLabel('PIN', { exact: true }).fill(pin);
      await quote.getByRole('button', { name: 'Pay ¥1,000 and get the report' }).click();
    };
    await pay(card.pin === '0000' ? '1111' : '0000');
    const declined = quote.getByRole('alert').filter({ hasText: 'The payment was declined' });
    await declined.waitFor();
    expect(await declined.innerText()).toContain('The PIN is wrong. Nothing was charged.');
    expect(await quote.getByLabel('Prepaid card number').inputValue()).toBe('');
    expect(await quote.getByRole('button', { name: 'Pay ¥1,000 and get the report' }).isDisabled()).toBe(
      true,
    );
    expect(await cardBalance(m(), card.instrumentId)).toBe(10_000n);
    await declined.getByRole('button', { name: 'Get a new quote' }).click();
    await declined.waitFor({ state: 'detached' });
    await pay(card.pin);

    // The report: bought, paid for once, drawn as the market released it.
    await page.getByText('The report is yours').waitFor();
    const reportId = new URL(page.url()).pathname.split('/').pop() as string;
    expect(await cardBalance(m(), card.instrumentId)).toBe(9_000n);
    const report = (
      await m().call('GET', `/seller/analytics/reports/${reportId}`, { token: session.seller.apiKey })
    ).body;
    expect(report.state).toBe('released');
    const units = report.release.measures[0];
    const section = page.getByRole('region', { name: 'Units sold', exact: true });
    await section.locator('.recharts-surface').waitFor();
    // A line per price band with anything to tell (the largest few, until asked for all), and
    // the seller's own units beside them.
    const shownBands = new Set(units.cells.filter((c: any) => !c.suppressed).map((c: any) => c.key));
    expect(shownBands.has('100000')).toBe(true);
    const bandsDrawn = () => section.locator('.chart-legend li').filter({ hasText: '¥' }).count();
    if (shownBands.size > 6) {
      expect(await bandsDrawn()).toBe(6);
      await section.getByRole('button', { name: `Draw all ${shownBands.size}` }).click();
    }
    expect(await bandsDrawn()).toBe(shownBands.size);
    expect(await section.locator('.recharts-line-curve').count()).toBeGreaterThanOrEqual(shownBands.size + 1);
    const legend = await section.locator('.chart-legend').innerText();
    expect(legend).toContain('¥100,000–¥199,999');
    expect(legend).toContain('Your units, all price bands (exact)');
    expect(legend).toMatch(/± \d+: the true value lies within it/);

    // The table beside the chart says the same: each week's value, or "suppressed", never 0 for it.
    const table = section.getByRole('table');
    const header = await table.locator('thead th').allInnerTexts();
    const column = header.indexOf('¥100,000–¥199,999');
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: week }) });
    const cells = await row.locator('th, td').allInnerTexts();
    const released = units.cells.find((c: any) => c.period === week && c.key === '100000');
    expect(cells[column]).toBe(released.suppressed ? 'suppressed' : released.value.toLocaleString('en-US'));
    expect(cells[header.indexOf('Yours (exact)')]).toBe('2');
    const suppressedShown = units.cells.filter((c: any) => c.suppressed && shownBands.has(c.key)).length;
    expect(await table.locator('.suppressed').count()).toBe(suppressedShown);
    await expectAccessible(page, 'the bought report');
    if (shownBands.size > 6) await section.getByRole('button', { name: 'Draw the 6 largest' }).click();
    await page.mouse.move(0, 0);
    await screenshot(page, 'salesperson-analytics-report');

    // The CSV, fetched with the key and saved: the market's own, one row per cell.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`sales-volume-${reportId}.csv`);
    const saved = await readFile((await download.path()) as string, 'utf8');
    const served = await fetch(`${m().url}/seller/analytics/reports/${reportId}/csv`, {
      headers: { authorization: `Bearer ${session.seller.apiKey}` },
    });
    expect(saved).toBe(await served.text());
    const lines = saved.trim().split('\n');
    expect(lines[0]).toBe('measure,period,key,label,value,suppressed,accuracy95,epsilon');
    // A row per cell of every measure: the units by band and the revenue per period.
    const csvCells = report.release.measures.reduce(
      (n: number, x: { cells: unknown[] }) => n + x.cells.length,
      0,
    );
    expect(lines).toHaveLength(csvCells + 1);
    const line = lines.find((l) => l.startsWith(`units,${week},100000,`));
    expect(line?.split(',')[4]).toBe(released.suppressed ? '' : String(released.value));
    await page.getByText(`Saved as sales-volume-${reportId}.csv.`).waitFor();

    // The report is in the list of those bought, and reads the same on a phone.
    await page.getByRole('link', { name: 'All analyses and your reports' }).click();
    await page
      .getByRole('list', { name: 'Reports you bought, newest first' })
      .getByRole('link', { name: 'Sales volume' })
      .click();
    await section.locator('.recharts-surface').waitFor();
    const phone = await sellerPage(`/sell/analytics/reports/${reportId}`, PHONE);
    await phone
      .getByRole('region', { name: 'Units sold', exact: true })
      .locator('.recharts-surface')
      .waitFor();
    await expectAccessible(phone, 'the bought report on a phone');
    await screenshot(phone, 'salesperson-analytics-report-phone');
  });

  it('shows a Japanese seller the report in Japanese: the analysis, its measures and the kind’s attributes', async () => {
    const quoted = await m().call('POST', '/seller/analytics/quotes', {
      token: session.seller.apiKey,
      body: {
        analysis: 'unmet-demand',
        parameters: {
          kind: 'personal-computer',
          granularity: 'week',
          from: weekFrom,
          to: weekTo,
          attribute: 'ram_gb',
        },
      },
    });
    expect(quoted.status).toBe(201);
    const payer = await m().settlement.prepaid(5_000);
    const bought = await m().call('POST', `/seller/analytics/reports/${quoted.body.reportId}/purchase`, {
      token: session.seller.apiKey,
      headers: { 'idempotency-key': `ja-${quoted.body.reportId}` },
      body: { source: { type: 'card', number: payer.number, pin: payer.pin } },
    });
    expect(bought.status).toBe(200);

    const page = await session.newPage(PHONE, 'ja-JP');
    await page.clock.setFixedTime(m().clock.now());
    await page.goto(`${m().url}/sell/analytics/reports/${quoted.body.reportId}`);
    await page.getByLabel('出品者 API キー').fill(session.seller.apiKey);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByRole('heading', { level: 1, name: '満たされなかった需要' }).waitFor();
    const measures = page.locator('main h2');
    await measures.filter({ hasText: 'メモリの値' }).waitFor();
    expect(await measures.allInnerTexts()).toEqual(
      expect.arrayContaining([
        '何も見つからなかったリクエスト数',
        'どの出品も条件を満たせなかったリクエスト数',
        '何も見つからなかったリクエストで希望されたメモリの値',
      ]),
    );
    const text = await page.locator('main').innerText();
    // What it is about names the kind and the attribute by their Japanese labels.
    expect(text).toContain('パソコン');
    expect(text).not.toMatch(/Unmet demand|Requests|Values asked|Units sold|Personal computer|Memory/);
    await expectAccessible(page, 'the bought report in Japanese on a phone');
    await screenshot(page, 'salesperson-analytics-report-ja-phone');

    // The analyses and the reports bought are named in Japanese too.
    await page.getByRole('link', { name: '分析一覧と購入したレポート' }).click();
    await page.getByRole('heading', { name: '販売数量' }).waitFor();
    await page
      .getByRole('list', { name: '購入したレポート（新しい順）' })
      .getByRole('link', { name: '満たされなかった需要' })
      .first()
      .waitFor();
    expect(await page.locator('main').innerText()).not.toMatch(/Sales volume|Best sellers|Conversion/);
  });

  it('exports the week’s sales as rows, its own sales marked, and says so when the operator turns exports off', async () => {
    const page = await sellerPage('/sell/analytics');
    const panel = page.getByRole('region', { name: 'Export rows' });
    await panel.getByLabel('Kind').selectOption({ label: 'Personal computer' });
    await panel.getByLabel('From').fill(weekFrom);
    await panel.getByLabel('To').fill(weekTo);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Download rows' }).click(),
    ]);
    const name = `sales-personal-computer-${weekFrom}-${weekTo}.csv`;
    expect(download.suggestedFilename()).toBe(name);
    const lines = (await readFile((await download.path()) as string, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('day,kind,commodityId,quantity,unitPrice,currency,seller');
    // Five sales of the other shop, unmarked, and this seller's two, marked as its own.
    expect(lines).toHaveLength(1 + 7);
    const seller = (line: string) => line.split(',')[6];
    expect(lines.slice(1).filter((l) => seller(l) === session.seller.id)).toHaveLength(2);
    expect(lines.slice(1).filter((l) => seller(l) === '')).toHaveLength(5);
    await panel.getByText(`Saved as ${name}.`).waitFor();
    await expectAccessible(page, 'the export panel');

    const operator = m().operatorKey;
    const settings = (await m().call('GET', '/operator/analytics/settings', { token: operator })).body;
    const off = await m().call('PUT', '/operator/analytics/settings', {
      token: operator,
      body: { ...settings, exportsEnabled: false },
    });
    expect(off.status).toBe(200);
    try {
      await panel.getByRole('button', { name: 'Download rows' }).click();
      await panel.getByText('The operator has turned exports off').waitFor();
    } finally {
      await m().call('PUT', '/operator/analytics/settings', { token: operator, body: settings });
    }
  });

  it('lets the operator set prices and ε with checks, and see what was spent and given', async () => {
    // A report bought through the API, so that the log and the budget have something of their own.
    const quoted = await m().call('POST', '/seller/analytics/quotes', {
      token: session.seller.apiKey,
      body: {
        analysis: 'conversion',
        parameters: { kind: 'personal-computer', granularity: 'week', from: weekFrom, to: weekTo },
      },
    });
    expect(quoted.status).toBe(201);
    const payer = await m().settlement.prepaid(5_000);
    const bought = await m().call('POST', `/seller/analytics/reports/${quoted.body.reportId}/purchase`, {
      token: session.seller.apiKey,
      headers: { 'idempotency-key': `operator-${quoted.body.reportId}` },
      body: { source: { type: 'card', number: payer.number, pin: payer.pin } },
    });
    expect(bought.status).toBe(200);

    const page = await session.newPage();
    await page.clock.setFixedTime(m().clock.now());
    await signInAsOperator(page, m(), '/operate/analytics');
    const epsilon = page.getByLabel('ε of Conversion');
    await epsilon.fill('0');
    await page.getByLabel('Price of Conversion').fill('12.5');
    await page.getByRole('button', { name: 'Save settings' }).click();
    expect(await errorOf(page, epsilon)).toBe('ε must be above 0.');
    expect(await errorOf(page, page.getByLabel('Price of Conversion'))).toBe('Enter an amount such as 1000.');
    await page.getByText('The settings were not saved').waitFor();
    await expectAccessible(page, 'the analytics settings with errors');

    await epsilon.fill('2');
    await page.getByLabel('Price of Conversion').fill('900');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved. New quotes use these prices and ε.').waitFor();
    const settings = (await m().call('GET', '/operator/analytics/settings', { token: m().operatorKey })).body;
    expect(settings.analyses.find((a: { analysis: string }) => a.analysis === 'conversion')).toEqual({
      analysis: 'conversion',
      price: 900,
      epsilon: '2',
    });

    // The month of the sales: what the market and this seller spent of it.
    await page.getByLabel('Up to the month').fill(weekFrom.slice(0, 7));
    const month = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: weekFrom.slice(0, 7) }) });
    await month.getByText('Ueno Analytics').waitFor();
    const spent = (
      await m().call('GET', `/operator/analytics/budget?months=${weekFrom.slice(0, 7)}`, {
        token: m().operatorKey,
      })
    ).body.months[0];
    expect(await month.innerText()).toContain(`ε ${spent.marketSpent} of 500`);

    // Every release given, newest first, with the seller's name.
    const log = page.getByRole('table', { name: 'Reports given, newest first' });
    const first = log.getByRole('row').nth(1);
    await first.getByText('Conversion').waitFor();
    expect(await first.innerText()).toContain('Ueno Analytics');
    expect(await log.getByRole('row').count()).toBe(
      1 + (await m().call('GET', '/operator/analytics/audit', { token: m().operatorKey })).body.items.length,
    );
    await expectAccessible(page, 'the operator analytics page');
    await screenshot(page, 'operator-analytics');
  });
});

/** The ISO week of a UTC day: 2026-W48. */
function isoWeek(day: Date): string {
  const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
