import type { Page } from 'playwright-core';
import type { TestDelivery } from '../../../delivery/testing/delivery-harness.ts';

/** A clerk key for a pickup point, issued with delivery's operator key as the operator would. */
export async function issueClerkKey(delivery: TestDelivery, pickupPointCode: string): Promise<string> {
  const issued = await delivery.call('POST', `/operator/pickup-points/${pickupPointCode}/clerk-keys`, {
    token: delivery.operatorKey,
  });
  if (issued.status !== 201) throw new Error(`clerk key refused: ${JSON.stringify(issued.body)}`);
  return issued.body.key;
}

/** Signs in at delivery's /clerk with the key and waits for the counter to name its pickup point. */
export async function clerkSignIn(page: Page, deliveryUrl: string, key: string, pointName: string) {
  await page.goto(`${deliveryUrl}/clerk`);
  await page.getByLabel('Clerk key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.clerk-point').filter({ hasText: pointName }).waitFor();
}

/** The counter's last outcome, once there is one with this text. */
export async function outcomeWith(page: Page, text: string | RegExp): Promise<string> {
  const outcome = page.getByTestId('outcome').filter({ hasText: text });
  await outcome.waitFor({ timeout: 15_000 });
  return outcome.innerText();
}

export type ReceiveStep = 'From a seller' | 'To the carrier' | 'From the carrier';

/** Receive: chooses what is happening, types the order ID as a scanner would (ending with Enter). */
export async function receive(page: Page, step: ReceiveStep, orderId: string): Promise<string> {
  await page.getByRole('navigation', { name: 'Counter' }).getByRole('link', { name: 'Receive' }).click();
  await page.getByRole('radio', { name: step }).check();
  const field = page.getByLabel('Order ID on the label');
  await field.fill(orderId);
  await field.press('Enter');
  return outcomeWith(page, orderId);
}

/** Hand-over: the order ID typed (Enter moves on), then the code typed, then Enter. */
export async function typeHandOver(page: Page, orderId: string, code: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Counter' }).getByRole('link', { name: 'Hand over' }).click();
  const orderField = page.getByLabel('Order ID or QR code');
  await orderField.fill(orderId);
  await orderField.press('Enter');
  const codeField = page.getByLabel('Pickup code');
  await codeField.fill(code);
  await codeField.press('Enter');
}
