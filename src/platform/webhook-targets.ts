import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';

export interface WebhookTargetOptions {
  /**
   * Lets webhooks go to private and loopback addresses over plain http, for tests and local
   * demos only; unspecified addresses (0.0.0.0, ::) stay refused.
   */
  allowPrivate: boolean;
  /** How names are resolved, both when a URL is checked and when a delivery connects (tests). */
  lookup?: LookupFunction;
}

const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

/** What kind of address a non-public one is (ipaddr.js's ranges, those that read alike folded). */
export type AddressKind =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'shared'
  | 'ipv4_as_ipv6'
  | 'nat64'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

const RANGE_KINDS: Record<string, AddressKind> = {
  unspecified: 'unspecified',
  loopback: 'loopback',
  private: 'private',
  uniqueLocal: 'private',
  linkLocal: 'link_local',
  carrierGradeNat: 'shared',
  ipv4Mapped: 'ipv4_as_ipv6',
  rfc6145: 'ipv4_as_ipv6',
  rfc6052: 'nat64',
  multicast: 'multicast',
  broadcast: 'broadcast',
};

/**
 * Why a URL may not receive webhooks, as data: the market words it in the caller's language
 * (and in English for its delivery records).
 */
export type WebhookRefusal =
  | { reason: 'scheme'; schemes: 'https' | 'http_or_https' }
  /** An address webhooks may not go to, written in the URL or, with `host`, what the name resolved to. */
  | { reason: 'address'; address: string; kind: AddressKind; host?: string }
  | { reason: 'unresolved'; host: string };

/**
 * What kind of address `address` is when webhooks may not go to it, or null for a public unicast
 * address. The rule is the filtering agent's (ipaddr.js: anything but `unicast` is refused),
 * plus IPv4-compatible IPv6 (::a.b.c.d), which ipaddr.js counts as unicast.
 */
export function nonPublicAddress(address: string): AddressKind | null {
  const parsed = ipaddr.parse(address);
  const range = parsed.range();
  if (range !== 'unicast') return RANGE_KINDS[range] ?? 'reserved';
  if (parsed.kind() === 'ipv6' && parsed.match(IPV4_COMPATIBLE)) return 'ipv4_as_ipv6';
  return null;
}

/**
 * Where webhooks may go, so that a seller cannot make the market call into its own network
 * (SSRF): public https URLs only. A URL is checked when a seller names it, for a clear answer,
 * but what counts is the check at connect time: the filtering agent refuses the address a
 * delivery actually connects to, after the name is resolved for that connection, so a name
 * that resolves elsewhere the second time (DNS rebinding) gains nothing.
 */
export class WebhookTargets {
  readonly #allowPrivate: boolean;
  readonly #lookup?: LookupFunction;
  readonly #agents: { 'http:': http.Agent; 'https:': https.Agent };

  constructor(options: WebhookTargetOptions) {
    this.#allowPrivate = options.allowPrivate;
    this.#lookup = options.lookup;
    const filter = { allowPrivateIPAddress: options.allowPrivate, lookup: options.lookup };
    this.#agents = {
      'http:': new RequestFilteringHttpAgent(filter),
      'https:': new RequestFilteringHttpsAgent(filter),
    };
  }

  /** Why a URL may not receive webhooks, or null when it may. */
  async refusal(url: string): Promise<WebhookRefusal | null> {
    const target = new URL(url);
    const refused = this.#refusalWithoutLookup(target);
    if (refused !== undefined) return refused;
    const host = target.hostname;
    const addresses = await this.#resolve(host);
    if (addresses.length === 0) return { reason: 'unresolved', host };
    for (const address of addresses) {
      const kind = nonPublicAddress(address);
      if (kind) return { reason: 'address', address, kind, host };
    }
    return null;
  }

  /**
   * POSTs a webhook; returns null when the receiver took it (2xx), the refusal when the URL may
   * not be sent to, or the failure's own words (a refused connection, a timeout, a status).
   */
  async post(
    url: string,
    body: string,
    headers: Record<string, string>,
    timeoutMs: number,
  ): Promise<WebhookRefusal | string | null> {
    const target = new URL(url);
    const refused = this.#refusalWithoutLookup(target);
    if (refused) return refused;
    const send = target.protocol === 'https:' ? https.request : http.request;
    return new Promise((resolve) => {
      const request = send(
        target,
        {
          method: 'POST',
          agent: this.#agents[target.protocol as 'http:' | 'https:'],
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
          signal: AbortSignal.timeout(timeoutMs),
        },
        (response) => {
          // Only the status counts; the body is drained unread.
          response.resume();
          const status = response.statusCode ?? 0;
          resolve(status >= 200 && status < 300 ? null : `HTTP ${status}`);
        },
      );
      // Kept for the request's whole life: a refusal, a timeout or a reset is a failed delivery.
      request.on('error', (error) => resolve(error.message));
      request.end(body);
    });
  }

  /**
   * The checks that need no name resolved: the scheme, and an address written in the URL.
   * Returns undefined when the name is still to be resolved.
   */
  #refusalWithoutLookup(target: URL): WebhookRefusal | null | undefined {
    const schemes = this.#allowPrivate ? ['http:', 'https:'] : ['https:'];
    if (!schemes.includes(target.protocol))
      return { reason: 'scheme', schemes: this.#allowPrivate ? 'http_or_https' : 'https' };
    if (this.#allowPrivate) return null;
    const address = target.hostname.replace(/^\[|\]$/g, '');
    if (isIP(address)) {
      const kind = nonPublicAddress(address);
      return kind ? { reason: 'address', address, kind } : null;
    }
    return undefined;
  }

  #resolve(hostname: string): Promise<string[]> {
    return new Promise((resolve) => {
      const lookup = this.#lookup ?? (dnsLookup as LookupFunction);
      lookup(hostname, { all: true }, (error, addresses) =>
        resolve(error || !Array.isArray(addresses) ? [] : addresses.map((a) => a.address)),
      );
    });
  }
}
