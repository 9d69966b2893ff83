import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
// Valid starting values come from openapi-sampler (Redocly's, kept up to date, reads OpenAPI 3.1
// with its $refs, formats and patterns); fast-check then breaks them. The JSON-Schema-to-fast-check
// packages on the registry are abandoned (fast-check 1) or read Zod 3 only, not our documents.
import { sample } from 'openapi-sampler';

/**
 * A fuzzer for a running service, generated from the OpenAPI document it serves: every
 * operation gets a valid request (sampled from its schemas, with real IDs and credentials laid
 * over), then malformed variants of it, class by class, and every answer must be a proper one:
 * below 500, and problem+json for every error.
 */

type Json = unknown;
type Schema = Record<string, unknown>;

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: Record<string, unknown>;
}

interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface OperationObject {
  parameters?: ParameterObject[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  security?: Record<string, string[]>[];
}

export interface Operation {
  /** `METHOD /path/{param}`, as the document names it. */
  id: string;
  method: string;
  path: string;
  parameters: ParameterObject[];
  /** Media types of the body, JSON first; empty when the operation takes none. */
  bodyTypes: string[];
  bodySchema?: Schema;
  /** The security scheme the operation names (its credential), or null for a public one. */
  security: string | null;
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const content = op.requestBody?.content ?? {};
      const bodyTypes = Object.keys(content).sort(
        (a, b) => Number(b === 'application/json') - Number(a === 'application/json'),
      );
      const scheme = Object.keys(op.security?.[0] ?? {})[0];
      return {
        id: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        bodyTypes,
        bodySchema: bodyTypes[0] ? content[bodyTypes[0]]?.schema : undefined,
        security: scheme ?? null,
      };
    }),
  );
}

/** One request as it goes on the wire: the path carries its query, encoded or deliberately not. */
export interface WireRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface FuzzTarget {
  url: string;
  document: OpenApiDocument;
  /** Real values by parameter or body field name (IDs that exist, a cursor the server wrote…). */
  known: (op: Operation) => Record<string, Json>;
  /** A whole valid body for an operation, by media type, where sampling cannot make one. */
  bodies?: Record<string, Partial<Record<string, Json>>>;
  /** The headers that authenticate this exact request (a signature covers path and body). */
  credentials: (op: Operation, request: WireRequest) => Record<string, string>;
  /** A route's own body limit, when it is above the default (no oversized body is sent then). */
  bodyLimit?: (op: Operation) => number | undefined;
  /** Credentials that must be refused: none, garbage, another role's, a forged signature. */
  badCredentials: (op: Operation, request: WireRequest) => Record<string, string>[];
}

/** The request an operation is fuzzed from: parameters and a body as values, not yet encoded. */
interface BaseRequest {
  path: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  bodyType?: string;
  body?: Json;
}

const stringOf = (value: Json): string => (typeof value === 'string' ? value : JSON.stringify(value));

function baseRequest(target: FuzzTarget, op: Operation, bodyType = op.bodyTypes[0]): BaseRequest {
  const known = target.known(op);
  const sampled = (schema: Schema | undefined) =>
    sample((schema ?? {}) as never, { enablePatterns: true, quiet: true }, target.document);
  const base: BaseRequest = { path: {}, query: {}, headers: {}, bodyType };
  for (const p of op.parameters) {
    if (p.in === 'cookie') continue;
    const value = stringOf(p.name in known ? known[p.name] : sampled(p.schema));
    if (p.in === 'path') base.path[p.name] = value;
    else if (p.in === 'query') base.query[p.name] = value;
    else base.headers[p.name] = value;
  }
  if (bodyType) {
    const whole = target.bodies?.[op.id]?.[bodyType];
    base.body = whole !== undefined ? structuredClone(whole) : overlay(sampled(op.bodySchema), known);
  }
  return base;
}

/** Puts the known values in place of sampled ones wherever a field has a known name. */
function overlay(value: Json, known: Record<string, Json>): Json {
  if (Array.isArray(value)) return value.map((v) => overlay(v, known));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k in known ? known[k] : overlay(v, known)]),
  );
}

/** Paths to every node of a JSON body below its root. */
function nodesOf(value: Json, at: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const here = [...at, Array.isArray(value) ? Number(k) : k];
    return [here, ...nodesOf(v, here)];
  });
}

const parentOf = (body: Json, path: (string | number)[]) =>
  path.slice(0, -1).reduce<any>((node, key) => node[key], body) as Record<string | number, Json>;

const DEEP = '\u0001deep';
/** Thousands of levels, written as text: building it as a value would overflow the stack. */
const deepJson = (levels: number) => `${'{"a":['.repeat(levels)}1${']}'.repeat(levels)}`;

const b64 = (text: string) => Buffer.from(text).toString('base64url');
/** A keyset cursor as the lists write theirs (a key tuple ending in an ID), holding a value they never would. */
export const craftedCursor = (v: Json, id: Json = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b') =>
  b64(JSON.stringify([v, id]));

/**
 * Values a server never wrote but a client can send: numbers past every integer type, fractions,
 * dates PostgreSQL cannot hold, keyset cursors with such values inside.
 */
export const CRAFTED_TEXT = [
  '0.5',
  '1e308',
  '9223372036854775808',
  '-9223372036854775809',
  'null',
  'NaN',
  '-1',
  '',
  '0000-01-01',
  '-271821-04-20',
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '10000-01-01T00:00:00Z',
  'true',
  '[]',
  "'; SELECT 1; --",
  '../../etc/passwd',
  '\u00fc\u{1f600}',
  craftedCursor(0.5),
  craftedCursor(1e308),
  craftedCursor(2 ** 63),
  craftedCursor(-(2 ** 63)),
  craftedCursor(null),
  craftedCursor(null, null),
  b64('[1e999,"x"]'),
  b64('{"v":1,"id":"x"}'),
  b64('["0000-01-01T00:00:00Z","0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"]'),
  b64('not json'),
  'not base64 !*',
];

export const CRAFTED_JSON: Json[] = [
  0.5,
  1e308,
  -1e308,
  2 ** 63,
  -(2 ** 63),
  Number.MAX_SAFE_INTEGER + 2,
  -1,
  0,
  null,
  true,
  '',
  [],
  {},
  ...CRAFTED_TEXT,
];

/** Percent-encodings no decoder accepts, sent as they are. */
const BAD_PERCENT = ['%', '%zz', '%E0%A4%A', '%C0%AF', '%FF', '%uD800', '%ED%A0%80', '%%'];

const WRONG_TYPES = [
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-16',
  'application/jsonx',
  'image/png',
];

/** The body limit of a route that does not set its own. */
const DEFAULT_BODY_LIMIT = 1024 * 1024;

type Slot = { in: 'path' | 'query' | 'header'; name: string } | { in: 'body'; at: (string | number)[] };

/** A base request changed: its values, and what goes on the wire as it is. */
interface Mutated {
  request: BaseRequest;
  /** The body as sent, in place of the encoded one. */
  body?: string;
  headers?: Record<string, string>;
  /** A path or query value sent unencoded (a bad percent-encoding). */
  raw?: { name: string; value: string };
  /** Levels of nesting put where the body holds the DEEP marker. */
  deep?: number;
  /** Which of the target's bad credentials to send instead of good ones. */
  badAuth?: number;
}

/** A change to a base request, drawn by fast-check. */
type Mutation = (base: BaseRequest) => Mutated;

export const MUTATION_CLASSES = [
  'nul',
  'crafted',
  'type',
  'missing',
  'extra',
  'size',
  'nesting',
  'content-type',
  'malformed-json',
  'bad-url',
  'auth',
] as const;
export type MutationClass = (typeof MUTATION_CLASSES)[number];

/** Text of any script, or ASCII with its control characters; always well-formed, so it can be encoded. */
const anyText = (maxLength: number) =>
  fc.oneof(fc.string({ unit: 'grapheme', maxLength }), fc.string({ unit: 'binary-ascii', maxLength }));

const urlSlots = (b: BaseRequest): Slot[] => [
  ...Object.keys(b.path).map((name) => ({ in: 'path' as const, name })),
  ...Object.keys(b.query).map((name) => ({ in: 'query' as const, name })),
];
const headerSlots = (b: BaseRequest): Slot[] =>
  Object.keys(b.headers).map((name) => ({ in: 'header' as const, name }));
const jsonBody = (b: BaseRequest) => b.bodyType !== undefined && b.bodyType !== 'text/csv';
const bodySlots = (b: BaseRequest): Slot[] =>
  jsonBody(b) ? nodesOf(b.body).map((at) => ({ in: 'body' as const, at })) : [];

function setSlot(b: BaseRequest, slot: Slot, value: Json | ((old: Json) => Json)): BaseRequest {
  const next = structuredClone(b);
  const f = typeof value === 'function' ? (value as (old: Json) => Json) : () => value;
  if (slot.in === 'body') {
    const parent = parentOf(next.body, slot.at);
    const key = slot.at.at(-1) as string | number;
    parent[key] = f(parent[key]);
  } else {
    const bag = next[slot.in === 'header' ? 'headers' : slot.in];
    const text = stringOf(f(bag[slot.name]));
    // A header carries visible ASCII only; anything else would not leave the client at all.
    bag[slot.name] = slot.in === 'header' ? text.replace(/[^\x20-\x7e]/g, '?') : text;
  }
  return next;
}

/** Inserts `piece` into a string (or the string form of anything else) at a drawn position. */
const insertAt = (piece: string, position: number) => (old: Json) => {
  const text = typeof old === 'string' ? old : stringOf(old);
  const at = Math.min(position, text.length);
  return `${text.slice(0, at)}${piece}${text.slice(at)}`;
};

/** The arbitrary of one class's mutations for a base request; null when the class has nothing to change. */
function mutations(
  target: FuzzTarget,
  kind: MutationClass,
  op: Operation,
  b: BaseRequest,
): fc.Arbitrary<Mutation> | null {
  const pick = <T>(items: T[]) => (items.length ? fc.constantFrom(...items) : null);
  const url = urlSlots(b);
  const body = bodySlots(b);
  const position = fc.nat({ max: 64 });
  switch (kind) {
    case 'nul': {
      const slots = pick([...url, ...body]);
      const csv = b.bodyType === 'text/csv';
      if (!slots && !csv) return null;
      const inSlot =
        slots &&
        fc.tuple(slots, position).map(
          ([s, p]): Mutation =>
            (r) => ({ request: setSlot(r, s, insertAt('\0', p)) }),
        );
      const inCsv = fc.nat({ max: 200 }).map(
        (p): Mutation =>
          (r) => ({ request: { ...r, body: insertAt('\0', p)(r.body) } }),
      );
      return csv ? (inSlot ? fc.oneof(inSlot, inCsv) : inCsv) : (inSlot as fc.Arbitrary<Mutation>);
    }
    case 'crafted': {
      const textSlots = pick([...url, ...headerSlots(b)]);
      const jsonSlots = pick(body);
      const options: fc.Arbitrary<Mutation>[] = [];
      if (textSlots)
        options.push(
          fc.tuple(textSlots, fc.constantFrom(...CRAFTED_TEXT)).map(
            ([s, v]): Mutation =>
              (r) => ({ request: setSlot(r, s, v) }),
          ),
        );
      if (jsonSlots)
        options.push(
          fc.tuple(jsonSlots, fc.constantFrom(...CRAFTED_JSON)).map(
            ([s, v]): Mutation =>
              (r) => ({ request: setSlot(r, s, v) }),
          ),
        );
      return options.length ? fc.oneof(...options) : null;
    }
    case 'type': {
      const options: fc.Arbitrary<Mutation>[] = [];
      const textSlots = pick([...url, ...headerSlots(b)]);
      if (textSlots)
        options.push(
          fc.tuple(textSlots, anyText(40)).map(
            ([s, v]): Mutation =>
              (r) => ({ request: setSlot(r, s, v) }),
          ),
        );
      const jsonSlots = pick(body);
      if (jsonSlots)
        options.push(
          fc.tuple(jsonSlots, fc.jsonValue({ maxDepth: 3 })).map(
            ([s, v]): Mutation =>
              (r) => ({ request: setSlot(r, s, v) }),
          ),
        );
      if (jsonBody(b))
        options.push(
          fc.jsonValue({ maxDepth: 2 }).map(
            (v): Mutation =>
              (r) => ({ request: { ...r, body: v } }),
          ),
        );
      return options.length ? fc.oneof(...options) : null;
    }
    case 'missing': {
      const required = op.parameters
        .filter((p) => p.required && (p.in === 'query' || p.in === 'header'))
        .map((p) => p.name);
      const options: Mutation[] = required.map((name) => (r) => {
        const next = structuredClone(r);
        delete next.query[name];
        delete next.headers[name];
        return { request: next };
      });
      for (const s of body)
        options.push((r) => {
          const next = structuredClone(r);
          const parent = parentOf(next.body, (s as { at: (string | number)[] }).at);
          const key = (s as { at: (string | number)[] }).at.at(-1) as string | number;
          if (Array.isArray(parent)) parent.splice(key as number, 1);
          else delete parent[key];
          return { request: next };
        });
      if (b.bodyType) options.push((r) => ({ request: { ...r, body: undefined } }));
      return pick(options);
    }
    case 'extra': {
      const objects = [[], ...nodesOf(b.body)].filter((at) => {
        const node = at.reduce<any>((n, k) => n?.[k], b.body);
        return node !== null && typeof node === 'object' && !Array.isArray(node);
      });
      const key = anyText(12);
      const options: fc.Arbitrary<Mutation>[] = [
        fc.tuple(key, anyText(12)).map(
          ([k, v]): Mutation =>
            (r) => ({
              request: { ...r, query: { ...r.query, [`x${k}`]: v } },
            }),
        ),
      ];
      if (jsonBody(b) && objects.length)
        options.push(
          fc.tuple(fc.constantFrom(...objects), key, fc.jsonValue({ maxDepth: 2 })).map(
            ([at, k, v]): Mutation =>
              (r) => {
                const next = structuredClone(r);
                const node = at.reduce<any>((n, x) => n[x], next.body) as Record<string, Json>;
                node[k] = v;
                return { request: next };
              },
          ),
        );
      return fc.oneof(...options);
    }
    case 'size': {
      const options: fc.Arbitrary<Mutation>[] = [];
      const paths = pick(url.filter((s) => s.in === 'path'));
      // Past the router's longest parameter (100 characters; the market's search tokens are
      // longer), and sometimes past the market's too.
      if (paths)
        options.push(
          fc.tuple(paths, fc.integer({ min: 101, max: 12_000 })).map(
            ([s, n]): Mutation =>
              (r) => ({ request: setSlot(r, s, 'a'.repeat(n)) }),
          ),
        );
      const slots = pick([...url.filter((s) => s.in === 'query'), ...body]);
      if (slots)
        options.push(
          fc.tuple(slots, fc.integer({ min: 1000, max: 100_000 })).map(
            ([s, n]): Mutation =>
              (r) => ({ request: setSlot(r, s, 'x'.repeat(n)) }),
          ),
        );
      if (b.bodyType && (target.bodyLimit?.(op) ?? DEFAULT_BODY_LIMIT) <= DEFAULT_BODY_LIMIT)
        options.push(
          fc.constant<Mutation>((r) => ({ request: r, body: 'x'.repeat(DEFAULT_BODY_LIMIT + 1) })),
        );
      return options.length ? fc.oneof(...options) : null;
    }
    case 'nesting': {
      if (!jsonBody(b)) return null;
      const levels = fc.integer({ min: 1000, max: 20_000 });
      const slots = pick(body);
      const whole = levels.map(
        (n): Mutation =>
          (r) => ({ request: { ...r, body: DEEP }, deep: n }),
      );
      if (!slots) return whole;
      return fc.oneof(
        whole,
        fc.tuple(slots, levels).map(
          ([s, n]): Mutation =>
            (r) => ({ request: setSlot(r, s, DEEP), deep: n }),
        ),
      );
    }
    case 'content-type': {
      if (!b.bodyType && op.method === 'GET') return null;
      return fc.constantFrom(...WRONG_TYPES).map(
        (type): Mutation =>
          (r) => ({
            request: { ...r, bodyType: r.bodyType ?? 'application/json', body: r.body ?? {} },
            headers: { 'content-type': type },
          }),
      );
    }
    case 'malformed-json': {
      if (!jsonBody(b) && op.method === 'GET') return null;
      const garbage = fc.constantFrom(
        '{',
        '[1,',
        '{"a":}',
        'nul',
        '{"a":1}{}',
        '\ufeff{}',
        '"\\ud800"',
        '',
        '{"a":"\\u00"}',
      );
      const truncated = fc.nat().map(
        (n): Mutation =>
          (r) => {
            const text = encodeBody(r) ?? '{}';
            return { request: r, body: text.slice(0, n % Math.max(1, text.length - 1)) };
          },
      );
      return fc.oneof(
        garbage.map(
          (text): Mutation =>
            (r) => ({ request: { ...r, bodyType: r.bodyType ?? 'application/json' }, body: text }),
        ),
        ...(jsonBody(b) ? [truncated] : []),
      );
    }
    case 'bad-url': {
      const slots = pick(url);
      if (!slots) return null;
      return fc.tuple(slots, fc.constantFrom(...BAD_PERCENT)).map(
        ([s, bad]): Mutation =>
          (r) => ({
            request: r,
            raw: { name: (s as { name: string }).name, value: bad },
          }),
      );
    }
    case 'auth':
      return fc.nat().map(
        (n): Mutation =>
          (r) => ({ request: r, badAuth: n }),
      );
  }
}

const ISO_DATE = /^\d{4}-\d\d-\d\d/;

/**
 * Every crafted value in every slot that carries a cursor or a time (query values and body
 * dates), run besides the random draws: these are where a value the server never wrote
 * reaches SQL.
 */
function craftedExamples(b: BaseRequest): [Mutation][] {
  const slots: Slot[] = [
    ...urlSlots(b).filter((s) => s.in === 'query'),
    ...bodySlots(b).filter((s) => {
      const value = (s as { at: (string | number)[] }).at.reduce<any>((n, k) => n?.[k], b.body);
      return typeof value === 'string' && ISO_DATE.test(value);
    }),
  ];
  return slots.flatMap((slot) =>
    (slot.in === 'body' ? CRAFTED_JSON : CRAFTED_TEXT).map((v): [Mutation] => [
      (r) => ({ request: setSlot(r, slot, v) }),
    ]),
  );
}

function encodeBody(r: BaseRequest): string | undefined {
  if (r.body === undefined) return undefined;
  if (r.bodyType === 'text/csv') return stringOf(r.body);
  if (r.bodyType === 'application/x-ndjson' && Array.isArray(r.body))
    return r.body.map((row) => JSON.stringify(row)).join('\n');
  return JSON.stringify(r.body);
}

function toWire(target: FuzzTarget, op: Operation, m: Mutated): WireRequest {
  const r = m.request;
  const component = (name: string, value: string | undefined) =>
    m.raw?.name === name ? m.raw.value : encodeURIComponent(value ?? '');
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => component(name, r.path[name]));
  const query = Object.entries(r.query).map(([k, v]) => `${encodeURIComponent(k)}=${component(k, v)}`);
  const encoded = encodeBody(r);
  const body =
    m.body ?? (m.deep === undefined ? encoded : encoded?.replace(JSON.stringify(DEEP), deepJson(m.deep)));
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json, */*',
    ...r.headers,
  };
  if (body !== undefined) headers['content-type'] = r.bodyType ?? 'application/json';
  Object.assign(headers, m.headers);
  const wire: WireRequest = {
    method: op.method,
    path: `${path}${query.length ? `?${query.join('&')}` : ''}`,
    headers,
    ...(body !== undefined && { body }),
  };
  if (m.badAuth === undefined)
    return { ...wire, headers: { ...wire.headers, ...target.credentials(op, wire) } };
  const bad = target.badCredentials(op, wire);
  return { ...wire, headers: { ...wire.headers, ...(bad[m.badAuth % Math.max(1, bad.length)] ?? {}) } };
}

export interface WireAnswer {
  status: number;
  contentType: string;
  text: string;
}

/** Sends the request byte for byte (fetch would normalise the path and refuse a body on GET). */
export function send(baseUrl: string, wire: WireRequest, timeoutMs = 20_000): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const body = wire.body === undefined ? undefined : Buffer.from(wire.body);
    const req = httpRequest(
      `${baseUrl}${wire.path}`,
      {
        method: wire.method,
        headers: { ...wire.headers, ...(body && { 'content-length': String(body.length) }) },
        timeout: timeoutMs,
      },
      (res) => {
        const contentType = String(res.headers['content-type'] ?? '');
        // An event stream never ends by itself: its status and type are the answer.
        if (contentType.startsWith('text/event-stream')) {
          resolve({ status: res.statusCode ?? 0, contentType, text: '' });
          req.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** What is wrong with an answer, or null: no 5xx, problem+json on every error, no error in a stream. */
export function answerFault(answer: WireAnswer): string | null {
  if (answer.status >= 500) return `answered ${answer.status}: ${answer.text.slice(0, 300)}`;
  if (answer.status >= 400) {
    if (!answer.contentType.startsWith('application/problem+json'))
      return `answered ${answer.status} as ${answer.contentType || 'no content type'}: ${answer.text.slice(0, 300)}`;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(answer.text);
    } catch {
      return `answered ${answer.status} with a problem that is not JSON: ${answer.text.slice(0, 300)}`;
    }
    for (const field of ['type', 'code', 'title'])
      if (typeof body[field] !== 'string') return `problem without ${field}: ${answer.text.slice(0, 300)}`;
    if (body.status !== answer.status) return `problem status ${body.status} on a ${answer.status}`;
  }
  if (answer.contentType.startsWith('application/x-ndjson') && /"type":"error"/.test(answer.text))
    return `streamed an internal error: ${answer.text.slice(-300)}`;
  return null;
}

/**
 * Runs `numRuns` malformed variants of every class against one operation, and fails (with
 * fast-check's seed and the request) on the first bad answer.
 */
export async function fuzzOperation(
  target: FuzzTarget,
  op: Operation,
  options: { numRuns: number; seed?: number; classes?: readonly MutationClass[] },
): Promise<void> {
  for (const kind of options.classes ?? MUTATION_CLASSES) {
    for (const bodyType of op.bodyTypes.length ? op.bodyTypes : [undefined]) {
      const base = baseRequest(target, op, bodyType);
      const arbitrary = mutations(target, kind, op, base);
      if (!arbitrary) continue;
      const examples = kind === 'crafted' ? craftedExamples(base) : [];
      const run = fc.assert(
        fc.asyncProperty(arbitrary, async (mutate) => {
          const wire = toWire(target, op, mutate(base));
          const fault = answerFault(await send(target.url, wire));
          if (!fault) return;
          const shown =
            wire.body && wire.body.length > 500
              ? `${wire.body.slice(0, 500)}… (${wire.body.length} chars)`
              : wire.body;
          throw new Error(
            `${op.id} [${kind}${bodyType ? `, ${bodyType}` : ''}] ${wire.method} ${wire.path.slice(0, 300)}\n${shown ?? ''}\n→ ${fault}`,
          );
        }),
        // Each run is a real request: no shrinking, so a failure costs one run, not hundreds.
        // The examples count towards numRuns in fast-check, so the random draws come on top.
        { numRuns: options.numRuns + examples.length, seed: options.seed, endOnFailure: true, examples },
      );
      // fast-check's report names the seed; the cause names the request and what was wrong.
      await run.catch((error: Error) => {
        const seed = /\{ seed: [^}]*\}/.exec(error.message)?.[0] ?? '';
        throw new Error(`${(error.cause as Error | undefined)?.message ?? error.message}\n${seed}`);
      });
    }
  }
}
