import { createServer, type Server } from 'node:http';
import https from 'node:https';
import type { AddressInfo, LookupFunction } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AddressKind, nonPublicAddress, WebhookTargets } from './webhook-targets.ts';

/** A resolver that answers each call with the next address given, the last one for good. */
function lookupAnswering(...answers: string[]): LookupFunction {
  let calls = 0;
  return (_hostname, options, callback) => {
    const address = answers[Math.min(calls++, answers.length - 1)] as string;
    const family = address.includes(':') ? 6 : 4;
    if (options.all)
      (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

/** Addresses webhooks may not go to, each with the kind a refusal names. */
const REFUSED_KINDS: [string, AddressKind][] = [
  ['::ffff:127.0.0.1', 'ipv4_as_ipv6'],
  ['::ffff:7f00:1', 'ipv4_as_ipv6'],
  ['::ffff:10.0.0.1', 'ipv4_as_ipv6'],
  ['::127.0.0.1', 'ipv4_as_ipv6'],
  ['100.64.0.1', 'shared'],
  ['100.127.255.254', 'shared'],
  ['::', 'unspecified'],
  ['0.0.0.0', 'unspecified'],
  ['169.254.169.254', 'link_local'],
  ['127.0.0.1', 'loopback'],
  ['::1', 'loopback'],
  ['10.1.2.3', 'private'],
  ['172.16.0.1', 'private'],
  ['192.168.1.1', 'private'],
  ['fc00::1', 'private'],
  ['fe80::1', 'link_local'],
  ['224.0.0.1', 'multicast'],
  ['ff02::1', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['192.0.2.1', 'reserved'],
  ['64:ff9b::a00:1', 'nat64'],
];
const PUBLIC = ['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '100.128.0.1'];

describe('webhook addresses', () => {
  it.each(REFUSED_KINDS)('%s is not public: %s', (address, kind) => {
    expect(nonPublicAddress(address)).toBe(kind);
  });

  it.each(PUBLIC)('%s is public', (address) => {
    expect(nonPublicAddress(address)).toBeNull();
  });
});

describe('webhook URLs named by a seller', () => {
  const strict = (lookup?: LookupFunction) => new WebhookTargets({ allowPrivate: false, lookup });
  const bracket = (a: string) => (a.includes(':') ? `[${a}]` : a);

  it.each(REFUSED_KINDS)('refuses https://%s written in the URL, naming it %s', async (address, kind) => {
    const why = await strict().refusal(`https://${bracket(address)}/hook`);
    // Named as the URL parser writes it (::ffff:127.0.0.1 becomes ::ffff:7f00:1).
    const written = new URL(`https://${bracket(address)}/`).hostname.replace(/^\[|\]$/g, '');
    expect(why).toEqual({ reason: 'address', address: written, kind });
  });

  it.each(REFUSED_KINDS)('refuses a name that resolves to %s, naming it %s', async (address, kind) => {
    const why = await strict(lookupAnswering(address)).refusal('https://hooks.seller.example/hook');
    expect(why).toEqual({ reason: 'address', address, kind, host: 'hooks.seller.example' });
  });

  it('accepts a public https URL, and refuses plain http and names that do not resolve', async () => {
    expect(
      await strict(lookupAnswering('93.184.215.14')).refusal('https://hooks.seller.example/h'),
    ).toBeNull();
    expect(await strict().refusal('https://93.184.215.14/h')).toBeNull();
    expect(await strict().refusal('http://93.184.215.14/h')).toEqual({ reason: 'scheme', schemes: 'https' });
    const failing: LookupFunction = (_h, _o, callback) =>
      callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), '', 4);
    expect(await strict(failing).refusal('https://nowhere.example/h')).toEqual({
      reason: 'unresolved',
      host: 'nowhere.example',
    });
  });
});

describe('webhook deliveries, checked at the address connected to', () => {
  // Listening on :: also takes IPv4 (127.0.0.1, and 0.0.0.0 which Linux connects to itself).
  let receiver: Server;
  let port: number;
  let connections = 0;

  beforeAll(async () => {
    receiver = createServer((_request, response) => response.writeHead(204).end());
    receiver.on('connection', () => {
      connections++;
    });
    await new Promise<void>((resolve) => receiver.listen({ port: 0, host: '::', ipv6Only: false }, resolve));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => receiver.close(resolve)));
  beforeEach(() => {
    connections = 0;
  });

  const post = (targets: WebhookTargets, url: string) =>
    targets.post(url, '{}', { 'content-type': 'application/json' }, 5000);

  /** What an unfiltered client reaches: proves the refusals below are not for want of a listener. */
  async function reachesReceiver(host: string) {
    const request = https.request({ host, port, method: 'POST', rejectUnauthorized: false });
    // The receiver speaks no TLS: the handshake fails once the connection is made.
    await new Promise((resolve) => request.on('error', resolve).on('close', resolve).end());
    return connections > 0;
  }

  const LOOPBACK_REACHING = ['::ffff:127.0.0.1', '::ffff:7f00:1', '::', '0.0.0.0', '127.0.0.1', '::1'];

  it.each(LOOPBACK_REACHING)('an unfiltered client would reach the receiver at %s', async (address) => {
    expect(await reachesReceiver(address)).toBe(true);
  });

  it.each([...LOOPBACK_REACHING, '100.64.0.1', '169.254.169.254'])(
    'refuses to connect to %s when a name resolves to it at send time',
    async (address) => {
      const targets = new WebhookTargets({ allowPrivate: false, lookup: lookupAnswering(address) });
      const why = await post(targets, `https://hooks.seller.example:${port}/hook`);
      expect(why).toMatch(/is not allowed/);
      expect(connections).toBe(0);
    },
  );

  it.each([...LOOPBACK_REACHING, '100.64.0.1', '169.254.169.254'])(
    'refuses to send to %s written in the URL',
    async (address) => {
      const targets = new WebhookTargets({ allowPrivate: false });
      const host = address.includes(':') ? `[${address}]` : address;
      expect(await post(targets, `https://${host}:${port}/hook`)).toMatchObject({ reason: 'address' });
      expect(connections).toBe(0);
    },
  );

  it('defeats DNS rebinding: public when checked, loopback when connecting, and nothing arrives', async () => {
    const targets = new WebhookTargets({
      allowPrivate: false,
      lookup: lookupAnswering('93.184.215.14', '127.0.0.1'),
    });
    const url = `https://rebind.seller.example:${port}/hook`;
    expect(await targets.refusal(url)).toBeNull();
    expect(await post(targets, url)).toMatch(/127\.0\.0\.1.* is not allowed/);
    expect(connections).toBe(0);
  });

  it('delivers to loopback over http only when private targets are allowed, and never to 0.0.0.0', async () => {
    const local = new WebhookTargets({ allowPrivate: true });
    expect(await post(local, `http://127.0.0.1:${port}/hook`)).toBeNull();
    expect(connections).toBe(1);
    expect(await post(local, `http://0.0.0.0:${port}/hook`)).toMatch(/is not allowed/);
    expect(await post(new WebhookTargets({ allowPrivate: false }), `http://93.184.215.14:${port}/h`)).toEqual(
      {
        reason: 'scheme',
        schemes: 'https',
      },
    );
    expect(connections).toBe(1);
  });
});
