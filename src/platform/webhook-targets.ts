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

const RANGE_WORDS: Record<string, string> = {
  unspecified: 'an unspecified address',
  loopback: 'a loopback address',
  private: 'a private network address',
  uniqueLocal: 'a private network address',
  linkLocal: 'a link-local address',
  carrierGradeNat: 'a shared address (carrier-grade NAT)',
  ipv4Mapped: 'an IPv4 address written as IPv6',
  rfc6145: 'an IPv4 address written as IPv6',
  rfc6052: 'an IPv4 address behind NAT64',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
};

/**
 * Why an address is not one webhooks may go to, or null for a public unicast address. The rule
 * is the filtering agent's (ipaddr.js: anything but `unicast` is refused), plus IPv4-compatible
 * IPv6 (::a.b.c.d), which ipaddr.js counts as unicast.
 */
export function nonPublicAddress(address: string): string | null {
  const parsed = ipaddr.parse(address);
  const range = parsed.range();
  if (range !== 'unicast')
    return `${address} is ${RANGE_WORDS[range] ?? 'an address reserved for special use'}`;
  if (parsed.kind() === 'ipv6' && parsed.match(IPV4_COMPATIBLE))
    return `${address} is an IPv4 address written as IPv6`;
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

  /** Why a URL may not receive webhooks, in plain words, or null when it may. */
  async refusal(url: string): Promise<string | null> {
    const target = new URL(url);
    const refused = this.#refusalWithoutLookup(target);
    if (refused !== undefined) return refused;
    const addresses = await this.#resolve(target.hostname);
    if (addresses.length === 0) return `${target.hostname} does not resolve to an address`;
    for (const address of addresses) {
      const why = nonPublicAddress(address);
      if (why) return `${target.hostname} resolves to ${why}; webhooks go to public addresses only`;
    }
    return null;
  }

  /** POSTs a webhook; returns null when the receiver took it (2xx), or why not. */
  async post(
    url: string,
    body: string,
    headers: Record<string, string>,
    timeoutMs: number,
  ): Promise<string | null> {
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
  #refusalWithoutLookup(target: URL): string | null | undefined {
    const schemes = this.#allowPrivate ? ['http:', 'https:'] : ['https:'];
    if (!schemes.includes(target.protocol))
      return `must be an ${schemes.join(' or ').replaceAll(':', '')} URL`;
    if (this.#allowPrivate) return null;
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      const why = nonPublicAddress(host);
      return why ? `${why}; webhooks go to public addresses only` : null;
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
