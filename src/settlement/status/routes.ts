import { sql } from 'drizzle-orm';
import packageJson from '../../../package.json' with { type: 'json' };
import { queryRows } from '../../platform/db/database.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { checkService, serviceStatusSchema } from '../../platform/service-status.ts';
import type { SettlementContext } from '../context.ts';

/** The market collects settlement's news every second; news this old means it is not. */
const UNCOLLECTED_GRACE_MS = 5 * 60_000;

interface CountsRow {
  prepaidCards: number;
  creditCards: number;
  lockedCards: number;
  announced: number;
  inEscrow: number;
  undelivered: number;
  undeliveredLate: number;
}

/** Settlement's status for the operator's page, which the market fetches over the closed link. */
export function statusRoutes(app: HttpServer, ctx: SettlementContext) {
  const startedAt = ctx.clock.now();
  app.get(
    '/status',
    {
      schema: {
        operationId: 'getStatus',
        tags: ['status'],
        summary: 'How settlement is doing',
        response: { 200: serviceStatusSchema },
      },
    },
    async () => {
      const now = ctx.clock.now();
      const service = {
        name: 'settlement',
        version: packageJson.version,
        startedAt,
        now,
        database: ctx.database,
        log: ctx.log,
        backups: ctx.config.backup,
      };
      return checkService(service, async () => {
        const late = new Date(now.getTime() - UNCOLLECTED_GRACE_MS).toISOString();
        const [row] = await queryRows<CountsRow>(
          ctx.db,
          sql`SELECT
            (SELECT count(*)::int FROM instruments WHERE kind = 'prepaid') AS "prepaidCards",
            (SELECT count(*)::int FROM instruments WHERE kind = 'credit') AS "creditCards",
            (SELECT count(*)::int FROM instruments WHERE locked_until > ${now.toISOString()}::timestamptz) AS "lockedCards",
            (SELECT count(*)::int FROM announcements) AS "announced",
            (SELECT count(*)::int FROM payments p WHERE NOT EXISTS
              (SELECT 1 FROM transfers r WHERE r.pending_id = p.escrow_transfer_id)) AS "inEscrow",
            (SELECT count(*)::int FROM outbox WHERE delivered_at IS NULL) AS "undelivered",
            (SELECT count(*)::int FROM outbox WHERE delivered_at IS NULL
              AND created_at < ${late}::timestamptz) AS "undeliveredLate"`,
        );
        if (!row) throw new Error('the counts query returned no row');
        const issues =
          row.undeliveredLate > 0
            ? [
                `${row.undeliveredLate} message(s) for the market waiting more than ${UNCOLLECTED_GRACE_MS / 60_000} minutes: the market is not collecting them.`,
              ]
            : [];
        return {
          counts: [
            { name: 'prepaidCards', label: 'Prepaid cards', value: row.prepaidCards },
            { name: 'creditCards', label: 'Credit cards', value: row.creditCards },
            { name: 'lockedCards', label: 'Cards locked (wrong PINs)', value: row.lockedCards },
            { name: 'announced', label: 'Orders announced', value: row.announced },
            { name: 'inEscrow', label: 'Payments held in escrow', value: row.inEscrow },
            { name: 'undelivered', label: 'Messages for the market', value: row.undelivered },
          ],
          issues,
        };
      });
    },
  );
}
