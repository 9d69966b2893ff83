import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { DEMO_PICKUP_POINTS } from '../../delivery/demo/seed-demo.ts';
import { runSettlementDuties } from '../../market/payments/settlement-duties.ts';
import { buyFound, listAndFind, registerTestSeller } from '../../market/testing/market-harness.ts';
import { runMarketDuties } from '../../market/workers.ts';
import { backupDatabase } from '../../platform/backup/backup.ts';
import { BackupKey } from '../../platform/backup/backup-key.ts';
import {
  describeInBrowser,
  expectAccessible,
  PHONE,
  screenshot,
  terminalSession,
} from '../testing/browser.ts';
import { signInAsOperator } from './testing/operator-browser.ts';

describeInBrowser('the operator terminal: sellers and system status', () => {
  const session = terminalSession();
  let page: Page;
  let tailor: { id: string; apiKey: string };
  beforeAll(async () => {
    const shop = await registerTestSeller(session.market, 'Kimura Electronics');
    tailor = await registerTestSeller(session.market, 'Sato Tailors');
    await listAndFind(session.market, shop.apiKey, 3200);
    page = await session.newPage();
    await signInAsOperator(page, session.market);
  });

  const card = (p: Page, name: string) =>
    p.getByRole('listitem').filter({ has: p.getByRole('heading', { name }) });
  /** The state a service card says in words. */
  const stateOf = (p: Page, service = 'market') => card(p, service).locator('.service-state').textContent();
  /** A count on a service card, as its label and value read. */
  const countOn = (p: Page, label: string, service = 'market') =>
    card(p, service)
      .locator('.counts div')
      .filter({ has: p.getByRole('term').getByText(label, { exact: true }) })
      .getByRole('definition')
      .textContent();
  const sellerStatus = async (id: string) =>
    (
      await session.market.call('GET', '/operator/sellers', { token: session.market.operatorKey })
    ).body.sellers.find((s: { id: string }) => s.id === id).status;

  it('shows the market as ok with its counts, and checks again on demand', async () => {
    await page.getByRole('heading', { level: 1, name: 'System status' }).waitFor();
    await expect.poll(() => stateOf(page)).toMatch(/OK$/);
    expect(await countOn(page, 'Kinds')).toBe('3');
    expect(await countOn(page, 'Active sellers')).toBe('2');
    expect(await countOn(page, 'Offers on sale')).toBe('1');
    expect(await card(page, 'market').textContent()).toContain('PGlite (embedded): answering in');
    // Each service has its card, delivery's fetched by the market like settlement's.
    for (const service of ['settlement', 'delivery'])
      await expect.poll(() => stateOf(page, service), { message: service }).toMatch(/OK$/);
    expect(await countOn(page, 'Active pickup points', 'delivery')).toBe(String(DEMO_PICKUP_POINTS.length));
    await expectAccessible(page, 'operator status');
    await screenshot(page, 'operator-status');

    await registerTestSeller(session.market, 'Late Arrival');
    await page.getByRole('button', { name: 'Check now' }).click();
    await expect.poll(() => countOn(page, 'Active sellers')).toBe('3');
  });

  it('says in words when the market is degraded', async () => {
    const found = await listAndFind(session.market, tailor.apiKey, 3300);
    expect((await buyFound(session.market, found)).status).toBe(201);
    session.market.clock.advance(session.market.market.ctx.config.orderPaymentWindowMs + 10 * 60_000);
    await page.getByRole('button', { name: 'Check now' }).click();
    await expect.poll(() => stateOf(page)).toMatch(/Degraded$/);
    await card(page, 'market')
      .getByText(/1 unpaid order is more than 5 minutes past/)
      .waitFor();
    await expectAccessible(page, 'operator status, degraded');
    await screenshot(page, 'operator-status-degraded');

    // Both loops of the market's duties: expiry, and the closed link's (the order's B7 announcement).
    await runMarketDuties(session.market.market.ctx);
    await runSettlementDuties(session.market.market.ctx);
    await page.getByRole('button', { name: 'Check now' }).click();
    await expect.poll(() => stateOf(page)).toMatch(/OK$/);
  });

  it('shows a service whose backup is missing as degraded, and its newest backup once taken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokumei-status-backups-'));
    const { ctx } = session.market.market;
    ctx.config.backup = { dir, keep: 1, maxAgeMs: 86_400_000 };
    try {
      await page.getByRole('button', { name: 'Check now' }).click();
      await card(page, 'market')
        .getByText(/No backup has been taken .*: run `tokumei backup market`/)
        .waitFor();
      expect(await stateOf(page)).toMatch(/Degraded$/);
      expect(await card(page, 'market').textContent()).toContain('Newest backupNone on this host');
      await expectAccessible(page, 'operator status, no backup');
      await screenshot(page, 'operator-status-no-backup');

      const key = new BackupKey(randomBytes(32));
      await backupDatabase(ctx.database, { service: 'market', dir, key, keep: 1 });
      await page.getByRole('button', { name: 'Check now' }).click();
      await expect.poll(() => stateOf(page)).toMatch(/OK$/);
      expect(await card(page, 'market').textContent()).toMatch(
        /Newest backup[A-Z][a-z]{2} \d+, \d{4}.*\(at most 1 d 0 h old expected\)/,
      );
    } finally {
      ctx.config.backup = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists sellers, and suspends and reinstates one after confirmation', async () => {
    await page.getByRole('link', { name: 'Sellers' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sellers' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Sato Tailors' });
    await row.getByText('Active', { exact: true }).waitFor();
    await expectAccessible(page, 'operator sellers');

    // Escape leaves the seller as they were.
    await row.getByRole('button', { name: 'Suspend Sato Tailors' }).click();
    const dialog = page.getByRole('dialog', { name: 'Suspend Sato Tailors?' });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await sellerStatus(tailor.id)).toBe('active');

    await row.getByRole('button', { name: 'Suspend Sato Tailors' }).click();
    await dialog.getByText('offers leave search results').waitFor();
    await screenshot(page, 'operator-sellers-confirm');
    await dialog.getByRole('button', { name: 'Suspend seller' }).click();
    await page.getByText('Sato Tailors is suspended.').waitFor();
    await row.getByText('Suspended', { exact: true }).waitFor();
    expect(await sellerStatus(tailor.id)).toBe('suspended');
    // Focus is back on the seller's button, which now offers the way back.
    await page.waitForFunction(() => document.activeElement?.textContent === 'Reinstate Sato Tailors');
    await expectAccessible(page, 'operator sellers after a suspension');
    await screenshot(page, 'operator-sellers');

    await row.getByRole('button', { name: 'Reinstate Sato Tailors' }).click();
    await page
      .getByRole('dialog', { name: 'Reinstate Sato Tailors?' })
      .getByRole('button', { name: 'Reinstate seller' })
      .click();
    await page.getByText('Sato Tailors is active again.').waitFor();
    expect(await sellerStatus(tailor.id)).toBe('active');

    await page.getByLabel('Find a seller').fill('kimura');
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
  });

  it('fits a phone', async () => {
    const phone = await session.newPage(PHONE);
    await signInAsOperator(phone, session.market, '/operate/sellers');
    await phone.getByRole('heading', { level: 1, name: 'Sellers' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(phone, 'operator-sellers-phone');
    await phone.getByRole('link', { name: 'Status' }).click();
    await expect.poll(() => stateOf(phone)).toMatch(/OK$/);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(phone, 'operator status on a phone');
    await screenshot(phone, 'operator-status-phone');
    await phone.context().close();
  });
});
