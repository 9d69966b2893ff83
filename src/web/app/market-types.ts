/**
 * The market's answers that more than one terminal reads. A type the market names itself is
 * imported from it, type-only (erased from the bundle: no market code reaches the browser); the
 * others are written here once, as the market's routes declare them (src/market/kinds/routes.ts,
 * sellers/routes.ts, orders/routes.ts).
 */
import type { AttributeDefinition } from '../../market/kinds/attribute-schema.ts';
import type { LocalizedText } from '../../protocol/localized-text.ts';

// The terminals read the texts by language (kind-labels.ts), never the one-text `name`,
// `description`, `label` and `unit` the market keeps for older clients: these types leave them out.
export type { AttributeDefinition, AttributeInput } from '../../market/kinds/attribute-schema.ts';

export interface Kind {
  id: string;
  names: LocalizedText;
  /** `{}` for a kind without one. */
  descriptions: LocalizedText;
  attributes: AttributeDefinition[];
  updatedAt: string;
}

export interface Seller {
  id: string;
  name: string;
  status: 'active' | 'suspended';
  webhookUrl: string | null;
  createdAt: string;
}

export type OrderState = 'awaiting_payment' | 'paid' | 'expired' | 'cancelled';
