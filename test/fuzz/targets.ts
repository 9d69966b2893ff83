import { REQUEST_SIGNATURE_HEADER, signRequest } from '../../src/platform/http/signed-requests.ts';
import {
  type FuzzTarget,
  fuzzOperation,
  type OpenApiDocument,
  operationsOf,
  send,
  type WireRequest,
} from '../../src/platform/testing/openapi-fuzz.ts';

/** The bearer keys of each role a service knows; a role it lacks is simply absent. */
export interface RoleKeys {
  operator: string;
  seller?: string;
  clerk?: string;
  /** The order secret, for a purchaser's `/orders/{orderId}` routes. */
  order?: string;
}

/** The bearer key for each security scheme the documents name; the peer's signature is made apart. */
const BEARER_OF_SCHEME: Record<string, keyof RoleKeys> = {
  operatorKey: 'operator',
  clerkKey: 'clerk',
  orderSecret: 'order',
  sellerKey: 'seller',
};

export async function documentOf(url: string): Promise<OpenApiDocument> {
  const answer = await send(url, { method: 'GET', path: '/openapi.json', headers: {} });
  return JSON.parse(answer.text) as OpenApiDocument;
}

/** Whether a service still answers its health check. */
export async function healthStatus(url: string): Promise<number> {
  return (await send(url, { method: 'GET', path: '/livez', headers: {} })).status;
}

/**
 * A running service as the fuzzer sees it: each route gets its role's credentials (or a peer's
 * signature under `peerKey`), and every kind of credentials it must refuse.
 */
export async function fuzzTarget(options: {
  url: string;
  keys: RoleKeys;
  peerKey: string;
  now: () => Date;
  known: FuzzTarget['known'];
  bodies?: FuzzTarget['bodies'];
  bodyLimit?: FuzzTarget['bodyLimit'];
}): Promise<FuzzTarget> {
  const { keys, peerKey, now } = options;
  const signature = (wire: WireRequest, key = peerKey) => ({
    [REQUEST_SIGNATURE_HEADER]: signRequest(
      key,
      { method: wire.method, path: wire.path, body: wire.body },
      now(),
    ),
  });
  return {
    url: options.url,
    document: await documentOf(options.url),
    known: options.known,
    bodies: options.bodies,
    bodyLimit: options.bodyLimit,
    credentials(op, wire): Record<string, string> {
      if (op.security === 'peerSignature') return signature(wire);
      const role = op.security ? BEARER_OF_SCHEME[op.security] : undefined;
      const key = role ? keys[role] : undefined;
      return key ? { authorization: `Bearer ${key}` } : {};
    },
    badCredentials: (op, wire): Record<string, string>[] => [
      {},
      { authorization: 'Bearer not-a-key' },
      // Another role's key: the operator's for everyone else, the seller's or clerk's for the operator.
      {
        authorization: `Bearer ${op.security === 'operatorKey' ? (keys.seller ?? keys.clerk) : keys.operator}`,
      },
      { authorization: 'Basic Zm9vOmJhcg==' },
      { authorization: `Bearer ${'k'.repeat(4000)}` },
      { [REQUEST_SIGNATURE_HEADER]: 't=0,v1=00' },
      { [REQUEST_SIGNATURE_HEADER]: 'garbage' },
      signature({ ...wire, body: `${wire.body ?? ''} ` }),
      signature(wire, 'another-key-another-key-another-key-0123'),
    ],
  };
}

/** Set to replay a failure: every report names the seed fast-check used. */
export const FUZZ_SEED = process.env.TOKUMEI_FUZZ_SEED ? Number(process.env.TOKUMEI_FUZZ_SEED) : undefined;

/**
 * Fuzzes every operation of a service's own document in turn, checking after each that the
 * service still answers; answers every failure found (an empty list when there is none).
 */
export async function fuzzService(
  target: FuzzTarget,
  options: { numRuns: number; seed?: number },
): Promise<string[]> {
  const failures: string[] = [];
  const operations = operationsOf(target.document);
  if (!operations.length) return ['the OpenAPI document lists no operation'];
  for (const op of operations) {
    await fuzzOperation(target, op, options).catch((error: Error) => failures.push(error.message));
    const health = await healthStatus(target.url);
    if (health !== 200) failures.push(`after ${op.id}, /livez answered ${health}`);
  }
  return failures;
}
