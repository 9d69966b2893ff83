import { randomInt } from 'node:crypto';
import { DEMO_KINDS, demoCommodity } from '../src/market/demo/demo-kinds.ts';
import type { AttributeInput } from '../src/market/kinds/attribute-schema.ts';
import type { Condition, PurchaseRequest } from '../src/market/retrieval/purchase-request.ts';
import { shuffled } from '../src/platform/shuffle.ts';

const MAX_CONDITIONS = 5;

const pickOne = <T>(values: readonly T[]): T => values[randomInt(values.length)] as T;

const round = (value: number, integer: boolean) =>
  integer ? Math.round(value) : Math.round(value * 10) / 10;

/** A condition a purchaser could plausibly write around a value they have in mind. */
function numberCondition(attribute: string, v: number, integer: boolean): Condition {
  switch (randomInt(4)) {
    case 0:
      return { attribute, op: '>=', value: round(v * 0.75, integer) };
    case 1:
      return { attribute, op: '<=', value: round(v * 1.25, integer) };
    case 2:
      return { attribute, op: 'between', value: [round(v * 0.8, integer), round(v * 1.2, integer)] };
    default:
      return { attribute, op: '=', value: v };
  }
}

function enumCondition(attribute: string, v: string, values: readonly string[]): Condition {
  const others = shuffled(values.filter((x) => x !== v));
  switch (randomInt(3)) {
    case 0:
      return { attribute, op: '=', value: v };
    case 1:
      return { attribute, op: 'in', value: [v, ...others.slice(0, 1 + randomInt(2))] };
    default:
      return { attribute, op: '!=', value: others[0] as string };
  }
}

function priceCondition(price: number): Condition {
  return randomInt(2) === 0
    ? { attribute: 'price', op: '<=', value: Math.round((price * 1.3) / 1000) * 1000 }
    : {
        attribute: 'price',
        op: 'between',
        value: [Math.round((price * 0.7) / 1000) * 1000, Math.round((price * 1.3) / 1000) * 1000],
      };
}

function conditionFor(attribute: AttributeInput, value: unknown): Condition | undefined {
  if (value === undefined) return undefined;
  switch (attribute.type) {
    case 'number':
      return numberCondition(attribute.name, value as number, attribute.integer);
    case 'enum':
      return enumCondition(attribute.name, value as string, attribute.values);
    case 'boolean':
      return { attribute: attribute.name, op: '=', value: value as boolean };
    case 'text':
      return undefined;
  }
}

/**
 * Purchase requests with 1–5 conditions (numeric ranges, enums by = / in / !=, booleans,
 * price ≤ or between), sorted by price, 20 a page. Each is written around a commodity that
 * exists in the loaded catalogue, as a purchaser who knows roughly what they want would,
 * so almost all of them match; the conditions still cut the kind down to a small share.
 */
export function purchaseRequests(
  count: number,
  commoditiesPerKind: number,
  currency: string,
): PurchaseRequest[] {
  return Array.from({ length: count }, (_, i) => {
    const conditionCount = 1 + (i % MAX_CONDITIONS);
    const kind = pickOne(DEMO_KINDS);
    const demo = demoCommodity(kind.id, randomInt(commoditiesPerKind));
    const candidates: (() => Condition | undefined)[] = [
      () => priceCondition(demo.price),
      ...kind.attributes.map((a) => () => conditionFor(a, demo.attributes[a.name])),
    ];
    const conditions: Condition[] = [];
    for (const make of shuffled(candidates)) {
      if (conditions.length === conditionCount) break;
      const condition = make();
      if (condition) conditions.push(condition);
    }
    return { kind: kind.id, currency, conditions, sort: { by: 'price', order: 'asc' }, limit: 20 };
  });
}

/**
 * The requests the README names as walking a whole kind, half each: sorted by a numeric
 * attribute instead of the price (with one price condition), and conditions that match almost
 * nothing (two numeric attributes of a catalogue commodity, each to its exact value).
 */
export function walkingRequests(
  count: number,
  commoditiesPerKind: number,
  currency: string,
): { sorted: PurchaseRequest[]; nearEmpty: PurchaseRequest[] } {
  const numeric = (kind: (typeof DEMO_KINDS)[number]) =>
    kind.attributes.filter((a) => a.type === 'number').map((a) => a.name);
  const half = Math.ceil(count / 2);
  const sorted = Array.from({ length: half }, (): PurchaseRequest => {
    const kind = pickOne(DEMO_KINDS);
    const demo = demoCommodity(kind.id, randomInt(commoditiesPerKind));
    const order = randomInt(2) ? 'asc' : 'desc';
    return {
      kind: kind.id,
      currency,
      conditions: [priceCondition(demo.price)],
      sort: { by: pickOne(numeric(kind)), order },
      limit: 20,
    };
  });
  const nearEmpty = Array.from({ length: half }, (): PurchaseRequest => {
    const kind = pickOne(DEMO_KINDS);
    const demo = demoCommodity(kind.id, randomInt(commoditiesPerKind));
    const conditions = shuffled(numeric(kind))
      .filter((name) => demo.attributes[name] !== undefined)
      .slice(0, 2)
      .map((attribute): Condition => ({ attribute, op: '=', value: demo.attributes[attribute] as number }));
    return { kind: kind.id, currency, conditions, sort: { by: 'price', order: 'asc' }, limit: 20 };
  });
  return { sorted, nearEmpty };
}
