import { and, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { jsonRows } from '../../platform/db/json-rows.ts';
import { listOf, type Message } from '../../platform/http/messages.ts';
import { newId } from '../../platform/ids.ts';
import { commodities, kinds, offers } from '../db/schema.ts';
import {
  type AttributeError,
  type AttributeValue,
  slotValues,
  validateAttributes,
} from '../kinds/attribute-schema.ts';
import type { Kind } from '../kinds/kinds.ts';
import { message } from '../problems/catalogue.ts';
import { modelKey } from './commodity-identity.ts';
import type { OfferInput } from './offer-input.ts';

export interface RowProblem {
  /** Position of the row in the batch, from 0. */
  index: number;
  code: 'unknown_kind' | 'invalid_attributes' | 'commodity_conflict' | 'duplicate_in_batch';
  /** What is wrong with the row, worded in the caller's language when it is answered. */
  reason: Message;
  attributes?: AttributeError[];
}

export interface RegisteredOffer {
  index: number;
  offerId: string;
  commodityId: string;
  created: boolean;
}

type Candidate = {
  index: number;
  row: OfferInput;
  kind: Kind;
  key: string;
  values: Record<string, AttributeValue>;
};

/**
 * A1–A2: registers commodity information and the seller's offers, many rows at a time. Rows
 * that do not fit their kind, or that contradict the shared commodity's characteristics, are
 * reported and skipped; the others are stored. An existing offer of the seller for the same
 * commodity is updated (price, stock) and active again.
 */
export async function registerOffers(
  db: Executor,
  sellerId: string,
  rows: readonly { index: number; row: OfferInput; fromText?: boolean }[],
  now: Date,
): Promise<{ registered: RegisteredOffer[]; problems: RowProblem[] }> {
  const problems: RowProblem[] = [];
  const kindIds = [...new Set(rows.map((r) => r.row.kind))];
  const kindList = kindIds.length ? await db.select().from(kinds).where(inArray(kinds.id, kindIds)) : [];
  const kindById = new Map(kindList.map((k) => [k.id, k]));

  const candidates: Candidate[] = [];
  const seen = new Map<string, number>();
  for (const { index, row, fromText } of rows) {
    const kind = kindById.get(row.kind);
    if (!kind) {
      problems.push({ index, code: 'unknown_kind', reason: message('row.unknown_kind', { kind: row.kind }) });
      continue;
    }
    const checked = validateAttributes(kind.attributes, row.attributes, { fromText });
    if (!checked.ok) {
      const reason = listOf(
        checked.error.map(({ attribute, reason }) => message('attribute.problem', { attribute, reason })),
      );
      problems.push({ index, code: 'invalid_attributes', reason, attributes: checked.error });
      continue;
    }
    const key = modelKey(row.model);
    const identity = `${kind.id}\0${key}`;
    const earlier = seen.get(identity);
    if (earlier !== undefined) {
      problems.push({
        index,
        code: 'duplicate_in_batch',
        reason: message('row.duplicate', { row: String(earlier + 1) }),
      });
      continue;
    }
    seen.set(identity, index);
    candidates.push({ index, row, kind, key, values: checked.value });
  }
  if (candidates.length === 0) return { registered: [], problems };

  // Shared commodity IDs: the first registration creates the commodity, later ones join it.
  await db
    .insert(commodities)
    .select(
      jsonRows(
        commodities,
        // In key order, so concurrent registrations of overlapping commodities cannot deadlock.
        [...candidates].sort(byIdentity).map((c) => ({
          id: newId(),
          kindId: c.kind.id,
          modelKey: c.key,
          model: c.row.model,
          name: c.row.name,
          attributes: c.values,
          createdAt: now,
        })),
      ),
    )
    .onConflictDoNothing();
  // Two IN lists use the (kind, model key) index; a long OR of pairs is a scan on a big table.
  // Pairs outside the batch that it also returns are ignored by the lookup below.
  const stored = await db
    .select()
    .from(commodities)
    .where(
      and(
        inArray(commodities.kindId, [...new Set(candidates.map((c) => c.kind.id))]),
        inArray(commodities.modelKey, [...new Set(candidates.map((c) => c.key))]),
      ),
    );
  const commodityByIdentity = new Map(stored.map((c) => [`${c.kindId}\0${c.modelKey}`, c]));

  const accepted: { candidate: Candidate; commodity: (typeof stored)[number] }[] = [];
  for (const candidate of candidates) {
    const commodity = commodityByIdentity.get(`${candidate.kind.id}\0${candidate.key}`);
    if (!commodity) throw new Error('commodity vanished during registration');
    const differing = Object.entries(candidate.values).filter(
      ([name, value]) => name in commodity.attributes && commodity.attributes[name] !== value,
    );
    if (differing.length) {
      problems.push({
        index: candidate.index,
        code: 'commodity_conflict',
        reason: message('row.conflict', {
          model: candidate.row.model,
          differences: differing
            .map(([name]) =>
              message('row.differs', { attribute: name, value: JSON.stringify(commodity.attributes[name]) }),
            )
            .reduce((first, rest) => message('row.and', { first, rest })),
        }),
        attributes: differing.map(([name]) => ({
          attribute: name,
          reason: message('row.commodity_has', { value: JSON.stringify(commodity.attributes[name]) }),
        })),
      });
      continue;
    }
    accepted.push({ candidate, commodity });
  }
  if (accepted.length === 0) return { registered: [], problems };

  const written = await db
    .insert(offers)
    .select(
      jsonRows(
        offers,
        [...accepted]
          .sort((a, b) => a.commodity.id.localeCompare(b.commodity.id))
          .map(({ candidate, commodity }) => ({
            id: newId(),
            commodityId: commodity.id,
            sellerId,
            kindId: commodity.kindId,
            priceMinor: candidate.row.price,
            currency: candidate.row.currency,
            stock: candidate.row.stock,
            status: 'active' as const,
            createdAt: now,
            updatedAt: now,
            ...slotValues(candidate.kind.attributes, commodity.attributes as Record<string, AttributeValue>),
          })),
      ),
    )
    .onConflictDoUpdate({
      target: [offers.commodityId, offers.sellerId],
      set: {
        priceMinor: sql`excluded.price_minor`,
        currency: sql`excluded.currency`,
        stock: sql`excluded.stock`,
        status: 'active',
        updatedAt: now,
      },
    })
    .returning({
      id: offers.id,
      commodityId: offers.commodityId,
      // xmax is 0 on a freshly inserted row version and set on one that ON CONFLICT updated.
      inserted: sql<boolean>`(xmax = 0)`,
    });
  const byCommodity = new Map(written.map((w) => [w.commodityId, w]));
  const registered = accepted.map(({ candidate, commodity }) => {
    const offer = byCommodity.get(commodity.id);
    if (!offer) throw new Error('offer write returned no row');
    return {
      index: candidate.index,
      offerId: offer.id,
      commodityId: commodity.id,
      created: offer.inserted,
    };
  });
  return { registered, problems };
}

const byIdentity = (a: { kind: { id: string }; key: string }, b: { kind: { id: string }; key: string }) =>
  a.kind.id.localeCompare(b.kind.id) || a.key.localeCompare(b.key);
