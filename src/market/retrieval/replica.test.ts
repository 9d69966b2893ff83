import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/database.ts';
import { describeEachDatabase } from '../../platform/testing/for-each-database.ts';
import { type Standby, standbyKinds, startStandby } from '../../platform/testing/standby.ts';
import { pcOffer, registerTestSeller, startTestMarket, type TestMarket } from '../testing/market-harness.ts';

/**
 * TOKUMEI_MARKET_READ_DATABASE_URL: retrieval on a real streaming standby of the test server,
 * purchases on the primary. Pausing the standby's replay makes it lag on purpose.
 */
describeEachDatabase(
  'retrieval from a streaming replica',
  () => {
    let standby: Standby;
    let m: TestMarket;
    let seller: { id: string; apiKey: string };
    let offerId: string;
    const onStandby = (statement: ReturnType<typeof sql>) => queryRows(m.market.ctx.readDb, statement);
    const search = () =>
      m.call('POST', '/searches', {
        body: { kind: 'personal-computer', conditions: [] },
      });
    const buy = (found: any) =>
      m.call('POST', '/orders', {
        body: {
          searchId: found.body.searchId,
          commodityId: found.body.items[0].commodityId,
          sellerId: seller.id,
          quantity: 1,
        },
      });

    beforeAll(async () => {
      standby = await startStandby();
      m = await startTestMarket('postgres', {
        config: (testDb) => ({
          readDatabaseUrl: standby.urlOf(new URL(testDb.url as string).pathname.slice(1)),
        }),
      });
      seller = await registerTestSeller(m);
      const listed = await m.call('POST', '/seller/offers', {
        token: seller.apiKey,
        body: pcOffer('REPLICA-1', { price: 70_000, stock: 5 }),
      });
      expect(listed.status).toBe(201);
      offerId = listed.body.offerId;
      await standby.caughtUp();
    });
    afterAll(async () => {
      await onStandby(sql`SELECT pg_wal_replay_resume()`).catch(() => {});
      await m?.close();
      await standby?.stop();
    });

    it('retrieves on the standby; a price changed since, still unseen there, is caught on the primary', async () => {
      expect(await onStandby(sql`SELECT pg_is_in_recovery() AS standby`)).toEqual([{ standby: true }]);
      const found = await search();
      expect(found.body.items.map((i: any) => i.unitPrice)).toEqual([70_000]);

      // The standby stops replaying: the new price reaches the primary only.
      await onStandby(sql`SELECT pg_wal_replay_pause()`);
      const repriced = await m.call('PATCH', `/seller/offers/${offerId}`, {
        token: seller.apiKey,
        body: { price: 72_000 },
      });
      expect(repriced.status).toBe(200);
      const stale = await search();
      expect(stale.body.items.map((i: any) => i.unitPrice)).toEqual([70_000]);
      expect(await buy(stale)).toMatchObject({
        status: 409,
        body: { code: 'price_changed', unitPrice: 72_000 },
      });

      await onStandby(sql`SELECT pg_wal_replay_resume()`);
      await standby.caughtUp();
      const fresh = await search();
      expect(fresh.body.items.map((i: any) => i.unitPrice)).toEqual([72_000]);
      expect(await buy(fresh)).toMatchObject({ status: 201, body: { amount: 72_000 } });
    });
  },
  standbyKinds,
);
