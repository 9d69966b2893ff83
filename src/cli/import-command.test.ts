import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerTestSeller, startTestMarket, type TestMarket } from '../market/testing/market-harness.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the real `tokumei` command; never rejects, so the exit code can be checked. */
function tokumei(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.TOKUMEI_SELLER_KEY;
  delete env.TOKUMEI_MARKET_URL;
  return new Promise((resolve) => {
    execFile('node', ['bin/tokumei.js', ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error.code as number) ?? 1) : 0, stdout, stderr });
    });
  });
}

// The command only speaks HTTP, so one database kind is enough; the route's tests cover both.
describe('tokumei import', () => {
  let m: TestMarket;
  let key: string;
  let dir: string;
  beforeAll(async () => {
    m = await startTestMarket('pglite');
    key = (await registerTestSeller(m, 'CLI seller')).apiKey;
    dir = mkdtempSync(join(tmpdir(), 'tokumei-import-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await m.close();
  });

  it('uploads a file, prints each bad row by line, and exits 1', async () => {
    const file = join(dir, 'offers.csv');
    writeFileSync(
      file,
      [
        'kind,model,name,price,currency,stock,cpu_mhz,disk_gb,ram_gb,colour',
        'personal-computer,CLI-1,PC,100000,JPY,1,3000,512,16,black',
        'personal-computer,CLI-2,PC,100000,JPY,1,3000,512,16,purple',
        'personal-computer,CLI-3,PC,99.9,JPY,1,3000,512,16,black',
      ].join('\n'),
    );
    const atomic = await tokumei(['import', file, '--seller', key, '--url', m.url, '--atomic']);
    expect(atomic.code).toBe(1);
    expect(atomic.stdout).toContain('Nothing loaded (--atomic): 2 row(s) failed.');

    const run = await tokumei(['import', file, '--seller', key, '--url', m.url]);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')).toEqual([
      'Loaded 1 row(s): 1 created, 0 updated; 2 row(s) failed.',
      'line 3: attribute colour must be one of black, silver, white, grey, blue, red',
      'line 4: price must be a whole number of minor units',
      '',
    ]);
  });

  it('exits 0 when every row loads, and explains a refused file', async () => {
    const file = join(dir, 'offers.ndjson');
    const offer = {
      kind: 'smartphone',
      model: 'CLI-P1',
      name: 'Phone',
      attributes: { storage_gb: 64, ram_gb: 4, screen_in: 6.1, colour: 'blue' },
      price: 30_000,
      currency: 'JPY',
      stock: 2,
    };
    writeFileSync(file, `${JSON.stringify(offer)}\n`);
    const ok = await tokumei(['import', file, '--seller', key, '--url', m.url]);
    expect(ok).toMatchObject({
      code: 0,
      stdout: 'Loaded 1 row(s): 1 created, 0 updated; 0 row(s) failed.\n',
    });

    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '[\n{"kind": }\n]');
    const refused = await tokumei(['import', broken, '--seller', key, '--url', m.url]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('unreadable_file');
    expect(refused.stderr).toContain('line 2: invalid JSON');
  });
});
