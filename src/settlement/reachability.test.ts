import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClosedLinkCertificates } from '../platform/closed-link/certificates.ts';
import { ClosedLinkClient } from '../platform/closed-link/client.ts';
import { seedEmbeddedDataDir } from '../platform/testing/databases.ts';
import { startServiceProcess } from '../platform/testing/service-process.ts';
import { SETTLEMENT_MIGRATIONS } from './db/migrations-folder.ts';

const running: ChildProcess[] = [];
const dirs: string[] = [];
/** One data directory for the file's processes, one after another. */
let dataDir: string | undefined;

/** `tokumei serve settlement` as its own process, as in production; resolves once it listens. */
async function serveSettlement(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; address: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tokumei-reach-'));
  dirs.push(dir);
  if (!dataDir) {
    // Made from this run's migrated database: what is checked here is where it listens.
    dataDir = join(dir, 'settlement');
    await seedEmbeddedDataDir(dataDir, SETTLEMENT_MIGRATIONS);
  }
  const started = await startServiceProcess('settlement', {
    env: {
      TOKUMEI_SETTLEMENT_DATA_DIR: dataDir,
      TOKUMEI_SETTLEMENT_SOCKET: join(dir, 'link', 'settlement.sock'),
      TOKUMEI_SETTLEMENT_DEMO_DATA: 'false',
      TOKUMEI_LOG_LEVEL: 'warn',
      ...env,
    },
  });
  running.push(started.child);
  return started;
}

/** The TCP sockets a process holds, read from Linux's /proc: listening ones and the rest. */
function tcpSocketsOf(pid: number): { listening: string[]; connected: string[] } {
  const inodes = new Set(
    readdirSync(`/proc/${pid}/fd`)
      .map((fd) => {
        try {
          return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        } catch {
          return undefined; // closed while we looked
        }
      })
      .filter(Boolean),
  );
  const sockets = { listening: [] as string[], connected: [] as string[] };
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [local, state, inode] = [fields[1] as string, fields[3], fields[9] as string];
      if (!inodes.has(inode)) continue;
      (state === '0A' ? sockets.listening : sockets.connected).push(local);
    }
  }
  return sockets;
}

const hexPort = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');

afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('settlement is reachable on the closed link only (a real process)', () => {
  it('by default listens on an owner-only socket and on no TCP address at all, and opens no connection', async () => {
    const { child } = await serveSettlement({});
    try {
      const socket = join(dirs.at(-1) as string, 'link', 'settlement.sock');
      expect(statSync(socket).mode & 0o777).toBe(0o600);
      expect(statSync(join(socket, '..')).mode & 0o777).toBe(0o700);
      const client = new ClosedLinkClient({ kind: 'socket', path: socket }, { retries: 0 });
      expect((await client.call('GET', '/livez')).status).toBe(200);
      // Its contract is there to read; a docs page is not, for no one browses the closed link.
      expect((await client.call('GET', '/openapi.json')).status).toBe(200);
      expect((await client.call('GET', '/docs')).status).toBe(404);
      client.close();
      expect(tcpSocketsOf(child.pid as number)).toEqual({ listening: [], connected: [] });
    } finally {
      // Stopped, so that the next process can open the same embedded database.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }
    }
  });

  it('over TLS listens only on its configured address, and refuses a client without the pinned certificate', async () => {
    const certs = await createClosedLinkCertificates();
    const stranger = await createClosedLinkCertificates();
    const dir = mkdtempSync(join(tmpdir(), 'tokumei-certs-'));
    dirs.push(dir);
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text, { mode: 0o600 });
      return join(dir, name);
    };
    // Port 0: the system picks a free one and the process reports it, so no two runs collide.
    const { child, address } = await serveSettlement({
      TOKUMEI_SETTLEMENT_TLS_LISTEN: '127.0.0.1:0',
      TOKUMEI_SETTLEMENT_TLS_CERT: file('settlement.crt', certs.settlement.cert),
      TOKUMEI_SETTLEMENT_TLS_KEY: file('settlement.key', certs.settlement.key),
      TOKUMEI_SETTLEMENT_TLS_CA: file('ca.crt', certs.ca.cert),
      TOKUMEI_SETTLEMENT_TLS_CLIENT_FINGERPRINTS: certs.market.fingerprint,
    });
    const port = Number(new URL(address).port);
    expect(port).toBeGreaterThan(0);
    expect(tcpSocketsOf(child.pid as number).listening).toEqual([`0100007F:${hexPort(port)}`]);

    const pinned = new ClosedLinkClient(
      { kind: 'tls', host: '127.0.0.1', port, tls: { ...certs.market, ca: certs.ca.cert } },
      { retries: 0 },
    );
    expect((await pinned.call('GET', '/livez')).status).toBe(200);
    pinned.close();

    const attempt = (tls: { cert?: string; key?: string }) =>
      new Promise<string>((resolve) => {
        const req = request(
          { host: '127.0.0.1', port, path: '/livez', ca: certs.ca.cert, ...tls, agent: false },
          (res) => resolve(`answered ${res.statusCode}`),
        );
        req.on('error', (error) => resolve(`refused: ${error.message}`));
        req.end();
      });
    expect(await attempt({})).toMatch(/^refused/);
    expect(await attempt({ cert: stranger.market.cert, key: stranger.market.key })).toMatch(/^refused/);
    expect(await attempt({ cert: certs.settlement.cert, key: certs.settlement.key })).toMatch(/^refused/);
    const plain = await new Promise<string>((resolve) => {
      const probe = connect(port, '127.0.0.1', () => probe.end('GET /livez HTTP/1.1\r\nHost: x\r\n\r\n'));
      let answer = '';
      probe.on('data', (d) => (answer += d));
      probe.on('close', () => resolve(answer));
      probe.on('error', () => resolve(answer));
    });
    expect(plain).not.toContain('HTTP/1.1 200');
  });
});
