// The market's answers as the operator terminal reads them (src/market/kinds/routes.ts,
// sellers/routes.ts, operator/status-routes.ts); the browser talks to the market over HTTP only.
import type { AttributeDefinition } from '../app/market-types.ts';

export type { ServiceStatus } from '../../market/operator/status.ts';
export type { AttributeDefinition, AttributeInput, Kind, Seller } from '../app/market-types.ts';

export type AttributeType = AttributeDefinition['type'];
