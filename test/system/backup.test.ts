import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DELIVERY_MIGRATIONS } from '../../src/delivery/db/migrations-folder.ts';
import { runDeliveryDuties } from '../../src/delivery/workers.ts';
import { MARKET_MIGRATIONS } from '../../src/market/db/migrations-folder.ts';
import { runSettlementDuties } from '../../src/market/payments/settlement-duties.ts';
import { registerTestSeller } from '../../src/market/testing/market-harness.ts';
import { runMarketDuties } from '../../src/market/workers.ts';
import {
  type BackupEntry,
  backupDatabase,
  type RestoreTarget,
  restoreBackup,
} from '../../src/platform/backup/backup.ts';
import { BackupKey } from '../../src/platform/backup/backup-key.ts';
import { BackupRefused } from '../../src/platform/backup/manifest.ts';
import { type Database, openDatabase } from '../../src/platform/db/database.ts';
import type { ServiceStatus } from '../../src/platform/service-status.ts';
import {
  createServerDatabase,
  dropServerDatabase,
  type TestDatabase,
} from '../../src/platform/testing/databases.ts';
import { describeEachDatabase } from '../../src/platform/testing/for-each-database.ts';
import { SETTLEMENT_MIGRATIONS } from '../../src/settlement/db/migrations-folder.ts';
import { ledgerBreaches } from '../../src/settlement/ledger/invariants.ts';
import { tableContents } from './database-dump.ts';
import { paidOrderWithPickupCode } from './payment-helpers.ts';
import { startTestSystem, TEST_PICKUP_POINT, type TestSystem } from './system-harness.ts';

const DAY = 86_400_000;
const CLI = join(import.meta.dirname, '../../bin/tokumei.js');
const SERVICES = {
  market: MARKET_MIGRATIONS,
  settlement: SETTLEMENT_MIGRATIONS,
  delivery: DELIVERY_MIGRATIONS,
} as const;
type Service = keyof typeof SERVICES;
const NAMES = Object.keys(SERVICES) as Service[];

/**
 * The backup unit across the three services: what purchases, payments and pickups wrote is backed
 * up at one moment; after more of them, each service is restored from its backup into a fresh
 * database, holds exactly what it held at that moment, and the system on the restored databases
 * reconciles clean. Backups that were damaged, cut short or are given the wrong key are refused.
 */
describeEachDatabase('backing up and restoring the three services', (kind) => {
  let s: TestSystem;
  let restored: TestSystem | undefined;
  let root: string;
  let price = 2_000;
  const key = new BackupKey(randomBytes(32));
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'tokumei-system-backup-'));
    s = await startTestSystem(kind);
  });
  afterAll(async () => {
    await restored?.close();
    await s?.close();
    for (const cleanup of cleanups) await cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  const databases = (system: TestSystem): Record<Service, Database> => ({
    market: system.market.ctx.database,
    settlement: system.settlement.settlement.ctx.database,
    delivery: system.delivery.delivery.ctx.database,
  });
  const contents = async (system: TestSystem) =>
    Object.fromEntries(
      await Promise.all(
        Object.entries(databases(system)).map(
          async ([name, db]) => [name, await tableContents(db.db)] as const,
        ),
      ),
    );

  /** Purchases paid by prepaid card, their parcels carried and handed over, the money released. */
  async function trade(system: TestSystem, rounds: number) {
    const seller = await registerTestSeller(system, `Seller ${price}`);
    const clerkKey = await system.delivery.clerkKey(TEST_PICKUP_POINT.code);
    const clerk = (step: string, body: Record<string, unknown>) =>
      system.delivery.call('POST', `/clerk/${step}`, { token: clerkKey, body });
    const duties = async () => {
      await runDeliveryDuties(system.delivery.delivery.ctx);
      await runMarketDuties(system.market.ctx);
      await runSettlementDuties(system.market.ctx);
    };
    for (let i = 0; i < rounds; i++) {
      const card = await system.settlement.prepaid(20_000);
      const order = await paidOrderWithPickupCode(system, seller.apiKey, card, price++);
      const booked = await system.call('PUT', `/seller/orders/${order.orderId}/shipment`, {
        token: seller.apiKey,
        body: { parcelSize: 'small' },
      });
      expect(booked.status).toBe(201);
      for (const step of ['drop-off', 'dispatch', 'arrival'])
        expect((await clerk(step, { orderId: order.orderId })).status, step).toBe(200);
      await duties();
      expect((await clerk('hand-over', { orderId: order.orderId, code: order.code })).status).toBe(200);
      await duties();
    }
  }

  async function status(system: TestSystem): Promise<Record<string, ServiceStatus>> {
    const res = await system.call('GET', '/operator/status', { token: system.operatorKey });
    expect(res.status).toBe(200);
    return Object.fromEntries(
      (res.body.services as ServiceStatus[]).map((service) => [service.name, service]),
    );
  }

  /** A fresh, empty database to restore into, removed after the suite. */
  async function emptyTarget(name: string): Promise<RestoreTarget> {
    if (kind === 'postgres') {
      const url = await createServerDatabase();
      cleanups.push(() => dropServerDatabase(url));
      return { url };
    }
    return { dataDir: join(root, `restored-${name}-${randomBytes(4).toString('hex')}`, 'pgdata') };
  }

  async function openRestored(service: Service, target: RestoreTarget): Promise<TestDatabase> {
    const database = await openDatabase({
      location: 'url' in target ? { url: target.url } : { dataDir: target.dataDir },
      migrationsFolder: SERVICES[service],
    });
    return { database, url: 'url' in target ? target.url : undefined, drop: () => database.close() };
  }

  it('restores every service to the moment of its backup, and the system on them reconciles clean', async () => {
    const dir = join(root, 'backups');
    // With a folder and a limit, a service without a backup is degraded on the status page.
    for (const config of [
      s.market.ctx.config,
      s.settlement.settlement.ctx.config,
      s.delivery.delivery.ctx.config,
    ])
      config.backup = { dir, keep: 3, maxAgeMs: DAY };
    for (const name of NAMES) {
      const service = (await status(s))[name];
      expect(service?.status, name).toBe('degraded');
      expect(service?.issues, name).toContainEqual(expect.stringMatching(/No backup has been taken/));
    }

    await trade(s, 3);
    const moment = await contents(s);
    const backups = {} as Record<Service, BackupEntry>;
    for (const name of NAMES)
      backups[name] = await backupDatabase(databases(s)[name], { service: name, dir, key, keep: 3 });
    // Nothing ran meanwhile: the moment is the backups' moment.
    expect(await contents(s)).toEqual(moment);
    expect(moment.settlement?.['public.payments']?.rows).toBe(3);

    const fresh = await status(s);
    for (const name of NAMES) {
      expect(fresh[name], name).toMatchObject({
        status: 'ok',
        backup: { lastAt: backups[name].manifest.createdAt, maxAgeSeconds: DAY / 1000 },
      });
    }
    s.clock.advance(3 * DAY);
    expect((await status(s)).settlement?.issues).toContainEqual(
      expect.stringMatching(/newest backup is 3 days old, older than 24 hours/),
    );

    await trade(s, 2);
    expect((await contents(s)).settlement).not.toEqual(moment.settlement);

    const targets = {} as Record<Service, TestDatabase>;
    for (const name of NAMES) {
      const target = await emptyTarget(name);
      await restoreBackup(backups[name].path, target, {
        service: name,
        key,
        migrationsFolder: SERVICES[name],
      });
      targets[name] = await openRestored(name, target);
    }
    for (const name of NAMES)
      expect(await tableContents(targets[name].database.db), name).toEqual(moment[name]);

    restored = await startTestSystem(kind, { databases: targets, kinds: false, pickupPoints: [] });
    expect(await ledgerBreaches(restored.settlement.settlement.ctx.db)).toEqual([]);
    const reconcile = await runCli(['reconcile', '--url', restored.url, '--key', restored.operatorKey]);
    expect(reconcile.code, reconcile.output).toBe(0);
    expect(JSON.parse(reconcile.output)).toMatchObject({ ok: true });
  });

  it('refuses a corrupted, a truncated and a wrongly keyed backup, leaving the target empty', async () => {
    const dir = join(root, 'refused');
    const backup = await backupDatabase(databases(s).settlement, {
      service: 'settlement',
      dir,
      key,
      keep: 1,
    });
    const copy = (name: string, change: (folder: string) => void) => {
      const folder = join(root, name);
      mkdirSync(folder);
      for (const file of readdirSync(backup.path))
        writeFileSync(join(folder, file), readFileSync(join(backup.path, file)));
      change(folder);
      return folder;
    };
    const data = (folder: string) => join(folder, 'data.enc');
    const cases: [string, string, BackupKey, RegExp][] = [
      [
        'corrupted',
        copy('corrupted', (f) => {
          const bytes = readFileSync(data(f));
          bytes.writeUInt8(bytes.readUInt8(100) ^ 0xff, 100);
          writeFileSync(data(f), bytes);
        }),
        key,
        /corrupted/,
      ],
      [
        'truncated',
        copy('truncated', (f) => truncateSync(data(f), statSync(data(f)).size - 1)),
        key,
        /truncated/,
      ],
      ['wrongly keyed', backup.path, new BackupKey(randomBytes(32)), /not with the key given/],
    ];
    for (const [name, path, withKey, message] of cases) {
      const target = await emptyTarget(name);
      const refusal = await restoreBackup(path, target, {
        service: 'settlement',
        key: withKey,
        migrationsFolder: SETTLEMENT_MIGRATIONS,
      }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refusal, name).toBeInstanceOf(BackupRefused);
      expect((refusal as Error).message, name).toMatch(message);
      expect(await isEmpty(target), name).toBe(true);
    }
  });
});

/** True when nothing was restored into the target: no table on the server, no data directory made. */
async function isEmpty(target: RestoreTarget): Promise<boolean> {
  if ('dataDir' in target) return !existsSync(target.dataDir);
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
    );
    return rows[0].n === 0;
  } finally {
    await client.end();
  }
}

/** A `tokumei` command as a real process, as the operator runs it. */
function runCli(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}
