import { z } from 'zod';

export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as JPY');
/** Integer minor units; fractions are refused, never rounded. */
export const minorUnitsSchema = z
  .number()
  .int('must be a whole number of minor units')
  .positive()
  .max(Number.MAX_SAFE_INTEGER);
export const stockSchema = z.number().int('must be a whole number').min(0).max(1_000_000_000);

/** Commodity information and the seller's offer for it (A1). */
export const offerInputSchema = z.object({
  kind: z.string().min(1),
  model: z.string().trim().min(1).max(120).describe('Maker model number or GTIN; identifies the commodity'),
  name: z.string().trim().min(1).max(200),
  attributes: z.record(z.string(), z.unknown()).default({}),
  price: minorUnitsSchema.describe('Unit price in minor units of the currency'),
  currency: currencySchema,
  stock: stockSchema,
});

export type OfferInput = z.infer<typeof offerInputSchema>;
