import type { OpenAPIV3_1 } from 'openapi-types';
import { startTestDelivery, type TestDelivery } from '../../src/delivery/testing/delivery-harness.ts';
import { startTestMarket, type TestMarket } from '../../src/market/testing/market-harness.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { ClosedLinkClient } from '../../src/platform/closed-link/client.ts';
import { startTestSettlement, type TestSettlement } from '../../src/settlement/testing/settlement-harness.ts';

export const SERVICES = ['market', 'delivery', 'settlement'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface RunningServices {
  market: TestMarket;
  delivery: TestDelivery;
  settlement: TestSettlement;
  /** Each service's live /openapi.json: market and delivery over HTTP, settlement over its closed link. */
  documents: Record<ServiceName, OpenAPIV3_1.Document>;
  close(): Promise<void>;
}

/** The three services as they run, each on its own fresh embedded database. */
export async function startServices(): Promise<RunningServices> {
  // One after the other: starting three at once on a busy machine can outrun a plugin's start timeout.
  const market = await startTestMarket('pglite');
  const delivery = await startTestDelivery('pglite');
  const settlement = await startTestSettlement('pglite', new ManualClock(new Date()));
  const link = new ClosedLinkClient({ kind: 'socket', path: settlement.socket });
  const read = async (answer: Promise<{ status: number; body: unknown }>) => {
    const { status, body } = await answer;
    if (status !== 200) throw new Error(`/openapi.json answered ${status}`);
    return body as OpenAPIV3_1.Document;
  };
  const documents = {
    market: await read(market.call('GET', '/openapi.json')),
    delivery: await read(delivery.call('GET', '/openapi.json')),
    settlement: await read(link.call('GET', '/openapi.json')),
  };
  link.close();
  return {
    market,
    delivery,
    settlement,
    documents,
    close: async () => {
      await Promise.all([market.close(), delivery.close(), settlement.close()]);
    },
  };
}
