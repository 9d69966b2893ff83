import { z } from 'zod';
import { currencySchema } from '../catalog/offer-input.ts';

/** Operators a condition may use; the Unicode signs of the design are accepted as aliases. */
export const OPERATORS = ['=', '!=', '>=', '<=', '>', '<', 'in', 'between'] as const;
export type Operator = (typeof OPERATORS)[number];
const ALIASES: Record<string, Operator> = { '≠': '!=', '≥': '>=', '≤': '<=', '==': '=', '<>': '!=' };

const scalar = z.union([z.number(), z.string().max(200), z.boolean()]);

/**
 * A purchase request's size, as JSON, at most: it travels back in every page's search token
 * (search-token.ts), which must fit in a URL.
 */
export const MAX_REQUEST_BYTES = 4096;

export const conditionSchema = z.object({
  attribute: z.string().min(1).max(100).describe('An attribute of the kind, or "price" (minor units)'),
  op: z
    .string()
    .transform((op) => ALIASES[op] ?? op)
    .pipe(z.enum(OPERATORS))
    .describe('One of = != >= <= > < in between (≠ ≥ ≤ also accepted)'),
  value: z.union([scalar, z.array(scalar).min(1).max(100)]),
});

export type Condition = z.infer<typeof conditionSchema>;

/** A condition as answered back: the operator already in its canonical form. */
export const conditionViewSchema = z
  .object({ attribute: z.string(), op: z.enum(OPERATORS), value: conditionSchema.shape.value })
  .meta({ id: 'ConditionView' });

/** B1: a purchase request is a kind plus conditions that must all hold. */
export const purchaseRequestSchema = z
  .object({
    kind: z.string().min(1).max(100),
    currency: currencySchema
      .optional()
      .describe('Only offers in this currency; the market default if absent'),
    conditions: z.array(conditionSchema).max(20).default([]),
    sort: z
      .object({ by: z.string().max(100).default('price'), order: z.enum(['asc', 'desc']).default('asc') })
      .default({ by: 'price', order: 'asc' }),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .refine((request) => Buffer.byteLength(JSON.stringify(request)) <= MAX_REQUEST_BYTES, {
    message: `a purchase request may be at most ${MAX_REQUEST_BYTES} bytes as JSON`,
  });

export type PurchaseRequest = z.infer<typeof purchaseRequestSchema>;
