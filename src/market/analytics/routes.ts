import { Readable } from 'node:stream';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { timestampSchema } from '../../platform/clock.ts';
import { problemResponses, sendProblem } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { requireOperator } from '../../platform/operator-keys.ts';
import { keysetAfter, keysetOrder, pageQuery, pageSchema, toPage } from '../../platform/paging.ts';
import { analyticsHoldSourceSchema } from '../../protocol/settlement.ts';
import type { MarketContext } from '../context.ts';
import { message, problem } from '../problems/catalogue.ts';
import { currentSeller, requireSeller } from '../sellers/seller-auth.ts';
import { MARKET_HOLDER, readPolicy } from './budget.ts';
import { ANALYSES, type AnalysisId, analysisParametersSchema, CATALOGUE } from './catalogue.ts';
import { EXPORT_COLUMNS, EXPORT_STORES, exportRows, jsonArray } from './exports.ts';
import { ownFigures } from './own-figures.ts';
import { isoDaySchema } from './periods.ts';
import { priceOf } from './prices.ts';
import type { ReleaseBody } from './release.ts';
import { csvStream, releaseCsv } from './release-csv.ts';
import type { ReportPurchase } from './report-state.ts';
import {
  type BuyFailure,
  buyReport,
  microToDecimal,
  ownPurchase,
  type QuoteFailure,
  quoteReport,
  releasedReport,
  storedPeriods,
} from './reports.ts';
import {
  analyticsAudit,
  analyticsPolicy,
  analyticsPrices,
  privacyBudget,
  reportPurchases,
} from './tables.ts';

const epsilonSchema = z
  .string()
  .describe('ε as a decimal: the privacy loss this spends (smaller is more private)');

const cellSchema = z.object({
  period: z.string().nullable(),
  key: z.string(),
  label: z.string(),
  value: z.number().int().nullable().describe('The noisy value; null when suppressed'),
  suppressed: z.boolean().describe('Too small to tell from noise: no value is given'),
});
const releaseSchema = z
  .object({
    analysis: z.enum(ANALYSES),
    title: z.string(),
    parameters: z.record(z.string(), z.unknown()),
    periods: z.array(z.object({ key: z.string(), from: z.string(), to: z.string() })),
    epsilon: epsilonSchema,
    measures: z.array(
      z.object({
        name: z.string(),
        label: z.string(),
        byPeriod: z.boolean(),
        epsilon: epsilonSchema,
        sensitivity: z.number().int(),
        accuracy95: z
          .number()
          .int()
          .describe('Each value is within ± this of the truth, with 95 % confidence'),
        threshold: z.number().int().describe('Noisy values under this are suppressed'),
        cells: z.array(cellSchema),
        unlisted: z
          .object({
            suppressed: z.number().int().describe('Cells too small to tell from noise'),
            beyondTop: z.number().int().describe('Shown cells smaller than the last one listed'),
          })
          .optional()
          .describe('For a table that lists only its largest cells (best sellers): the cells not listed'),
      }),
    ),
    derived: z
      .array(
        z.object({
          name: z.string(),
          label: z.string(),
          rows: z.array(
            z.object({
              period: z.string().nullable(),
              key: z.string(),
              label: z.string(),
              value: z.union([z.number(), z.string()]).nullable(),
            }),
          ),
        }),
      )
      .describe(
        'Totals, shares and ranks worked out from the shown cells (suppressed ones count as nothing); no more ε',
      ),
    own: z
      .object({
        units: z.array(z.object({ period: z.string(), key: z.string(), value: z.number().int() })).optional(),
        offers: z
          .array(
            z.object({
              commodityId: z.string(),
              name: z.string(),
              price: z.number().int(),
              band: z.string(),
              cheaperShare: z
                .number()
                .nullable()
                .describe('Share of the market’s units sold in cheaper bands'),
              dearerShare: z.number().nullable().describe('Share of the market’s units sold in dearer bands'),
            }),
          )
          .optional(),
        commodityIds: z.array(z.string()).optional().describe('Commodities of the list you offer'),
      })
      .describe('Your own figures: exact, and shown to you alone'),
  })
  .meta({ id: 'AnalyticsRelease' });

const reportSchema = z
  .object({
    reportId: z.string(),
    analysis: z.enum(ANALYSES),
    title: z.string(),
    parameters: z.record(z.string(), z.unknown()),
    state: z.enum(['quoted', 'holding', 'held', 'computed', 'released', 'declined', 'voided']),
    price: z.number().int().describe('Minor units'),
    currency: z.string(),
    epsilon: epsilonSchema.describe('ε this purchase spends: 0 when the release was made before'),
    quoteExpiresAt: z.string(),
    createdAt: z.string(),
    failure: z.string().nullable(),
  })
  .meta({ id: 'AnalyticsReport' });

const quoteSchema = reportSchema
  .extend({
    kept: z.boolean().describe('The release exists: buying it spends no privacy budget'),
    accuracy: z.array(z.object({ name: z.string(), label: z.string(), accuracy95: z.number().int() })),
  })
  .meta({ id: 'AnalyticsQuote' });

const reportView = (p: ReportPurchase) => ({
  reportId: p.id,
  analysis: p.analysis as AnalysisId,
  title: CATALOGUE[p.analysis as AnalysisId].title,
  parameters: p.parameters as Record<string, unknown>,
  state: p.state as z.infer<typeof reportSchema>['state'],
  price: p.priceMinor,
  currency: p.currency,
  epsilon: microToDecimal(p.epsilonMicro),
  quoteExpiresAt: p.quoteExpiresAt.toISOString(),
  createdAt: p.createdAt.toISOString(),
  failure: p.failure,
});

const REPORT_NOT_FOUND = problem(404, 'report_not_found');

function quoteProblem(failure: QuoteFailure) {
  switch (failure.code) {
    case 'kind_not_found':
      return problem(404, 'kind_not_found');
    case 'history_pending':
      return problem(409, 'history_pending', { detail: message('history_pending.detail') });
    case 'invalid_attribute':
      return problem(422, 'invalid_attribute', { detail: failure.reason });
    case 'range_reversed':
      return problem(422, 'range_reversed');
    case 'range_not_closed':
      return problem(422, 'range_not_closed', {
        detail: message('range_not_closed.detail', { lastClosedDay: failure.lastClosedDay }),
        lastClosedDay: failure.lastClosedDay,
      });
    case 'range_too_long':
      return problem(422, 'range_too_long', {
        title: message('range_too_long', { maxPeriods: failure.maxPeriods }),
      });
    case 'over_budget':
      return budgetProblem(failure);
  }
}

const budgetProblem = (failure: Extract<QuoteFailure, { code: 'over_budget' }>) =>
  problem(409, 'over_budget', {
    detail: message('over_budget.detail', {
      holder: failure.holder,
      month: failure.month,
      remaining: microToDecimal(failure.remainingMicro),
    }),
    holder: failure.holder,
    month: failure.month,
    remaining: microToDecimal(failure.remainingMicro),
  });

function buyProblem(failure: BuyFailure) {
  switch (failure.code) {
    case 'report_not_found':
      return REPORT_NOT_FOUND;
    case 'quote_expired':
      return problem(409, 'quote_expired');
    case 'report_not_quoted':
      return problem(409, 'report_not_quoted', {
        state: failure.state,
      });
    case 'payment_declined':
      // Settlement's message is the English of the code's: it is worded here in the caller's language.
      return problem(402, 'payment_declined', {
        detail: message(`declined.${failure.decline}`),
        decline: failure.decline,
      });
    case 'idempotency_key_reused':
      return problem(409, 'idempotency_key_reused', { title: message('idempotency_key_reused.report') });
    case 'settlement_unavailable':
      return problem(503, 'settlement_unavailable', { title: message('settlement_unavailable.report') });
    case 'analysis_failed':
      return problem(500, 'analysis_failed');
    case 'over_budget':
      return budgetProblem(failure);
  }
}

export function analyticsRoutes(app: HttpServer, ctx: MarketContext) {
  const seller = { preHandler: requireSeller(ctx) };
  const sellerSecurity = [{ sellerKey: [] }];
  const tags = ['seller analytics'];

  app.get(
    '/seller/analytics/catalogue',
    {
      ...seller,
      schema: {
        operationId: 'listAnalyses',
        tags,
        summary: 'The analyses a seller can buy, with their prices and the ε each spends',
        security: sellerSecurity,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                analysis: z.enum(ANALYSES),
                title: z.string(),
                description: z.string(),
                attribute: z.enum(['none', 'enum', 'number', 'optional']),
                price: z.number().int(),
                currency: z.string(),
                epsilon: epsilonSchema,
              }),
            ),
          }),
          ...problemResponses(401, 403),
        },
      },
    },
    async () => ({
      items: await Promise.all(
        ANALYSES.map(async (id) => {
          const definition = CATALOGUE[id];
          const price = await priceOf(ctx.db, definition);
          return {
            analysis: id,
            title: definition.title,
            description: definition.description,
            attribute: definition.attribute,
            price: price.priceMinor,
            currency: ctx.config.defaultCurrency,
            epsilon: microToDecimal(price.epsilonMicro),
          };
        }),
      ),
    }),
  );

  app.post(
    '/seller/analytics/quotes',
    {
      ...seller,
      schema: {
        operationId: 'quoteAnalysis',
        tags,
        summary: 'Ask for an analysis: its price, the ε it spends and the accuracy to expect',
        description:
          'A quote holds for 15 minutes. Analyses cover ended periods only. When the market’s or your privacy budget for a month of the range cannot pay for a new release, the answer is a 409 `over_budget` and nothing is held. A release already made for the same analysis and parameters is sold again without spending budget (`kept`).',
        security: sellerSecurity,
        body: z.object({ analysis: z.enum(ANALYSES), parameters: analysisParametersSchema }).strict(),
        response: { 201: quoteSchema, ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const quoted = await quoteReport(
        ctx,
        currentSeller(request).id,
        request.body.analysis,
        request.body.parameters,
      );
      if (!quoted.ok) return sendProblem(reply, quoteProblem(quoted.error));
      const { purchase, kept, accuracy } = quoted.value;
      return reply.code(201).send({ ...reportView(purchase), kept, accuracy });
    },
  );

  app.post(
    '/seller/analytics/reports/:reportId/purchase',
    {
      ...seller,
      schema: {
        operationId: 'buyAnalysis',
        tags,
        summary: 'Buy a quoted analysis: pay, and receive the release',
        description:
          'The price is held at settlement, from your payable balance or a prepaid or credit card (passed to settlement and neither stored nor logged here), the release is made, the payment captured, and only then is the release yours. Any failure before that lets the hold go: nothing is charged. A quote is bought once: repeating the request answers the report as it stands. A declined payment is a 402 `payment_declined`; a budget spent meanwhile a 409 `over_budget`.',
        security: sellerSecurity,
        params: z.object({ reportId: z.uuid() }),
        headers: z.object({ 'idempotency-key': z.string().min(1).max(255).optional() }),
        body: z.object({ source: analyticsHoldSourceSchema }).strict(),
        response: { 200: reportSchema, ...problemResponses(400, 401, 402, 403, 404, 409, 500, 503) },
      },
    },
    async (request, reply) => {
      const bought = await buyReport(
        ctx,
        currentSeller(request).id,
        request.params.reportId,
        request.body.source,
        request.headers['idempotency-key'],
      );
      if (!bought.ok) {
        if (bought.error.code === 'settlement_unavailable') reply.header('retry-after', '5');
        return sendProblem(reply, buyProblem(bought.error));
      }
      return reportView(bought.value);
    },
  );

  const reportKey = z.tuple([timestampSchema.transform((at) => new Date(at)), z.uuid()]);
  const REPORT_KEYSET = [reportPurchases.createdAt, reportPurchases.id] as const;
  app.get(
    '/seller/analytics/reports',
    {
      ...seller,
      schema: {
        operationId: 'listAnalyticsReports',
        tags,
        summary: 'The reports you bought (and quotes you asked for), newest first',
        security: sellerSecurity,
        querystring: z.object({
          bought: z.enum(['true', 'false']).optional().describe('true: released reports only'),
          ...pageQuery(reportKey, { max: 200, default: 50 }),
        }),
        response: {
          200: pageSchema(reportSchema).meta({ id: 'AnalyticsReportPage' }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { cursor, limit, bought } = request.query;
      const rows = await ctx.db
        .select()
        .from(reportPurchases)
        .where(
          and(
            eq(reportPurchases.sellerId, currentSeller(request).id),
            bought === 'true' ? eq(reportPurchases.state, 'released') : undefined,
            cursor ? keysetAfter(REPORT_KEYSET, cursor, 'desc') : undefined,
          ),
        )
        .orderBy(...keysetOrder(REPORT_KEYSET, 'desc'))
        .limit(limit + 1);
      return toPage(rows, limit, (r) => [r.createdAt.toISOString(), r.id], reportView);
    },
  );

  app.get(
    '/seller/analytics/reports/:reportId',
    {
      ...seller,
      schema: {
        operationId: 'getAnalyticsReport',
        tags,
        summary: 'A report of yours; once bought, with its release (fetching it again costs nothing)',
        security: sellerSecurity,
        params: z.object({ reportId: z.uuid() }),
        response: {
          200: reportSchema.extend({ release: releaseSchema.nullable() }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const sellerId = currentSeller(request).id;
      const purchase = await ownPurchase(ctx, sellerId, request.params.reportId);
      if (!purchase) return sendProblem(reply, REPORT_NOT_FOUND);
      const found = await releasedReport(ctx, sellerId, purchase.id);
      if (!found) return { ...reportView(purchase), release: null };
      const body = found.release.body as ReleaseBody;
      return { ...reportView(purchase), release: { ...body, own: await ownFigures(ctx, sellerId, body) } };
    },
  );

  app.get(
    '/seller/analytics/reports/:reportId/csv',
    {
      ...seller,
      schema: {
        operationId: 'getAnalyticsReportCsv',
        tags,
        summary: 'A bought report’s release as CSV: one row per cell, suppressed cells marked',
        security: sellerSecurity,
        params: z.object({ reportId: z.uuid() }),
        response: {
          200: { description: 'CSV with a header row', content: { 'text/csv': { schema: z.string() } } },
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const found = await releasedReport(ctx, currentSeller(request).id, request.params.reportId);
      if (!found) return sendProblem(reply, REPORT_NOT_FOUND);
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="${found.release.analysis}-${found.purchase.id}.csv"`,
        )
        .send(releaseCsv(found.release.body as ReleaseBody));
    },
  );

  app.get(
    '/seller/analytics/exports/:store',
    {
      ...seller,
      schema: {
        operationId: 'exportHistory',
        tags,
        summary: 'Export the sales history or the purchaser preferences of a kind, row by row (CSV or JSON)',
        description:
          'Rows as the market keeps them: the day, never a time; no order, search, payment or purchaser; conditions without any text a purchaser typed. Your own sales carry your seller ID, others none. Exports are **not** differentially private (see the analytics documentation) and the operator can turn them off (403 `exports_disabled`). Ended days only, as analyses.',
        security: sellerSecurity,
        params: z.object({ store: z.enum(EXPORT_STORES) }),
        querystring: z
          .object({
            kind: z.string().min(1).max(40),
            from: isoDaySchema,
            to: isoDaySchema,
            format: z.enum(['csv', 'json']).default('csv'),
          })
          .strict(),
        response: {
          200: {
            description: 'The rows, streamed: CSV with a header row, or a JSON array',
            content: {
              'text/csv': { schema: z.string() },
              'application/json': { schema: z.array(z.unknown()) },
            },
          },
          ...problemResponses(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const { store } = request.params;
      const { kind, from, to, format } = request.query;
      if (!(await readPolicy(ctx.db)).exportsEnabled) {
        return sendProblem(reply, problem(403, 'exports_disabled'));
      }
      if (!(await ctx.kinds.get(ctx.db, kind))) return sendProblem(reply, problem(404, 'kind_not_found'));
      const range = await storedPeriods(ctx, 'day', from, to);
      if (!range.ok) return sendProblem(reply, quoteProblem(range.error));
      // A stream, not a value the response schema checks: `as never`, as the import's progress stream.
      const rows = exportRows(ctx.db, store, { kindId: kind, from, to, sellerId: currentSeller(request).id });
      const name = `${store}-${kind}-${from}-${to}`;
      if (format === 'json') {
        return reply
          .type('application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}.json"`)
          .send(Readable.from(jsonArray(rows)) as never);
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .send(Readable.from(rows).pipe(csvStream(EXPORT_COLUMNS[store])) as never);
    },
  );

  operatorAnalyticsRoutes(app, ctx);
}

const settingsSchema = z
  .object({
    analyses: z.array(
      z.object({
        analysis: z.enum(ANALYSES),
        price: z.number().int().min(0).max(1_000_000_000),
        epsilon: z
          .string()
          .regex(/^\d{1,2}(\.\d{1,6})?$/, 'a decimal with at most 6 places')
          .describe('ε per release'),
      }),
    ),
    globalBudget: z
      .string()
      .regex(/^\d{1,3}(\.\d{1,6})?$/)
      .describe('ε per month of data for the whole market'),
    sellerBudget: z
      .string()
      .regex(/^\d{1,3}(\.\d{1,6})?$/)
      .describe('ε per month of data for each seller'),
    exportsEnabled: z.boolean(),
  })
  .meta({ id: 'AnalyticsSettings' });

/** A decimal with at most six places, as an exact count of millionths. */
const toMicro = (decimal: string) => {
  const [whole = '0', fraction = ''] = decimal.split('.');
  return Number(whole) * 1_000_000 + Number(fraction.padEnd(6, '0'));
};

function operatorAnalyticsRoutes(app: HttpServer, ctx: MarketContext) {
  const operator = { preHandler: requireOperator(ctx) };
  const security = [{ operatorKey: [] }];
  const tags = ['operator analytics'];

  const currentSettings = async (): Promise<z.infer<typeof settingsSchema>> => {
    const policy = await readPolicy(ctx.db);
    return {
      analyses: await Promise.all(
        ANALYSES.map(async (analysis) => {
          const price = await priceOf(ctx.db, CATALOGUE[analysis]);
          return { analysis, price: price.priceMinor, epsilon: microToDecimal(price.epsilonMicro) };
        }),
      ),
      globalBudget: microToDecimal(policy.globalBudgetMicro),
      sellerBudget: microToDecimal(policy.sellerBudgetMicro),
      exportsEnabled: policy.exportsEnabled,
    };
  };

  app.get(
    '/operator/analytics/settings',
    {
      ...operator,
      schema: {
        operationId: 'getAnalyticsSettings',
        tags,
        summary: 'Prices and ε per analysis, the privacy budgets per month of data, and the export switch',
        security,
        response: { 200: settingsSchema, ...problemResponses(401, 403) },
      },
    },
    currentSettings,
  );

  app.put(
    '/operator/analytics/settings',
    {
      ...operator,
      schema: {
        operationId: 'putAnalyticsSettings',
        tags,
        summary: 'Set prices, ε and budgets; analyses left out keep theirs',
        description:
          'A budget lowered under what a month has spent leaves that month closed to new releases. ε per release must be above 0.',
        security,
        body: settingsSchema,
        response: { 200: settingsSchema, ...problemResponses(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (body.analyses.some((a) => toMicro(a.epsilon) === 0)) {
        return sendProblem(reply, problem(422, 'invalid_epsilon'));
      }
      const now = ctx.clock.now();
      await ctx.db.transaction(async (tx) => {
        for (const a of body.analyses) {
          const row = {
            analysis: a.analysis,
            priceMinor: a.price,
            epsilonMicro: toMicro(a.epsilon),
            updatedAt: now,
          };
          await tx
            .insert(analyticsPrices)
            .values(row)
            .onConflictDoUpdate({ target: analyticsPrices.analysis, set: row });
        }
        const policy = {
          id: 1,
          globalBudgetMicro: toMicro(body.globalBudget),
          sellerBudgetMicro: toMicro(body.sellerBudget),
          exportsEnabled: body.exportsEnabled,
          updatedAt: now,
        };
        await tx
          .insert(analyticsPolicy)
          .values(policy)
          .onConflictDoUpdate({ target: analyticsPolicy.id, set: policy });
      });
      return currentSettings();
    },
  );

  app.get(
    '/operator/analytics/budget',
    {
      ...operator,
      schema: {
        operationId: 'getAnalyticsBudget',
        tags,
        summary: 'ε spent per month of data: by the market and by each seller',
        security,
        querystring: z.object({
          months: z
            .string()
            .regex(/^\d{4}-\d{2}(,\d{4}-\d{2}){0,23}$/)
            .describe('Comma-separated YYYY-MM'),
        }),
        response: {
          200: z.object({
            globalBudget: z.string(),
            sellerBudget: z.string(),
            months: z.array(
              z.object({
                month: z.string(),
                marketSpent: z.string(),
                sellers: z.array(z.object({ sellerId: z.string(), spent: z.string() })),
              }),
            ),
          }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const months = request.query.months.split(',');
      const rows = await ctx.db.select().from(privacyBudget).where(inArray(privacyBudget.month, months));
      const policy = await readPolicy(ctx.db);
      return {
        globalBudget: microToDecimal(policy.globalBudgetMicro),
        sellerBudget: microToDecimal(policy.sellerBudgetMicro),
        months: months.map((month) => ({
          month,
          marketSpent: microToDecimal(
            rows.find((r) => r.month === month && r.holder === MARKET_HOLDER)?.spentMicro ?? 0,
          ),
          sellers: rows
            .filter((r) => r.month === month && r.holder !== MARKET_HOLDER)
            .map((r) => ({ sellerId: r.holder, spent: microToDecimal(r.spentMicro) })),
        })),
      };
    },
  );

  const auditKey = z.tuple([z.number().int().min(0)]);
  app.get(
    '/operator/analytics/audit',
    {
      ...operator,
      schema: {
        operationId: 'listAnalyticsAudit',
        tags,
        summary:
          'Every release given to a seller: who, which analysis and parameters, the ε spent, when; newest first',
        security,
        querystring: z.object(pageQuery(auditKey, { max: 500, default: 100 })),
        response: {
          200: pageSchema(
            z.object({
              sellerId: z.string(),
              reportId: z.string(),
              releaseId: z.string(),
              analysis: z.string(),
              parameters: z.record(z.string(), z.unknown()),
              epsilon: epsilonSchema,
              at: z.string(),
            }),
          ).meta({ id: 'AnalyticsAuditPage' }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { cursor, limit } = request.query;
      const rows = await ctx.db
        .select()
        .from(analyticsAudit)
        .where(cursor ? keysetAfter([analyticsAudit.seq], cursor, 'desc') : undefined)
        .orderBy(desc(analyticsAudit.seq))
        .limit(limit + 1);
      return toPage(
        rows,
        limit,
        (r) => [r.seq],
        (r) => ({
          sellerId: r.sellerId,
          reportId: r.purchaseId,
          releaseId: r.releaseId,
          analysis: r.analysis,
          parameters: r.parameters as Record<string, unknown>,
          epsilon: microToDecimal(r.epsilonMicro),
          at: r.at.toISOString(),
        }),
      );
    },
  );
}
