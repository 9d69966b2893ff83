import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { SHIPMENT_STATES, type ShipmentState } from '../../protocol/delivery.ts';
import { orders } from '../db/schema.ts';
import {
  buyFound,
  listAndFind,
  registerTestSeller,
  startTestMarket,
  type TestMarket,
} from '../testing/market-harness.ts';
import { moveOrder, type OrderChange, type OrderState } from './order-state.ts';

const STATES: OrderState[] = ['awaiting_payment', 'paid', 'expired', 'cancelled'];

/** Written out here, not read from the table, so a change to the table must change this too. */
const ALLOWED: Record<string, OrderState> = {
  'awaiting_payment pay': 'paid',
  'awaiting_payment expire': 'expired',
  'expired pay': 'paid',
  'expired cancel': 'cancelled',
};

/** A parcel moves forward only, skipping ahead if need be, and never out of an end. */
const parcelAllowed = (from: ShipmentState | null, to: ShipmentState) =>
  from === null ||
  (from !== 'picked_up' &&
    from !== 'returned' &&
    SHIPMENT_STATES.indexOf(to) > SHIPMENT_STATES.indexOf(from));

describeEachDatabase('an order changes only along its transition table', (dbKind) => {
  let m: TestMarket;
  let orderId: string;

  beforeAll(async () => {
    m = await startTestMarket(dbKind);
    const seller = await registerTestSeller(m, 'State Seller');
    const bought = await buyFound(m, await listAndFind(m, seller.apiKey, 6_100));
    orderId = bought.body.orderId;
  });
  afterAll(() => m?.close());

  /** Puts the order where a case starts (test setup, beside the table), then tries the change. */
  async function attempt(state: OrderState, parcelState: ShipmentState | null, change: OrderChange) {
    const db = m.market.ctx.db;
    await db.update(orders).set({ state, parcelState }).where(eq(orders.id, orderId));
    const now = m.clock.now();
    const moved = await db.transaction(async (tx) => {
      const [row] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
      return moveOrder(tx, row!, change, now);
    });
    const [after] = await db.select().from(orders).where(eq(orders.id, orderId));
    return { moved, after: after! };
  }

  const changes: OrderChange[] = [
    { event: 'expire' },
    { event: 'cancel' },
    { event: 'pay', paidAt: new Date('2030-01-02T03:04:05.000Z'), pickupPointId: 'PP-STATE-1' },
  ];

  it('allows every order change in the table and refuses every other, leaving the row as it was', async () => {
    for (const state of STATES) {
      for (const change of changes) {
        const expected = ALLOWED[`${state} ${change.event}`];
        const { moved, after } = await attempt(state, null, change);
        expect({ state, change: change.event, ok: moved.ok }).toEqual({
          state,
          change: change.event,
          ok: expected !== undefined,
        });
        expect(after.state).toBe(expected ?? state);
        if (moved.ok) expect(moved.value).toEqual(after);
        else expect(moved.error).toMatchObject({ code: 'refused_transition', state, change: change.event });
        if (moved.ok && change.event === 'pay') {
          expect(after.paidAt).toEqual(change.paidAt);
          expect(after.pickupPointId).toBe(change.pickupPointId);
        }
      }
    }
  });

  it('moves a paid order’s parcel forward only, and no parcel of an unpaid order', async () => {
    for (const from of [null, ...SHIPMENT_STATES]) {
      for (const to of SHIPMENT_STATES) {
        const change: OrderChange = { event: 'parcel', state: to, deadline: null };
        const { moved, after } = await attempt('paid', from, change);
        expect({ from, to, ok: moved.ok }).toEqual({ from, to, ok: parcelAllowed(from, to) });
        expect(after.parcelState).toBe(moved.ok ? to : from);
      }
    }
    for (const state of STATES.filter((s) => s !== 'paid')) {
      const { moved, after } = await attempt(state, null, {
        event: 'parcel',
        state: 'booked',
        deadline: null,
      });
      expect(moved.ok).toBe(false);
      expect(after.parcelState).toBeNull();
    }
  });

  it('refuses a change made from a stale read of the order', async () => {
    const db = m.market.ctx.db;
    await db
      .update(orders)
      .set({ state: 'awaiting_payment', parcelState: null })
      .where(eq(orders.id, orderId));
    const [stale] = await db.select().from(orders).where(eq(orders.id, orderId));
    await db.update(orders).set({ state: 'expired' }).where(eq(orders.id, orderId));
    const moved = await db.transaction((tx) => moveOrder(tx, stale!, { event: 'expire' }, m.clock.now()));
    expect(moved.ok).toBe(false);
  });
});

describe('no code changes an order but through the table', () => {
  const root = join(import.meta.dirname, '..', '..');
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sources(path);
      return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
    });

  it('has one place that updates the orders table: order-state.ts', () => {
    const writers = sources(root)
      .filter((path) => {
        const text = readFileSync(path, 'utf8');
        // Drizzle's builder, or SQL written by hand (`UPDATE orders`, `UPDATE ${orders}`).
        return /\.update\(\s*orders\s*\)|UPDATE\s+(\$\{\s*orders\s*\}|"?orders"?\b)/i.test(text);
      })
      .map((path) => relative(root, path));
    expect(writers).toEqual(['market/orders/order-state.ts']);
  });
});
