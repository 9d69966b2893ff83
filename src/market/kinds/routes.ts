import { z } from 'zod';
import { problem, problemResponses, sendProblem } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { requireOperator } from '../../platform/operator-keys.ts';
import type { MarketContext } from '../context.ts';
import { attributeDefinitionSchema, attributeInputSchema } from './attribute-schema.ts';
import { createKind, extendKind, getKind, type Kind, type KindFailure, listKinds } from './kinds.ts';

const kindIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'lower-case letters, digits and -, at most 40');

const kindSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    attributes: z.array(attributeDefinitionSchema),
    updatedAt: z.string(),
  })
  .meta({ id: 'Kind' });

const kindView = (kind: Kind) => ({
  id: kind.id,
  name: kind.name,
  description: kind.description,
  attributes: kind.attributes,
  updatedAt: kind.updatedAt.toISOString(),
});

const kindFailure = (failure: KindFailure) => {
  switch (failure.code) {
    case 'kind_exists':
      return problem(409, failure.code, 'A kind with this ID exists', { kindId: failure.kindId });
    case 'kind_not_found':
      return problem(404, failure.code, 'No such kind', { kindId: failure.kindId });
    case 'invalid_kind':
      return problem(400, failure.code, 'The kind definition is not valid', { detail: failure.message });
  }
};

export function kindRoutes(app: HttpServer, ctx: MarketContext) {
  app.get(
    '/kinds',
    {
      schema: {
        operationId: 'listKinds',
        security: [],
        tags: ['catalog'],
        summary: 'Kinds of commodity and their attribute schemas',
        response: { 200: z.object({ kinds: z.array(kindSchema) }) },
      },
    },
    async () => ({ kinds: (await listKinds(ctx.db)).map(kindView) }),
  );

  app.get(
    '/kinds/:kindId',
    {
      schema: {
        operationId: 'getKind',
        security: [],
        tags: ['catalog'],
        summary: 'One kind and its attribute schema',
        params: z.object({ kindId: z.string() }),
        response: { 200: kindSchema, ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const kind = await getKind(ctx.db, request.params.kindId);
      if (!kind)
        return sendProblem(reply, kindFailure({ code: 'kind_not_found', kindId: request.params.kindId }));
      return kindView(kind);
    },
  );

  app.post(
    '/operator/kinds',
    {
      preHandler: requireOperator(ctx),
      schema: {
        operationId: 'createKind',
        tags: ['operator'],
        // A1.
        summary: 'Prescribe a new kind of commodity',
        security: [{ operatorKey: [] }],
        body: z.object({
          id: kindIdSchema,
          name: z.string().min(1).max(80),
          description: z.string().max(500).optional(),
          attributes: z.array(attributeInputSchema).max(40),
        }),
        response: { 201: kindSchema, ...problemResponses(400, 401, 409) },
      },
    },
    async (request, reply) => {
      const created = await createKind(ctx.db, request.body, ctx.clock.now());
      if (!created.ok) return sendProblem(reply, kindFailure(created.error));
      return reply.code(201).send(kindView(created.value));
    },
  );

  app.patch(
    '/operator/kinds/:kindId',
    {
      preHandler: requireOperator(ctx),
      schema: {
        operationId: 'extendKind',
        tags: ['operator'],
        summary: 'Extend a kind: add optional attributes and enum values',
        security: [{ operatorKey: [] }],
        params: z.object({ kindId: z.string() }),
        body: z.object({
          name: z.string().min(1).max(80).optional(),
          description: z.string().max(500).optional(),
          attributes: z.array(attributeInputSchema).max(40).optional(),
          enumValues: z
            .record(z.string(), z.array(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/)).min(1))
            .optional(),
        }),
        response: { 200: kindSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const extended = await ctx.db.transaction((tx) =>
        extendKind(tx, request.params.kindId, request.body, ctx.clock.now()),
      );
      if (!extended.ok) return sendProblem(reply, kindFailure(extended.error));
      return kindView(extended.value);
    },
  );
}
