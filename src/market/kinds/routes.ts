import { z } from 'zod';
import { problemResponses, sendProblem } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { requireOperator } from '../../platform/operator-keys.ts';
import type { MarketContext } from '../context.ts';
import { problem } from '../problems/catalogue.ts';
import {
  attributeInputSchema,
  attributeView,
  attributeViewSchema,
  DESCRIPTION_MAX,
  LABEL_MAX,
  localizedTextSchema,
  oneText,
  optionalTextInput,
  optionalTextPatch,
  textInput,
  textPatch,
  UNIT_MAX,
} from './attribute-schema.ts';
import { createKind, extendKind, type Kind, type KindFailure, listKinds } from './kinds.ts';

const kindIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'lower-case letters, digits and -, at most 40');

const kindSchema = z
  .object({
    id: z.string(),
    name: z.string().meta({
      description: 'The name in English, else in Japanese, for clients that show one text; `names` has both.',
    }),
    names: localizedTextSchema,
    description: z.string().meta({
      description:
        'The description in English, else in Japanese, for clients that show one text; empty when the kind has none. `descriptions` has both.',
    }),
    descriptions: localizedTextSchema.meta({
      description: 'The description by language; `{}` when the kind has none.',
    }),
    attributes: z.array(attributeViewSchema),
    updatedAt: z.string(),
  })
  .meta({
    id: 'Kind',
    description:
      'A kind of commodity and its attribute schema. Every text people read (the name and ' +
      'description, and each attribute’s label, unit and value labels) is given by language, ' +
      '`{ ja, en }`, in the plural field (`names`, `descriptions`, `labels`, `units`, ' +
      '`valueLabels`); show the reader’s language, else the other. The singular fields (`name`, ' +
      '`description`, `label`, `unit`) hold the English text, else the Japanese, as before there ' +
      'were two. Names of attributes and enum values are identifiers, ' +
      'the same in every language.',
  });

const kindView = (kind: Kind) => ({
  id: kind.id,
  name: oneText(kind.names),
  names: kind.names,
  description: oneText(kind.descriptions),
  descriptions: kind.descriptions,
  attributes: kind.attributes.map(attributeView),
  updatedAt: kind.updatedAt.toISOString(),
});

const kindFailure = (failure: KindFailure) => {
  switch (failure.code) {
    case 'kind_exists':
      return problem(409, failure.code, { kindId: failure.kindId });
    case 'kind_not_found':
      return problem(404, failure.code, { kindId: failure.kindId });
    case 'invalid_kind':
      return problem(400, failure.code, { detail: failure.reason });
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
      // Read through the cache retrieval uses: a change is heard there by every market process.
      const kind = await ctx.kinds.get(ctx.db, request.params.kindId);
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
          name: textInput(LABEL_MAX),
          description: optionalTextInput(DESCRIPTION_MAX).optional(),
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
        summary: 'Extend a kind: add optional attributes and enum values; change its texts',
        description:
          'Nothing a commodity was registered with changes: attributes are only added (optional ' +
          'ones), enum values only added. Texts people read may change in either language: a ' +
          'plain string replaces the English text, `{ ja, en }` the languages it names, and ' +
          '`null` removes one (a name and a label keep at least one; a description may have ' +
          'none). Offers are not touched.',
        security: [{ operatorKey: [] }],
        params: z.object({ kindId: z.string() }),
        body: z.object({
          name: textPatch(LABEL_MAX).optional(),
          description: optionalTextPatch(DESCRIPTION_MAX).optional(),
          attributes: z.array(attributeInputSchema).max(40).optional(),
          enumValues: z
            .record(z.string(), z.array(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/)).min(1))
            .optional(),
          attributeLabels: z
            .record(
              z.string(),
              z.strictObject({
                label: textPatch(LABEL_MAX).optional(),
                unit: textPatch(UNIT_MAX)
                  .nullable()
                  .optional()
                  .meta({ description: 'null removes the unit' }),
                valueLabels: z
                  .record(z.string(), textPatch(LABEL_MAX).nullable())
                  .optional()
                  .meta({ description: 'By value (added ones too); null removes a value’s label' }),
              }),
            )
            .optional()
            .meta({ description: 'New texts for attributes the kind has, by attribute name' }),
        }),
        response: { 200: kindSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const extended = await ctx.db.transaction((tx) =>
        extendKind(tx, request.params.kindId, request.body, ctx.clock.now()),
      );
      if (!extended.ok) return sendProblem(reply, kindFailure(extended.error));
      // This process reads its own change at once; the others hear of it (kind-cache.ts).
      ctx.kinds.forget(request.params.kindId);
      return kindView(extended.value);
    },
  );
}
