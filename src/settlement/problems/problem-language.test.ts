import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.ts';
import { ClosedLinkClient } from '../../platform/closed-link/client.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { askingFor } from '../../platform/testing/languages.ts';
import { startTestSettlement, type TestSettlement } from '../testing/settlement-harness.ts';

describeEachDatabase('settlement’s problems over the closed link, in the caller’s language', (dbKind) => {
  let s: TestSettlement;
  let link: ClosedLinkClient;

  beforeAll(async () => {
    s = await startTestSettlement(dbKind, new ManualClock(new Date()));
    link = new ClosedLinkClient({ kind: 'socket', path: s.socket }, { retries: 0 });
  });
  afterAll(async () => {
    link?.close();
    await s?.close();
  });

  const lookUp = (paymentId: string, language?: string) =>
    link.call('GET', `/payments/${paymentId}`, { headers: askingFor(language) });

  it('words a missing payment in Japanese or English, with the same code', async () => {
    const id = randomUUID();
    const [inJapanese, inEnglish, unsaid] = [
      await lookUp(id, 'ja'),
      await lookUp(id, 'en'),
      await lookUp(id),
    ];
    expect(inJapanese).toEqual({
      status: 404,
      body: {
        type: 'urn:tokumei:problem:payment_not_found',
        title: 'この ID の承認済みの支払いはありません',
        status: 404,
        code: 'payment_not_found',
      },
    });
    expect(inEnglish.body).toEqual({
      ...(inJapanese.body as object),
      title: 'No approved payment has this ID',
    });
    expect(unsaid).toEqual(inEnglish);
  });

  it('words a request that does not match its schema', async () => {
    const pay = (language: string) =>
      link.call('POST', '/payments', {
        body: { orderId: 'not-an-order' },
        headers: { 'idempotency-key': randomUUID(), ...askingFor(language) },
      });
    const [inJapanese, inEnglish] = [await pay('ja'), await pay('en-GB')];
    expect(inJapanese.status).toBe(400);
    expect(inEnglish.status).toBe(400);
    const [ja, en] = [inJapanese.body, inEnglish.body] as {
      code: string;
      title: string;
      errors: unknown[];
    }[];
    expect(ja?.code).toBe('invalid_request');
    expect(en?.code).toBe('invalid_request');
    expect(ja?.title).toBe('リクエストの内容が正しくありません');
    expect(en?.title).toBe('The request does not match its schema');
    const paths = (errors: unknown[]) => (errors as { path: string }[]).map((e) => e.path);
    expect(paths(ja?.errors ?? [])).toEqual(paths(en?.errors ?? []));
    expect(paths(en?.errors ?? []).length).toBeGreaterThan(1);
  });
});
