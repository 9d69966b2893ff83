import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHttpServer, type HttpServer } from '../http/server.ts';
import { createLogger } from '../log.ts';
import {
  type ClosedLinkCertificates,
  createClosedLinkCertificates,
  type IssuedCertificate,
  PrivateCertificateAuthority,
} from './certificates.ts';
import { ClosedLinkClient } from './client.ts';
import { type ClosedLinkEndpoint, normalizeFingerprint, type TlsMaterial } from './endpoint.ts';
import { listenOnClosedLink, mutualTlsServerFactory } from './listen.ts';

let pings = 0;

/** The smallest service: one GET route, on whatever server the factory makes. */
async function pingApp(serverFactory?: Parameters<typeof createHttpServer>[0]['serverFactory']) {
  const app = await createHttpServer({
    title: 'ping',
    description: 'closed-link test',
    version: '0',
    logger: createLogger('closed-link-test', 'silent'),
    serverFactory,
  });
  app.get('/ping', async () => {
    pings++;
    return { pong: true };
  });
  return app;
}

const apps: HttpServer[] = [];
const clients: ClosedLinkClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const app of apps.splice(0)) await app.close();
});

async function serve(endpoint: ClosedLinkEndpoint, serverFactory?: Parameters<typeof pingApp>[0]) {
  const app = await pingApp(serverFactory);
  apps.push(app);
  await listenOnClosedLink(app, endpoint);
  return app;
}

function linkClient(endpoint: ClosedLinkEndpoint) {
  const client = new ClosedLinkClient(endpoint, { retries: 0, timeoutMs: 5_000 });
  clients.push(client);
  return client;
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('closed link over a Unix socket', () => {
  let dir: string;
  let endpoint: ClosedLinkEndpoint & { kind: 'socket' };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tokumei-link-'));
    endpoint = { kind: 'socket', path: join(dir, 'closed-link', 'settlement.sock') };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is owner-only and answers a ClosedLinkClient', async () => {
    await serve(endpoint);
    expect(mode(endpoint.path)).toBe(0o600);
    expect(mode(dirname(endpoint.path))).toBe(0o700);
    expect(await linkClient(endpoint).call('GET', '/ping')).toEqual({ status: 200, body: { pong: true } });
  });

  it('refuses a second listener on the path while the first runs', async () => {
    await serve(endpoint);
    const second = await pingApp();
    apps.push(second);
    await expect(listenOnClosedLink(second, endpoint)).rejects.toThrow(/in use/);
    expect(await linkClient(endpoint).call('GET', '/ping')).toMatchObject({ status: 200 });
  });

  it('refuses a directory that others can enter, and leaves its mode alone', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'tokumei-shared-'));
    chmodSync(shared, 0o1777);
    const app = await pingApp();
    apps.push(app);
    await expect(
      listenOnClosedLink(app, { kind: 'socket', path: join(shared, 'settlement.sock') }),
    ).rejects.toThrow(`${shared} must be a directory that only this account can enter`);
    expect(statSync(shared).mode & 0o7777).toBe(0o1777);
    rmSync(shared, { recursive: true, force: true });
  });

  it('replaces a socket file left behind by a killed process', async () => {
    // A process that dies by SIGKILL cannot unlink its socket.
    const child = spawn(process.execPath, [
      '-e',
      `require('node:net').createServer().listen(${JSON.stringify(endpoint.path)}, () => process.kill(process.pid, 'SIGKILL'))`,
    ]);
    await new Promise((resolve) => child.once('exit', resolve));
    expect(existsSync(endpoint.path)).toBe(true);

    await serve(endpoint);
    expect(await linkClient(endpoint).call('GET', '/ping')).toEqual({ status: 200, body: { pong: true } });
  });
});

describe('closed link over mutual TLS', () => {
  let certs: ClosedLinkCertificates;
  /** From the right CA, but not the pinned market certificate. */
  let unpinned: IssuedCertificate;
  /** A market certificate from some other CA. */
  let foreign: IssuedCertificate;
  let port: number;

  beforeAll(async () => {
    // The same CA and leaves `tokumei certs` makes, with the CA kept to sign an unpinned client.
    const ca = await PrivateCertificateAuthority.create();
    certs = {
      ca: ca.issued,
      settlement: await ca.issue({ commonName: 'settlement', usage: 'server' }),
      market: await ca.issue({ commonName: 'market', usage: 'client' }),
    };
    unpinned = await ca.issue({ commonName: 'intruder', usage: 'client' });
    foreign = (await createClosedLinkCertificates()).market;
  });

  const serverTls = (): TlsMaterial => ({
    cert: certs.settlement.cert,
    key: certs.settlement.key,
    ca: certs.ca.cert,
  });

  /** The server notes a refusal after the client has seen it: a generous bound, for a busy machine. */
  const SERVER_SIDE = { timeout: 20_000 };

  /** What the server saw: handshakes it accepted, and the ones it refused with the reason. */
  let accepted: number;
  let refused: { code?: string; authorizationError?: string }[];

  async function serveTls() {
    const app = await serve(
      { kind: 'tls', host: '127.0.0.1', port: 0, tls: serverTls() },
      mutualTlsServerFactory(serverTls(), [certs.market.fingerprint]),
    );
    port = (app.server.address() as AddressInfo).port;
    pings = 0;
    accepted = 0;
    refused = [];
    app.server.on('secureConnection', () => accepted++);
    app.server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: TLSSocket) =>
      refused.push({ code: error.code, authorizationError: socket.authorizationError?.toString() }),
    );
  }

  /** A raw GET /ping as some client; resolves with the status, rejects when refused. */
  const get = (client: { cert?: string; key?: string }, send: typeof httpsRequest = httpsRequest) =>
    new Promise<number>((resolve, reject) => {
      const req = send(
        {
          host: '127.0.0.1',
          port,
          path: '/ping',
          ca: certs.ca.cert,
          ...client,
          agent: false,
          timeout: 5_000,
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', reject);
      req.end();
    });

  it('answers the pinned market certificate', async () => {
    await serveTls();
    const client = linkClient({
      kind: 'tls',
      host: '127.0.0.1',
      port,
      tls: { cert: certs.market.cert, key: certs.market.key, ca: certs.ca.cert },
    });
    expect(await client.call('GET', '/ping')).toEqual({ status: 200, body: { pong: true } });
    expect(await get({ cert: certs.market.cert, key: certs.market.key })).toBe(200);
    expect(pings).toBe(2);
  });

  it('refuses the handshake of a client without a certificate', async () => {
    await serveTls();
    await expect(get({})).rejects.toMatchObject({ code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' });
    await vi.waitFor(
      () => expect(refused).toEqual([{ code: 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE' }]),
      SERVER_SIDE,
    );
    expect(accepted).toBe(0);
  });

  it('refuses the handshake of a certificate from another CA', async () => {
    await serveTls();
    await expect(get({ cert: foreign.cert, key: foreign.key })).rejects.toThrow();
    await vi.waitFor(
      () =>
        expect(refused).toEqual([
          expect.objectContaining({ authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }),
        ]),
      SERVER_SIDE,
    );
    expect(accepted).toBe(0);
    expect(pings).toBe(0);
  });

  it('cuts off a certificate of the right CA that is not pinned, before any request', async () => {
    await serveTls();
    await expect(get({ cert: unpinned.cert, key: unpinned.key })).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    expect(accepted).toBe(1); // the handshake succeeded; the pin check then destroyed the socket
    // The route must not run either: a POST would take effect even though its answer is lost.
    expect(pings).toBe(0);
  });

  it('keeps the link up while renewed certificates under the same CA are rolled out', async () => {
    // `tokumei certs --renew`: the CA loaded from its files, new leaves under it.
    const renewed = await createClosedLinkCertificates({
      ca: await PrivateCertificateAuthority.load(certs.ca),
    });
    expect(renewed.ca.cert).toBe(certs.ca.cert);
    // Step 1: settlement on its renewed certificate, pinning the market's old and new ones.
    const tls = { cert: renewed.settlement.cert, key: renewed.settlement.key, ca: certs.ca.cert };
    const pins = [renewed.market.fingerprint, certs.market.fingerprint];
    const app = await serve(
      { kind: 'tls', host: '127.0.0.1', port: 0, tls },
      mutualTlsServerFactory(tls, pins),
    );
    port = (app.server.address() as AddressInfo).port;
    pings = 0;
    // The market still on its old certificate, then (step 2) on its new one: both answered.
    expect(await get({ cert: certs.market.cert, key: certs.market.key })).toBe(200);
    expect(await get({ cert: renewed.market.cert, key: renewed.market.key })).toBe(200);
    // A leaf of the same CA that is pinned by no one still is not let in.
    await expect(get({ cert: unpinned.cert, key: unpinned.key })).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    expect(pings).toBe(2);
  });

  it('loads a CA only with its own key', async () => {
    await expect(PrivateCertificateAuthority.load({ cert: certs.ca.cert, key: foreign.key })).rejects.toThrow(
      'the key does not belong to the CA certificate',
    );
    await expect(
      PrivateCertificateAuthority.load({ cert: certs.market.cert, key: certs.market.key }),
    ).rejects.toThrow('the certificate is not a CA');
  });

  it('gives no answer over plain HTTP', async () => {
    await serveTls();
    await expect(get({}, httpRequest as typeof httpsRequest)).rejects.toThrow();
    await vi.waitFor(() => expect(refused).toHaveLength(1), SERVER_SIDE);
    expect(pings).toBe(0);
  });
});

describe('closed-link certificates', () => {
  it('fingerprint the DER as Node does, and name the server by its hosts', async () => {
    const certs = await createClosedLinkCertificates({
      hosts: ['settlement.internal', '10.1.2.3'],
      days: 30,
    });
    for (const leaf of [certs.settlement, certs.market, certs.ca]) {
      expect(leaf.fingerprint).toBe(normalizeFingerprint(new X509Certificate(leaf.cert).fingerprint256));
    }
    const ca = new X509Certificate(certs.ca.cert);
    const settlement = new X509Certificate(certs.settlement.cert);
    const market = new X509Certificate(certs.market.cert);
    expect(ca.ca).toBe(true);
    expect(settlement.ca).toBe(false);
    expect(settlement.checkIssued(ca) && settlement.verify(ca.publicKey)).toBe(true);
    expect(market.checkIssued(ca) && market.verify(ca.publicKey)).toBe(true);
    expect(settlement.subjectAltName).toBe('DNS:settlement.internal, IP Address:10.1.2.3');
    expect(settlement.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // serverAuth
    expect(market.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']); // clientAuth
    expect(new Date(settlement.validTo).getTime() - Date.now()).toBeLessThanOrEqual(30 * 86_400_000);
    expect(certs.market.key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });
});
