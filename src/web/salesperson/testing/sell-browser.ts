import type { Locator, Page } from 'playwright-core';
import { beforeAll } from 'vitest';
import { registerTestSeller } from '../../../market/testing/market-harness.ts';
import { type TerminalSession, terminalSession } from '../../testing/browser.ts';

export interface SellerSession extends TerminalSession {
  /** The seller registered before the suite, with its API key. */
  readonly seller: { id: string; apiKey: string };
}

/** A terminal session whose market has a seller of this name, registered before the suite. */
export function sellerSession(sellerName: string): SellerSession {
  const session = terminalSession() as TerminalSession & { seller: SellerSession['seller'] };
  beforeAll(async () => {
    session.seller = await registerTestSeller(session.market, sellerName);
  });
  return session;
}

/** Signs in through the terminal's own form and waits until the signed-in pages show. */
export async function signIn(page: Page, marketUrl: string, apiKey: string, path = '/sell'): Promise<void> {
  await page.goto(`${marketUrl}${path}`);
  await page.getByLabel('Seller API key').fill(apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** The error text tied to a control (aria-describedby), as a screen reader would hear it with the field. */
export async function errorOf(scope: Page | Locator, label: string): Promise<string> {
  const control = scope.getByLabel(label, { exact: false }).first();
  await control.and(scope.locator('[aria-invalid="true"]')).waitFor();
  return control.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id))
      .filter((e) => e?.classList.contains('field-error'))
      .map((e) => e?.textContent ?? '')
      .join(' '),
  );
}

/** Whether the control with this label has the keyboard focus. */
export const hasFocus = (scope: Page | Locator, label: string): Promise<boolean> =>
  scope
    .getByLabel(label, { exact: false })
    .first()
    .evaluate((element) => element === document.activeElement);
