import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database.ts';
import { REDACTED_PATHS } from '../../platform/log.ts';
import { verifySlowHash } from '../../platform/secrets.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { generateOrderId } from '../../protocol/order-id.ts';
import { generatePickupCode, parsePickupCode } from '../../protocol/pickup-code.ts';
import { pickupCodes } from '../db/schema.ts';
import { startTestDelivery, type TestDelivery } from '../testing/delivery-harness.ts';
import {
  asMarket,
  book,
  clerkCall,
  parcelWaitingAt,
  pointFixture,
  registerCode,
  registerPoints,
} from '../testing/delivery-helpers.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ATTEMPTS = 3;
const POINT_ATTEMPTS = 5;

/** A wrong code that is still a well-formed one (its check digit holds). */
const wrongCodeFor = (code: string): string => {
  for (;;) {
    const other = generatePickupCode();
    if (other !== code) return other;
  }
};

/** Every way a code could be written down: canonical, bare, lower case. */
const spellings = (code: string) => {
  const bare = code.replaceAll('-', '');
  return [code, bare, code.toLowerCase(), bare.toLowerCase()];
};

describeEachDatabase('hand-over with the pickup code (B9)', (dbKind) => {
  let d: TestDelivery;
  const logLines: string[] = [];
  /** Every code this suite made: none may end up in a table or a log line. */
  const codesSeen: string[] = [];
  const clerks = new Map<string, string>();
  let origin = '';

  /** A pickup point of the test's own, so limits counted at one point do not touch another test. */
  async function point(code: string, retentionDays = 7): Promise<string> {
    await registerPoints(d, pointFixture(code, retentionDays));
    const key = await d.clerkKey(code);
    clerks.set(code, key);
    return key;
  }
  async function waiting(at: string) {
    const parcel = await parcelWaitingAt(d, { origin, destination: clerks.get(at) as string }, at);
    codesSeen.push(parcel.code);
    return parcel;
  }
  const handOver = (clerk: string, orderId: string, code: string) => {
    codesSeen.push(code);
    return clerkCall(d, clerk, '/clerk/hand-over', { orderId, code });
  };

  beforeAll(async () => {
    // Everything delivery logs, at every level, with the service's own redaction.
    const logger = pino(
      { name: 'delivery-test', level: 'trace', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
      { write: (line: string) => void logLines.push(line) },
    );
    d = await startTestDelivery(dbKind, {
      logger,
      config: {
        pickupAttempts: ATTEMPTS,
        pickupLockMs: HOUR,
        pointAttempts: POINT_ATTEMPTS,
        pointWindowMs: 10 * 60_000,
      },
    });
    origin = await point('HO-ORIGIN');
  });
  afterAll(() => d?.close());

  it('hands the parcel over for the right code, once: the code is then spent', async () => {
    const clerk = await point('HO-RIGHT');
    const { orderId, code } = await waiting('HO-RIGHT');
    // Typed as a person would: lower case, no hyphens, the order ID likewise.
    const handed = await handOver(clerk, orderId.toLowerCase().replaceAll('-', ''), code.toLowerCase());
    expect(handed.status).toBe(200);
    expect(handed.body).toMatchObject({ orderId, state: 'picked_up', pickupPointCode: 'HO-RIGHT' });

    const again = await handOver(clerk, orderId, code);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already_picked_up');
    expect(again.body.title).toBeTruthy();
    const followed = (await asMarket(d, 'GET', `/shipments/${orderId}`)).body;
    expect(followed.events.map((e: { state: string }) => e.state).at(-1)).toBe('picked_up');
  });

  it('locks an order after N wrong codes; even the right one waits until the lock ends', async () => {
    const clerk = await point('HO-LOCK');
    const { orderId, code } = await waiting('HO-LOCK');
    const wrong = wrongCodeFor(code);
    for (let left = ATTEMPTS - 1; left > 0; left--) {
      const refused = await handOver(clerk, orderId, wrong);
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'wrong_code', attemptsLeft: left });
    }
    // A typo is caught by the check digit and costs no attempt.
    const typo = `${code.slice(0, -1)}${code.endsWith('0') ? '1' : '0'}`;
    expect(parsePickupCode(typo)).toBeNull();
    const typed = await handOver(clerk, orderId, typo);
    expect(typed.status).toBe(400);
    expect(typed.body.code).toBe('invalid_pickup_code');

    const locked = await handOver(clerk, orderId, wrong);
    const lockedUntil = new Date(d.clock.now().getTime() + HOUR).toISOString();
    expect(locked.status).toBe(423);
    expect(locked.body).toMatchObject({ code: 'pickup_locked', lockedUntil });
    const rightWhileLocked = await handOver(clerk, orderId, code);
    expect(rightWhileLocked.status).toBe(423);
    expect(rightWhileLocked.body.lockedUntil).toBe(lockedUntil);

    d.clock.advance(HOUR - 1000);
    expect((await handOver(clerk, orderId, code)).status).toBe(423);
    d.clock.advance(1000);
    const after = await handOver(clerk, orderId, code);
    expect(after.status).toBe(200);
    expect(after.body.state).toBe('picked_up');
  });

  it('counts a parcel with no code registered as wrong codes', async () => {
    const clerk = await point('HO-NOCODE');
    const orderId = generateOrderId();
    expect((await book(d, orderId, 'HO-NOCODE')).status).toBe(201);
    for (const [who, action] of [
      [origin, 'drop-off'],
      [origin, 'dispatch'],
      [clerk, 'arrival'],
    ] as const) {
      expect((await clerkCall(d, who, `/clerk/${action}`, { orderId })).status).toBe(200);
    }
    const refused = await handOver(clerk, orderId, generatePickupCode());
    expect(refused.status).toBe(422);
    expect(refused.body.attemptsLeft).toBe(ATTEMPTS - 1);
    // Registered late, the count stays, and the right code is taken.
    const code = generatePickupCode();
    codesSeen.push(code);
    expect((await registerCode(d, orderId, code)).status).toBe(201);
    expect((await handOver(clerk, orderId, wrongCodeFor(code))).body.attemptsLeft).toBe(ATTEMPTS - 2);
    expect((await handOver(clerk, orderId, code)).status).toBe(200);
  });

  it('refuses after the deadline; the parcel is then overdue and goes back', async () => {
    const clerk = await point('HO-LATE', 2);
    const { orderId, code } = await waiting('HO-LATE');
    const deadline = new Date(d.clock.now().getTime() + 2 * DAY).toISOString();
    d.clock.advance(2 * DAY);
    const late = await handOver(clerk, orderId, code);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'deadline_passed', deadline });

    const lists = (await clerkCall(d, clerk, '/clerk/parcels')).body;
    expect(lists.overdue.map((p: { orderId: string }) => p.orderId)).toEqual([orderId]);
    expect(lists.waiting).toEqual([]);
    expect((await clerkCall(d, clerk, '/clerk/return', { orderId })).body.state).toBe('returned');
    const returned = await handOver(clerk, orderId, code);
    expect(returned.status).toBe(409);
    expect(returned.body.code).toBe('returned');
  });

  it('refuses a parcel not yet here, another point’s parcel and a mistyped order ID', async () => {
    const clerk = await point('HO-SCOPE');
    const other = await point('HO-OTHER');
    const orderId = generateOrderId();
    expect((await book(d, orderId, 'HO-SCOPE')).status).toBe(201);
    const notReady = await handOver(clerk, orderId, generatePickupCode());
    expect(notReady.status).toBe(409);
    expect(notReady.body).toMatchObject({ code: 'not_ready', state: 'booked' });

    // Another point's parcel is answered exactly as no parcel at all.
    const { orderId: elsewhere, code } = await waiting('HO-SCOPE');
    const foreign = await handOver(other, elsewhere, code);
    const unknown = await handOver(other, generateOrderId(), code);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(unknown.body);
    expect(foreign.body.code).toBe('parcel_not_found');
    expect((await clerkCall(d, other, '/clerk/parcels')).body.waiting).toEqual([]);

    const typo = `${elsewhere.slice(0, -1)}${elsewhere.endsWith('0') ? '1' : '0'}`;
    const mistyped = await handOver(clerk, typo, code);
    expect(mistyped.status).toBe(400);
    expect(mistyped.body.code).toBe('invalid_order_id');
    // None of that cost the parcel an attempt.
    expect((await handOver(clerk, elsewhere, code)).status).toBe(200);
  });

  it('limits wrong codes per pickup point, across orders, for a while', async () => {
    const clerk = await point('HO-POINT');
    const parcels = [await waiting('HO-POINT'), await waiting('HO-POINT'), await waiting('HO-POINT')];
    const [first, second, third] = parcels as [(typeof parcels)[0], (typeof parcels)[0], (typeof parcels)[0]];
    for (let i = 0; i < ATTEMPTS - 1; i++) {
      expect((await handOver(clerk, first.orderId, wrongCodeFor(first.code))).status).toBe(422);
    }
    d.clock.advance(60_000);
    for (let i = 0; i < POINT_ATTEMPTS - (ATTEMPTS - 1); i++) {
      expect((await handOver(clerk, second.orderId, wrongCodeFor(second.code))).status).toBeGreaterThan(400);
    }
    // Five wrong codes here in ten minutes: even the right code for a third order waits.
    const busy = await handOver(clerk, third.orderId, third.code);
    expect(busy.status).toBe(429);
    expect(busy.body.code).toBe('too_many_attempts_here');
    // Until the first wrong code leaves the window, nine minutes from now.
    expect(busy.headers.get('retry-after')).toBe(String(9 * 60));
    // Other points are not held up.
    const { orderId, code } = await waiting('HO-RIGHT');
    expect((await handOver(clerks.get('HO-RIGHT') as string, orderId, code)).status).toBe(200);

    d.clock.advance(9 * 60_000);
    const later = await handOver(clerk, third.orderId, third.code);
    expect(later.status).toBe(200);
    // And the first order's own count was kept: one more wrong code locks it.
    const locked = await handOver(clerk, first.orderId, wrongCodeFor(first.code));
    expect(locked.status).toBe(423);
  });

  it('gives a parcel out once when its code is shown at two terminals at once', async () => {
    const clerk = await point('HO-RACE');
    const second = await d.clerkKey('HO-RACE');
    const { orderId, code } = await waiting('HO-RACE');
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => handOver(i % 2 ? clerk : second, orderId, code)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.code).toBe('already_picked_up');
    const events = (await asMarket(d, 'GET', `/shipments/${orderId}`)).body.events;
    expect(events.filter((e: { state: string }) => e.state === 'picked_up')).toHaveLength(1);
  });

  it('keeps only a scrypt verifier of each code: no table and no log line holds a code', async () => {
    // Requests that fail validation with a code in them are not logged with it either.
    const code = generatePickupCode();
    codesSeen.push(code);
    const clerk = clerks.get('HO-RIGHT') as string;
    expect((await clerkCall(d, clerk, '/clerk/hand-over', { orderId: 7, code })).status).toBe(400);
    expect(
      (await d.call('POST', '/pickup-codes', { body: { orderId: generateOrderId(), code } })).status,
    ).toBe(400);
    expect(
      (
        await d.call('POST', '/pickup-codes', {
          body: { orderId: generateOrderId(), token: 'x', code: `${code}${'9'.repeat(40)}` },
        })
      ).status,
    ).toBe(400);

    const stored = await d.delivery.ctx.db.select().from(pickupCodes);
    const registered = stored.filter((row) => row.verifier);
    expect(registered.length).toBeGreaterThan(5);
    for (const row of registered) expect(row.verifier).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    const { orderId, code: kept } = await waiting('HO-RIGHT');
    const [row] = (await d.delivery.ctx.db.select().from(pickupCodes)).filter((r) => r.orderId === orderId);
    expect(await verifySlowHash(kept, row?.verifier as string)).toBe(true);

    // Every column of every row of every delivery table, as text.
    const tables = await queryRows<{ name: string }>(
      d.delivery.ctx.db,
      sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['pickup_codes', 'shipments', 'outbox']),
    );
    let dump = '';
    for (const { name } of tables) {
      const rows = await queryRows<{ row: string }>(
        d.delivery.ctx.db,
        sql`SELECT row_to_json(t)::text AS row FROM ${sql.identifier(name)} t`,
      );
      dump += rows.map((r) => r.row).join('\n');
    }
    expect(dump).toContain(orderId);
    expect(logLines.length).toBeGreaterThan(20);
    const logs = logLines.join('');
    expect(logs).toContain('/clerk/hand-over');
    for (const seen of [...codesSeen, kept]) {
      for (const spelling of spellings(seen)) {
        expect(dump.includes(spelling), `${spelling} in the database`).toBe(false);
        expect(logs.includes(spelling), `${spelling} in a log line`).toBe(false);
      }
    }
  });
});
