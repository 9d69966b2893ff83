import type { RouteOptions } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';
import { problemResponses } from './problem.ts';

/**
 * What a service says of itself in its OpenAPI document beyond its routes: the tags its
 * operations are grouped by and the credentials they take.
 */
export interface ApiDocumentOptions {
  /** Where clients reach the service; absent, the document names its server relative to itself. */
  publicUrl?: string;
  /** Each tag its operations use, with what it groups. */
  tags: Record<string, string>;
  securitySchemes: Record<string, SecurityScheme>;
  /** The requirement of every operation that states none; absent, each operation must state its own. */
  security?: OpenAPIV3_1.SecurityRequirementObject[];
}

/** OpenAPI 3.1 adds mutual TLS to the kinds of scheme openapi-types knows. */
type SecurityScheme = OpenAPIV3_1.SecuritySchemeObject | { type: 'mutualTLS'; description: string };

/** A secret sent as `Authorization: Bearer <secret>`. */
export const bearer = (description: string): SecurityScheme => ({
  type: 'http',
  scheme: 'bearer',
  description,
});

export const OPERATOR_KEY = {
  operatorKey: bearer('An operator key, made with `tokumei operator-key create`.'),
};

export const PEER_SIGNATURE = {
  peerSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'tokumei-signature',
    description:
      'Calls between the market and delivery only: `t=<unix seconds>,v1=<hex HMAC-SHA256 under the key the two share of "t.METHOD\\npath?query\\nraw body">`, within 5 minutes.',
  },
} satisfies Record<string, SecurityScheme>;

export const CLOSED_LINK = {
  closedLink: {
    type: 'mutualTLS',
    description:
      'The closed link from the market only: a Unix socket only the market may open, or TLS 1.3 with a client certificate settlement trusts. There is no public address.',
  },
} satisfies Record<string, SecurityScheme>;

/**
 * Checks, as each route is added, that it can be read by clients and their generators: an
 * `operationId` (generated clients name their methods after it), the credentials it takes
 * (`security: []` for none) and tags the document describes. A route missing one fails
 * the service's start rather than leaving a gap in the document. It also declares the 429 the
 * rate limit answers on every route it applies to.
 */
export function documentedRoute(options: ApiDocumentOptions, rateLimited: boolean) {
  const tagNames = new Set(Object.keys(options.tags));
  return (route: RouteOptions) => {
    const schema = route.schema;
    if (!schema || schema.hide || route.method === 'HEAD') return;
    const where = `${route.method} ${route.url}`;
    if (!schema.operationId) throw new Error(`${where} has no operationId in its schema`);
    if (!schema.security && !options.security) throw new Error(`${where} does not state its security`);
    for (const tag of schema.tags ?? [])
      if (!tagNames.has(tag))
        throw new Error(`${where} has tag "${tag}", which the service does not describe`);
    if (rateLimited && route.config?.rateLimit !== false) {
      route.schema = { ...schema, response: { ...(schema.response as object), ...problemResponses(429) } };
    }
  };
}

const SCHEMA_REF = '#/components/schemas/';

/**
 * Keeps only the component schemas the operations reach, directly or through one another.
 * Every schema with an id lands in zod's one global registry, whichever service it belongs
 * to, and the type provider puts the whole registry in every document.
 */
export function withReachableSchemas(document: OpenAPIV3_1.Document): OpenAPIV3_1.Document {
  const schemas = document.components?.schemas ?? {};
  const reached = new Set<string>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return; // arrays too: their entries are their items
    for (const [key, value] of Object.entries(node)) {
      if (key !== '$ref' || typeof value !== 'string') visit(value);
      else if (value.startsWith(SCHEMA_REF) && !reached.has(value.slice(SCHEMA_REF.length))) {
        const name = value.slice(SCHEMA_REF.length);
        reached.add(name);
        visit(schemas[name]);
      }
    }
  };
  visit(document.paths);
  return {
    ...document,
    components: {
      ...document.components,
      schemas: Object.fromEntries(Object.entries(schemas).filter(([name]) => reached.has(name))),
    },
  };
}
