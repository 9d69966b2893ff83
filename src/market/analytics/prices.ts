import { eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import type { AnalysisDefinition } from './catalogue.ts';
import { analyticsPrices } from './tables.ts';

/** An analysis's price (minor units of the market's currency) and ε (millionths): the operator's, or the catalogue's. */
export async function priceOf(
  db: Executor,
  definition: AnalysisDefinition,
): Promise<{ priceMinor: number; epsilonMicro: number }> {
  const [set] = await db.select().from(analyticsPrices).where(eq(analyticsPrices.analysis, definition.id));
  return set ?? { priceMinor: definition.defaultPriceMinor, epsilonMicro: definition.defaultEpsilonMicro };
}
