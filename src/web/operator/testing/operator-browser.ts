import type { Locator, Page } from 'playwright-core';
import type { TestMarket } from '../../../market/testing/market-harness.ts';

/** Opens the operator terminal at `path` and signs in with the market's operator key. */
export async function signInAsOperator(page: Page, m: TestMarket, path = '/operate'): Promise<void> {
  await page.goto(`${m.url}${path}`);
  await page.getByLabel('Operator key').fill(m.operatorKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** The text of the error shown for a form control, found through its aria-describedby. */
export async function errorOf(page: Page, control: Locator): Promise<string | null> {
  if ((await control.getAttribute('aria-invalid')) !== 'true') return null;
  const ids = (await control.getAttribute('aria-describedby'))?.split(' ') ?? [];
  const errorId = ids.find((id) => id.endsWith('-error'));
  return errorId ? page.locator(`[id="${errorId}"]`).textContent() : null;
}
