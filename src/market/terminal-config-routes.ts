import { z } from 'zod';
import type { HttpServer } from '../platform/http/server.ts';
import type { MarketContext } from './context.ts';

const terminalConfigSchema = z
  .object({
    currency: z.string().describe('ISO 4217 code of the market’s default currency'),
    deliveryUrl: z
      .string()
      .describe('The delivery service, which the purchaser’s browser asks for pickup points'),
  })
  .meta({ id: 'TerminalConfig' });

export type TerminalConfig = z.infer<typeof terminalConfigSchema>;

/** What the terminals need to know of this market's configuration; nothing secret. */
export function terminalConfigRoutes(app: HttpServer, ctx: MarketContext) {
  app.get(
    '/terminal-config',
    {
      schema: {
        operationId: 'getTerminalConfig',
        security: [],
        tags: ['terminals'],
        summary: 'The market’s currency and the delivery service’s address, for the terminals',
        // B8.
        description:
          'The purchaser terminal asks delivery for pickup points itself, so that a position given for “near me” reaches delivery alone, never the market.',
        response: { 200: terminalConfigSchema },
      },
    },
    async (): Promise<TerminalConfig> => ({
      currency: ctx.config.defaultCurrency,
      deliveryUrl: ctx.config.deliveryUrl,
    }),
  );
}
