import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeFingerprint } from '../platform/closed-link/endpoint.ts';
import { type Db, openDatabase } from '../platform/db/database.ts';
import { SETTLEMENT_MIGRATIONS } from '../settlement/db/migrations-folder.ts';
import { luhnValid } from '../settlement/instruments/card-number.ts';
import { authenticate } from '../settlement/instruments/instruments.ts';
import { releaseEscrow } from '../settlement/payments/escrow.ts';
import {
  settlementFixtures,
  TEST_INSTRUMENT_SETTINGS,
  TEST_SELLER,
} from '../settlement/testing/settlement-fixtures.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// The commands open the database themselves, so each test runs the real `tokumei` against an
// embedded settlement database in a temporary directory.
describe('settlement-host commands', () => {
  let dir: string;
  let dataDir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tokumei-settlement-cli-'));
    dataDir = join(dir, 'settlement');
    mkdirSync(dataDir, { mode: 0o700 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs `tokumei` as the settlement host would; never rejects, so the exit code can be checked. */
  function tokumei(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('TOKUMEI_SETTLEMENT_')),
    );
    env.TOKUMEI_SETTLEMENT_DATA_DIR = dataDir;
    return new Promise((resolve) => {
      execFile('node', ['bin/tokumei.js', ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
        resolve({ code: error ? ((error.code as number) ?? 1) : 0, stdout, stderr });
      });
    });
  }

  const mode = (path: string) => statSync(path).mode & 0o777;

  /** Opens the embedded database the commands use, in this process, between two commands. */
  async function withDatabase<T>(work: (db: Db) => Promise<T>): Promise<T> {
    const database = await openDatabase({
      location: { dataDir: join(dataDir, 'pgdata') },
      migrationsFolder: SETTLEMENT_MIGRATIONS,
    });
    try {
      return await work(database.db);
    } finally {
      await database.close();
    }
  }

  it('issues prepaid cards into an owner-only CSV, printing no number or PIN', async () => {
    const file = join(dir, 'cards.csv');
    const run = await tokumei(['cards', 'issue', '--count', '3', '--value', '5000', '--out', file]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(mode(file)).toBe(0o600);

    const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
    expect(header).toBe('number,pin,value,currency,expires');
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const [number, pin, value, currency, expires] = row.split(',') as [
        string,
        string,
        string,
        string,
        string,
      ];
      expect(number).toMatch(/^9392 \d{4} \d{4} \d{4}$/);
      expect(luhnValid(number.replaceAll(' ', ''))).toBe(true);
      expect(pin).toMatch(/^\d{6}$/);
      expect([value, currency]).toEqual(['5000', 'JPY']);
      expect(expires).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const secret of [number, number.replaceAll(' ', ''), pin])
        expect(run.stdout).not.toContain(secret);
    }
    expect(run.stdout).toMatch(new RegExp(`^batch [0-9a-f-]{36}\\ncards 3\\nfile  ${file}\\n$`));

    // The file holds the real numbers and PINs: settlement accepts them.
    const [number, pin] = (rows[0] as string).split(',') as [string, string];
    const settings = {
      ...TEST_INSTRUMENT_SETTINGS,
      pepper: readFileSync(join(dataDir, 'secret.key'), 'utf8').trim(),
    };
    const found = await withDatabase((db) =>
      db.transaction((tx) =>
        authenticate(tx, { number: number.replaceAll(' ', ''), pin }, settings, new Date()),
      ),
    );
    expect(found).toMatchObject({ ok: true, value: { kind: 'prepaid' } });

    const again = await tokumei(['cards', 'issue', '--count', '1', '--value', '5000', '--out', file]);
    expect(again).toMatchObject({ code: 1, stdout: '' });
    expect(again.stderr).toContain(`${file} already exists`);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(4);
  });

  it('refuses bad amounts naming the option, before touching anything', async () => {
    const run = await tokumei([
      'cards',
      'issue',
      '--count',
      '2',
      '--value',
      '49.5',
      '--out',
      join(dir, 'x.csv'),
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("option '--value <minor>' argument '49.5' is invalid");
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
  });

  it('opens a credit card, keeps its credit information, and takes repayments once', async () => {
    const file = join(dir, 'credit.csv');
    const opened = await tokumei([
      'credit',
      'open',
      '--holder',
      'Hanako Yamada',
      '--limit',
      '50000',
      '--out',
      file,
    ]);
    expect(opened.code).toBe(0);
    const id = /^instrument ([0-9a-f-]{36})$/m.exec(opened.stdout)?.[1] as string;
    expect(id).toBeDefined();
    expect(mode(file)).toBe(0o600);
    const [number, pin] = (readFileSync(file, 'utf8').split('\n')[1] as string).split(',') as [
      string,
      string,
    ];
    expect(luhnValid(number.replaceAll(' ', ''))).toBe(true);
    expect(opened.stdout).not.toContain(pin);
    expect(opened.stdout).not.toContain(number);

    expect((await tokumei(['credit', 'status', id, 'suspended'])).stdout).toBe(
      `instrument ${id}: status suspended\n`,
    );
    const statement = await tokumei([
      'credit',
      'statement',
      id,
      '--due',
      '2025-01-31',
      '--amount',
      '1200',
      '--paid',
      '2025-02-03',
    ]);
    expect(statement.code).toBe(0);
    const repayment = [
      'credit',
      'repay',
      id,
      '--amount',
      '700',
      '--id',
      '0b5d2a52-7f7c-4f0e-9a55-1c3f3e0f6a01',
    ];
    expect((await tokumei(repayment)).stdout).toContain('debt now -700 JPY');
    expect((await tokumei(repayment)).stdout).toContain('debt now -700 JPY'); // a repeat is harmless

    const status = await tokumei(['credit', 'status', id]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('holder      Hanako Yamada');
    expect(status.stdout).toContain('status      suspended');
    expect(status.stdout).toContain('limit       50000 JPY');
    expect(status.stdout).toContain('debt        -700 JPY');
    expect(status.stdout).toContain('credit      would be declined (credit_suspended)');
    expect(status.stdout).toContain('  due 2025-01-31  1200 JPY  paid 2025-02-03 (late)');
  });

  it('pays out, writing one owner-only statement per seller, and then finds nothing to pay', async () => {
    const now = new Date();
    const orderId = await withDatabase(async (db) => {
      const f = settlementFixtures(db, now);
      const sold = await f.announce(10_000);
      expect((await f.charge(await f.prepaid(10_000n), sold, 10_000n)).ok).toBe(true);
      expect((await db.transaction((tx) => releaseEscrow(tx, sold, 300, now))).ok).toBe(true);
      return sold;
    });

    const out = join(dir, 'payouts');
    const run = await tokumei(['payout', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`seller ${TEST_SELLER}: 9700 JPY for 1 order(s)`);
    const [file] = readdirSync(out);
    expect(mode(join(out, file as string))).toBe(0o600);
    expect(readFileSync(join(out, file as string), 'utf8')).toBe(
      `entry,reference,amount_minor,currency\nsale,${orderId},9700,JPY\ntotal,,9700,JPY\n`,
    );

    expect(await tokumei(['payout', '--out', out])).toMatchObject({
      code: 0,
      stdout: 'Nothing to pay out.\n',
    });
  });

  it('refuses to open an embedded database that a running settlement holds', async () => {
    writeFileSync(join(dataDir, 'settlement.pid'), String(process.pid)); // this test process is alive
    try {
      const run = await tokumei(['payout', '--out', join(dir, 'payouts')]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('stop settlement first, or run settlement on PostgreSQL');
    } finally {
      rmSync(join(dataDir, 'settlement.pid'));
    }
  });

  it('certs writes the CA and both certificates owner-only, will not overwrite them, and renews them under the same CA', async () => {
    const out = join(dir, 'tls');
    const run = await tokumei(['certs', '--out', out, '--host', 'settlement.internal', '--port', '7443']);
    expect(run.code).toBe(0);
    expect(mode(out)).toBe(0o700);
    for (const name of ['ca', 'settlement', 'market']) {
      expect(mode(join(out, `${name}.key`))).toBe(0o600);
      expect(mode(join(out, `${name}.crt`))).toBe(0o600);
      expect(readFileSync(join(out, `${name}.crt`), 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    }
    expect(run.stdout).toContain('TOKUMEI_SETTLEMENT_TLS_LISTEN=settlement.internal:7443');
    const market = new X509Certificate(readFileSync(join(out, 'market.crt')));
    expect(run.stdout).toContain(
      `TOKUMEI_SETTLEMENT_TLS_CLIENT_FINGERPRINTS=${normalizeFingerprint(market.fingerprint256)}\n`,
    );
    expect(run.stdout).toContain('TOKUMEI_MARKET_SETTLEMENT_URL=https://settlement.internal:7443');

    const ca = readFileSync(join(out, 'ca.crt'), 'utf8');
    const again = await tokumei(['certs', '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('give --renew to renew the certificates under the same CA');
    expect(readFileSync(join(out, 'ca.crt'), 'utf8')).toBe(ca);

    // Renewed under the same CA: new leaves it signed, settlement told to pin old and new.
    const renewed = await tokumei(['certs', '--out', out, '--renew', '--host', 'settlement.internal']);
    expect(renewed.code).toBe(0);
    expect(readFileSync(join(out, 'ca.crt'), 'utf8')).toBe(ca);
    const issuer = new X509Certificate(ca);
    const next = new X509Certificate(readFileSync(join(out, 'market.crt')));
    expect(next.fingerprint256).not.toBe(market.fingerprint256);
    expect(next.checkIssued(issuer) && next.verify(issuer.publicKey)).toBe(true);
    const settlement = new X509Certificate(readFileSync(join(out, 'settlement.crt')));
    expect(settlement.verify(issuer.publicKey)).toBe(true);
    expect(settlement.subjectAltName).toBe('DNS:settlement.internal');
    const [now, before] = [next, market].map((c) => normalizeFingerprint(c.fingerprint256));
    expect(renewed.stdout).toContain(`TOKUMEI_SETTLEMENT_TLS_CLIENT_FINGERPRINTS=${now},${before}\n`);
    expect(renewed.stdout).toContain(`TOKUMEI_SETTLEMENT_TLS_CLIENT_FINGERPRINTS=${now}\n`);
    for (const name of ['settlement', 'market']) expect(mode(join(out, `${name}.key`))).toBe(0o600);

    const nothing = await tokumei(['certs', '--out', join(dir, 'no-ca'), '--renew']);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('holds no ca.crt to renew under');
  });
});
