import type { Db } from '../../platform/db/database.ts';
import { createOperatorKey } from '../../platform/operator-keys.ts';
import { registerOffers } from '../catalog/register.ts';
import { createKind, listKinds } from '../kinds/kinds.ts';
import { registerSeller } from '../sellers/sellers.ts';
import { seedDemoHistory } from './demo-history.ts';
import { demoCommodity, FIRST_START_KINDS } from './demo-kinds.ts';

const DEMO_SELLERS = ['Akihabara Denki', 'Ginza Tailors', 'Namba PC Works', 'Sapporo Mobile'];

export interface DemoCredentials {
  operatorKey: string;
  sellers: { id: string; name: string; apiKey: string }[];
}

/**
 * First start of an empty market: an operator key, the demo kinds, a few sellers, a few
 * hundred offers and thirteen weeks of past sales and requests for the analyses. Returns the keys to show once; nothing is done when kinds already exist.
 */
export async function seedDemo(
  db: Db,
  now: Date,
  currency: string,
  offersPerSeller = 80,
): Promise<DemoCredentials | null> {
  if ((await listKinds(db)).length > 0) return null;
  return db.transaction(async (tx) => {
    const operatorKey = await createOperatorKey(tx, 'demo operator', now);
    for (const kind of FIRST_START_KINDS) {
      const created = await createKind(tx, kind, now);
      if (!created.ok) throw new Error(`demo kind ${kind.id}: ${created.error.code}`);
    }
    const sellers: DemoCredentials['sellers'] = [];
    for (const [s, name] of DEMO_SELLERS.entries()) {
      const { seller, apiKey } = await registerSeller(tx, name, now);
      sellers.push({ id: seller.id, name, apiKey });
      const rows = Array.from({ length: offersPerSeller }, (_, i) => {
        const kind = FIRST_START_KINDS[
          (s + i) % FIRST_START_KINDS.length
        ] as (typeof FIRST_START_KINDS)[number];
        // Sellers overlap on some models, so shared commodities with several offers appear.
        const c = demoCommodity(kind.id, Math.floor(i / FIRST_START_KINDS.length) + (s % 2) * 10);
        return {
          index: i,
          row: {
            kind: kind.id,
            model: c.model,
            name: c.name,
            attributes: c.attributes,
            price: c.price + s * 700,
            currency,
            stock: 1 + (i % 7),
          },
        };
      });
      await registerOffers(tx, seller.id, rows, now);
    }
    await seedDemoHistory(tx, now, currency);
    return { operatorKey, sellers };
  });
}
