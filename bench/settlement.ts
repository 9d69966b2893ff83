import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClosedLinkEndpoint } from '../src/platform/closed-link/endpoint.ts';
import { listenOnClosedLink } from '../src/platform/closed-link/listen.ts';
import { newSecret } from '../src/platform/ids.ts';
import { createLogger } from '../src/platform/log.ts';
import type { SettlementConfig } from '../src/settlement/config.ts';
import { SETTLEMENT_MIGRATIONS } from '../src/settlement/db/migrations-folder.ts';
import { type IssuedCard, issuePrepaidBatch } from '../src/settlement/instruments/instruments.ts';
import { buildSettlement } from '../src/settlement/server.ts';
import { openBenchDatabase } from './databases.ts';

export interface BenchSettlement {
  /** The closed link, for the bench market's `settlement` setting. */
  link: ClosedLinkEndpoint;
  /** Its database's URL, for the plain commit-rate measurement on the same server. */
  url: string;
  /** Prepaid cards with a balance no benchmark can spend. */
  issueCards(count: number, currency: string): Promise<IssuedCard[]>;
  /** Stops it and removes its database. */
  drop(): Promise<void>;
}

/**
 * A real settlement in this process, on a PostgreSQL database of its own, listening on a
 * socket in a temporary directory: the market reaches it over the closed link as in service.
 */
export async function startBenchSettlement(options: {
  pgUrl: string;
  poolSize: number;
}): Promise<BenchSettlement> {
  const dir = mkdtempSync(join(tmpdir(), 'tokumei-bench-link-'));
  const link: ClosedLinkEndpoint = { kind: 'socket', path: join(dir, 'link', 'settlement.sock') };
  const bench = await openBenchDatabase('postgres', {
    ...options,
    migrationsFolder: SETTLEMENT_MIGRATIONS,
    serverSettings: {},
  });
  const config: SettlementConfig = {
    dataDir: dir,
    secretKey: newSecret(),
    link,
    allowedClients: [],
    marketFeeBasisPoints: 300,
    maxPinAttempts: 5,
    pinLockMs: 15 * 60_000,
    idempotencyRetentionMs: 48 * 3_600_000,
    demoData: false,
    demoCurrency: 'JPY',
  };
  const cleanUp = async () => {
    await bench.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const settlement = await buildSettlement({
      config,
      database: bench.database,
      logger: createLogger('bench-settlement', 'silent'),
      workers: false,
    });
    await listenOnClosedLink(settlement.app, link);
    const { ctx } = settlement;
    return {
      link,
      url: bench.url as string,
      async issueCards(count, currency) {
        const batch = {
          count,
          value: 10n ** 15n,
          currency,
          expiresAt: new Date(Date.now() + 365 * 86_400_000),
        };
        return (await issuePrepaidBatch(ctx.db, batch, ctx.instruments, new Date())).cards;
      },
      async drop() {
        await settlement.close();
        await cleanUp();
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
