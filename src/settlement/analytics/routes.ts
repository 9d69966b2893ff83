import { z } from 'zod';
import { problemResponses, sendProblem } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { runIdempotent } from '../../platform/idempotency.ts';
import { pageQuery } from '../../platform/paging.ts';
import {
  type AnalyticsHoldAnswer,
  analyticsDeclineMessage,
  analyticsHoldAnswerSchema,
  analyticsHoldRequestSchema,
  analyticsHoldResolutionSchema,
  analyticsHoldSchema,
  analyticsHoldStatesKey,
  analyticsHoldStatesSchema,
} from '../../protocol/settlement.ts';
import type { SettlementContext } from '../context.ts';
import { keyedRequestHash, normalizedCardNumber } from '../payments/request-hash.ts';
import { message, problem } from '../problems/catalogue.ts';
import { captureHold, findHold, holdAnalytics, holdStates, voidHold } from './holds.ts';

const holdParams = z.object({ holdId: z.string().uuid() });
const HOLD_NOT_FOUND = problem(404, 'hold_not_found');

/** Sellers' payments for analytics reports, asked for by the market over the closed link. */
export function analyticsRoutes(app: HttpServer, ctx: SettlementContext) {
  const settings = { secretKey: ctx.config.secretKey, instruments: ctx.instruments };

  app.post(
    '/analytics/holds',
    {
      schema: {
        operationId: 'holdAnalyticsPayment',
        tags: ['analytics'],
        // C1: the seller accepted the quote.
        summary: 'Hold a report’s price on the seller’s payable or card; held or declined',
        description:
          'The hold ID is the market’s, one per report purchase: the same hold ID with the same terms answers the hold it made (`replayed`), with other terms it is a 409 `hold_conflict`. The Idempotency-Key’s first answer, held or declined, is replayed; the same key with another request is a 409 `idempotency_key_reused`. A decline holds nothing.',
        headers: z.object({ 'idempotency-key': z.string().min(1).max(255) }),
        body: analyticsHoldRequestSchema,
        response: { 200: analyticsHoldAnswerSchema, ...problemResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const { body } = request;
      const now = ctx.clock.now();
      const source =
        body.source.type === 'card'
          ? { ...body.source, number: normalizedCardNumber(body.source.number) }
          : body.source;
      const outcome = await runIdempotent(
        ctx.db,
        {
          scope: `analytics-hold:${body.holdId}`,
          key: request.headers['idempotency-key'],
          hash: keyedRequestHash(ctx.config.secretKey, { ...body, source }),
          now,
        },
        async (tx) => {
          const held = await holdAnalytics(tx, body, settings, now);
          if (held.ok) {
            const answer: AnalyticsHoldAnswer = {
              outcome: 'held',
              ...held.value.hold,
              replayed: held.value.replayed,
            };
            return { success: true, status: 200, body: answer };
          }
          if (held.error.code === 'hold_conflict') {
            const conflict = problem(409, 'hold_conflict');
            return { success: false, status: 409, body: conflict };
          }
          const { decline } = held.error;
          const answer: AnalyticsHoldAnswer = {
            outcome: 'declined',
            code: decline.code,
            message: analyticsDeclineMessage(decline.code),
            ...(decline.attemptsLeft !== undefined ? { attemptsLeft: decline.attemptsLeft } : {}),
          };
          // Committed: the decline stays this key's answer, with the card's PIN count.
          return { success: true, status: 200, body: answer };
        },
      );
      if (outcome.kind === 'mismatch') {
        return sendProblem(
          reply,
          problem(409, 'idempotency_key_reused', { title: message('idempotency_key_reused.hold') }),
        );
      }
      if (outcome.kind === 'replayed') reply.header('idempotent-replayed', 'true');
      const { status, body: answer } = outcome.response;
      if (status !== 200) return sendProblem(reply, answer as ReturnType<typeof problem>);
      return answer as AnalyticsHoldAnswer;
    },
  );

  for (const action of ['capture', 'void'] as const) {
    app.post(
      `/analytics/holds/:holdId/${action}`,
      {
        schema: {
          operationId: action === 'capture' ? 'captureAnalyticsPayment' : 'voidAnalyticsPayment',
          tags: ['analytics'],
          // Capture is C4: the report was released.
          summary:
            action === 'capture'
              ? 'The report was released: take the held price into analytics revenue'
              : 'The report could not be released: give the held price back',
          description:
            action === 'capture'
              ? 'Once: a repeat answers `replayed`. A voided hold is a 409 `hold_voided`.'
              : 'Once: a repeat answers `replayed`. A captured hold is a 409 `hold_captured`.',
          params: holdParams,
          response: { 200: analyticsHoldResolutionSchema, ...problemResponses(400, 404, 409) },
        },
      },
      async (request, reply) => {
        const { holdId } = request.params;
        const now = ctx.clock.now();
        const done = await ctx.db.transaction((tx) =>
          action === 'capture' ? captureHold(tx, holdId, now) : voidHold(tx, holdId, now),
        );
        if (done.ok) return { ...done.value.hold, replayed: done.value.replayed };
        if (done.error.code === 'hold_not_found') return sendProblem(reply, HOLD_NOT_FOUND);
        const { hold } = done.error;
        return sendProblem(
          reply,
          problem(409, done.error.code, { title: message('hold_resolved', { state: hold.state }), hold }),
        );
      },
    );
  }

  app.get(
    '/analytics/holds/:holdId',
    {
      schema: {
        operationId: 'getAnalyticsPayment',
        tags: ['analytics'],
        summary: 'A hold by its ID and where it stands, for a caller that lost an answer',
        params: holdParams,
        response: { 200: analyticsHoldSchema, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const hold = await findHold(ctx.db, request.params.holdId);
      return hold ?? sendProblem(reply, HOLD_NOT_FOUND);
    },
  );

  app.get(
    '/reconcile/analytics-holds',
    {
      schema: {
        operationId: 'listAnalyticsPayments',
        tags: ['reconciliation'],
        summary: 'Every report payment’s state, a page at a time in hold-ID order',
        querystring: z.object(pageQuery(analyticsHoldStatesKey, { max: 5000, default: 1000 })),
        response: { 200: analyticsHoldStatesSchema, ...problemResponses(400) },
      },
    },
    (request) => holdStates(ctx.db, request.query.cursor, request.query.limit),
  );
}
