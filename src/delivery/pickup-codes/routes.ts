import { z } from 'zod';
import { type Problem, problemResponses, sendProblem } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { pickupCodeRegistrationSchema } from '../../protocol/delivery.ts';
import type { DeliveryContext } from '../context.ts';
import { message, problem } from '../problems/catalogue.ts';
import { type RegistrationRefusal, registerPickupCode } from './registration.ts';

const REFUSALS: Record<RegistrationRefusal['code'], Problem> = {
  invalid_order_id: problem(400, 'invalid_order_id'),
  invalid_registration_token: problem(403, 'invalid_registration_token', {
    detail: message('invalid_registration_token.detail'),
  }),
  invalid_pickup_code: problem(400, 'invalid_pickup_code', {
    detail: message('invalid_pickup_code.detail.format'),
  }),
  pickup_code_already_registered: problem(409, 'pickup_code_already_registered', {
    detail: message('pickup_code_already_registered.detail'),
  }),
};

/**
 * B9: where the purchaser's browser registers the pickup code it made, straight from the page
 * (open to any origin, without credentials): the code never passes through the market. Its
 * body is never logged; only a verifier is stored.
 */
export function pickupCodeRoutes(app: HttpServer, ctx: DeliveryContext) {
  app.post(
    '/pickup-codes',
    {
      schema: {
        operationId: 'registerPickupCode',
        security: [],
        tags: ['pickup codes'],
        summary: 'Register the pickup code of a paid order',
        description:
          'The token comes from the market with the payment approval. The first code registered counts; sending the same code again answers 200 with the same body.',
        body: pickupCodeRegistrationSchema,
        response: {
          200: z.object({ orderId: z.string(), registeredAt: z.string() }),
          201: z.object({ orderId: z.string(), registeredAt: z.string() }),
          ...problemResponses(400, 403, 409),
        },
      },
    },
    async (request, reply) => {
      const result = await registerPickupCode(ctx, request.body);
      if (!result.ok) return sendProblem(reply, REFUSALS[result.error.code]);
      const { orderId, registeredAt, created } = result.value;
      return reply.code(created ? 201 : 200).send({ orderId, registeredAt: registeredAt.toISOString() });
    },
  );
}
