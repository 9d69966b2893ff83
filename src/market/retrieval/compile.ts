import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Message } from '../../platform/http/messages.ts';
import { err, ok, type Result } from '../../platform/result.ts';
import { offers } from '../db/schema.ts';
import { type AttributeDefinition, checkValue } from '../kinds/attribute-schema.ts';
import type { Kind } from '../kinds/kinds.ts';
import { message } from '../problems/catalogue.ts';
import type { Condition, Operator, PurchaseRequest } from './purchase-request.ts';

export interface ConditionProblem {
  /** The condition's position, from 0; -1 for the sort. */
  index: number;
  attribute: string;
  /** What is wrong, worded in the caller's language when it is answered. */
  reason: Message;
}

export interface CompiledRequest {
  kind: Kind;
  currency: string;
  /** One SQL predicate per condition, in request order (for the relaxation hints). */
  predicates: SQL[];
  sortColumn: PgColumn;
  sortNullable: boolean;
  descending: boolean;
  limit: number;
}

const ALLOWED: Record<AttributeDefinition['type'] | 'price', readonly Operator[]> = {
  price: ['=', '!=', '>=', '<=', '>', '<', 'in', 'between'],
  number: ['=', '!=', '>=', '<=', '>', '<', 'in', 'between'],
  enum: ['=', '!=', 'in'],
  boolean: ['=', '!='],
  text: ['=', '!=', 'in'],
};

const PRICE = {
  name: 'price',
  labels: { ja: '価格', en: 'Price' },
  type: 'number',
  integer: true,
  min: 1,
  required: true,
} as const satisfies Partial<AttributeDefinition>;

/**
 * Checks a purchase request against its kind's schema and turns each condition into a predicate
 * on the offer's typed columns. Unknown attributes, operators that do not fit the attribute's
 * type and values of the wrong type are all reported, each with its condition's position.
 */
export function compilePurchaseRequest(
  kind: Kind,
  request: PurchaseRequest,
  defaultCurrency: string,
): Result<CompiledRequest, ConditionProblem[]> {
  const problems: ConditionProblem[] = [];
  const predicates: SQL[] = [];
  request.conditions.forEach((condition, index) => {
    const compiled = compileCondition(kind, condition);
    if (compiled.ok) predicates.push(compiled.value);
    else problems.push({ index, attribute: condition.attribute, reason: compiled.error });
  });

  const sortBy = request.sort.by;
  const sortAttribute = kind.attributes.find((a) => a.name === sortBy);
  if (sortBy !== 'price' && sortAttribute?.type !== 'number') {
    problems.push({
      index: -1,
      attribute: sortBy,
      reason: sortAttribute
        ? message('sort.not_numeric')
        : message('sort.unknown_attribute', { kind: kind.id }),
    });
  }
  if (problems.length) return err(problems);
  return ok({
    kind,
    currency: request.currency ?? defaultCurrency,
    predicates,
    sortColumn: sortAttribute ? offers[sortAttribute.slot] : offers.priceMinor,
    sortNullable: Boolean(sortAttribute && !sortAttribute.required),
    descending: request.sort.order === 'desc',
    limit: request.limit,
  });
}

function compileCondition(kind: Kind, condition: Condition): Result<SQL, Message> {
  const definition =
    condition.attribute === 'price' ? PRICE : kind.attributes.find((a) => a.name === condition.attribute);
  if (!definition)
    return err(
      message('condition.unknown_attribute', {
        kind: kind.id,
        known: kind.attributes.map((a) => a.name).join(', '),
      }),
    );
  const { op } = condition;
  if (!ALLOWED[definition.type].includes(op)) {
    return err(
      message('condition.operator_misfit', {
        op,
        type: definition.type,
        allowed: ALLOWED[definition.type].join(' '),
      }),
    );
  }
  const column = 'slot' in definition ? offers[definition.slot] : offers.priceMinor;
  const many = op === 'in' || op === 'between';
  if (many !== Array.isArray(condition.value)) {
    return err(message(many ? 'condition.needs_list' : 'condition.needs_single', { op }));
  }
  const values = Array.isArray(condition.value) ? condition.value : [condition.value];
  if (op === 'between' && values.length !== 2) return err(message('condition.between_two'));
  // A condition value is checked like a registered value, but bounds need not hold for it.
  const typeOnly =
    definition.type === 'number' ? { ...definition, min: undefined, max: undefined } : definition;
  for (const value of values) {
    const checked = checkValue(typeOnly as AttributeDefinition, value);
    if (!checked.ok)
      return err(message('condition.value', { value: JSON.stringify(value), reason: checked.error }));
  }
  const [first, second] = values;
  switch (op) {
    case '=':
      return ok(sql`${column} = ${first}`);
    case '!=':
      // Offers without the attribute do not have the excluded value either.
      return ok(sql`${column} IS DISTINCT FROM ${first}`);
    case '>=':
      return ok(sql`${column} >= ${first}`);
    case '<=':
      return ok(sql`${column} <= ${first}`);
    case '>':
      return ok(sql`${column} > ${first}`);
    case '<':
      return ok(sql`${column} < ${first}`);
    case 'in':
      return ok(
        sql`${column} IN (${sql.join(
          values.map((v) => sql`${v}`),
          sql`, `,
        )})`,
      );
    case 'between':
      if ((first as number) > (second as number)) return err(message('condition.between_order'));
      return ok(sql`${column} BETWEEN ${first} AND ${second}`);
  }
}
