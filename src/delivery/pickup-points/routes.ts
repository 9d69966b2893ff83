import { z } from 'zod';
import { problemResponses, sendProblem } from '../../platform/http/problem.ts';
import type { HttpServer } from '../../platform/http/server.ts';
import { requireOperator } from '../../platform/operator-keys.ts';
import type { DeliveryContext } from '../context.ts';
import { PICKUP_POINT_KINDS } from '../db/schema.ts';
import { labelInputSchema } from '../labels/layout.ts';
import { message, problem } from '../problems/catalogue.ts';
import {
  findPickupPoint,
  type PickupPoint,
  registerPickupPoint,
  searchPickupPoints,
  updatePickupPoint,
} from './pickup-points.ts';

const pickupPointCode = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{2,23}$/, 'capital letters, digits and hyphens, 3 to 24 of them');

/** Romaji: Latin letters, with the macrons of Ōsaki or Ryōgoku. */
const latin = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[\x20-\x7E\u00A0-\u017F]+$/, 'Latin script (romaji)');

/** A reading: kana (either syllabary, any width), the long-vowel mark, digits, spaces, hyphens. */
const kana = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(
    /^(?=.*[\p{Script=Hiragana}\p{Script=Katakana}])[\p{Script=Hiragana}\p{Script=Katakana}ー・\p{Zs}\p{Nd}\-－]+$/u,
    'kana, as it is read',
  );

/** The code, name and address go on every label, so they are held to what a label can print. */
const pickupPointFields = z.object({
  name: labelInputSchema.shape.pickupPoint.shape.name
    .min(1)
    .describe('As on the store’s sign, in Japanese or Latin script, up to 64; printed on labels'),
  nameKana: kana
    .nullable()
    .optional()
    .describe('The name as read, in kana, e.g. ローソン シブヤドウゲンザカテン; searched, never shown'),
  nameRomaji: latin(64)
    .nullable()
    .optional()
    .describe('The name in Latin letters, e.g. Lawson Shibuya Dogenzaka; shown to readers of English'),
  kind: z.enum(PICKUP_POINT_KINDS),
  address: labelInputSchema.shape.pickupPoint.shape.address
    .unwrap()
    .min(1)
    .describe('The store’s own address (never a purchaser’s), up to 100; printed on labels'),
  addressRomaji: latin(200).nullable().optional().describe('The address in Latin letters'),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  openingHours: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .describe('As shown to purchasers, e.g. "24 hours" or "Mo–Sa 07:00–23:00"'),
  capacity: z.number().int().min(1).max(100_000).describe('Parcels it can hold at once'),
  retentionDays: z.number().int().min(1).max(60).describe('Days a parcel waits before it goes back'),
});

// As stored: a point registered under older limits is still shown, not refused.
const pickupPointSchema = pickupPointFields
  .extend({
    code: z.string(),
    name: z.string(),
    nameKana: z.string().nullable(),
    nameRomaji: z.string().nullable(),
    address: z.string(),
    addressRomaji: z.string().nullable(),
    active: z.boolean(),
  })
  .meta({ id: 'PickupPoint' });

const view = (p: PickupPoint) => ({
  code: p.code,
  name: p.name,
  nameKana: p.nameKana,
  nameRomaji: p.nameRomaji,
  kind: p.kind,
  address: p.address,
  addressRomaji: p.addressRomaji,
  latitude: p.latitude,
  longitude: p.longitude,
  openingHours: p.openingHours,
  capacity: p.capacity,
  retentionDays: p.retentionDays,
  active: p.active,
});

const NOT_FOUND = problem(404, 'pickup_point_not_found');

const searchQuery = z.object({
  q: z.string().max(100).optional(),
  near: z
    .string()
    .regex(/^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$/, 'expected latitude,longitude')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
const searchAnswer = z.object({
  pickupPoints: z.array(pickupPointSchema.extend({ distanceMetres: z.number().int().nullable() })),
});

export function pickupPointRoutes(app: HttpServer, ctx: DeliveryContext) {
  const search = async (query: z.infer<typeof searchQuery>, options: { includeClosed: boolean }) => {
    const [latitude, longitude] = query.near ? query.near.split(',').map(Number) : [];
    const found = await searchPickupPoints(ctx.db, {
      text: query.q,
      near: query.near ? { latitude: latitude as number, longitude: longitude as number } : undefined,
      limit: query.limit,
      ...options,
    });
    return { pickupPoints: found.map((p) => ({ ...view(p), distanceMetres: p.distanceMetres })) };
  };

  app.get(
    '/pickup-points',
    {
      schema: {
        operationId: 'listPickupPoints',
        security: [],
        tags: ['pickup points'],
        summary: 'Find a pickup point: by text, nearest to a position, or both',
        description:
          'Purchasers choose where to collect when they pay; nothing about them is asked or kept. `q` is looked for in the code, the name, its kana reading and romaji, and the address and its romaji, in any width, syllabary or case and without regard to spaces or hyphens (ﾛｰｿﾝ, ろーそん and ＬＡＷＳＯＮ all find ローソン / Lawson). `near` is `latitude,longitude`; then the nearest come first, with their distance.',
        querystring: searchQuery,
        response: { 200: searchAnswer, ...problemResponses(400) },
      },
    },
    async (request) => search(request.query, { includeClosed: false }),
  );

  app.get(
    '/operator/pickup-points',
    {
      preHandler: requireOperator(ctx),
      schema: {
        operationId: 'listAllPickupPoints',
        tags: ['operator'],
        summary: 'Every pickup point, closed ones too, found as purchasers find them',
        security: [{ operatorKey: [] }],
        querystring: searchQuery,
        response: { 200: searchAnswer, ...problemResponses(400, 401) },
      },
    },
    async (request) => search(request.query, { includeClosed: true }),
  );

  app.get(
    '/pickup-points/:code',
    {
      schema: {
        operationId: 'getPickupPoint',
        security: [],
        tags: ['pickup points'],
        summary: 'One pickup point by its code',
        params: z.object({ code: z.string().max(32) }),
        response: { 200: pickupPointSchema, ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const point = await findPickupPoint(ctx.db, request.params.code);
      return point ? view(point) : sendProblem(reply, NOT_FOUND);
    },
  );

  app.post(
    '/operator/pickup-points',
    {
      preHandler: requireOperator(ctx),
      schema: {
        operationId: 'createPickupPoint',
        tags: ['operator'],
        summary: 'Register a convenience store or locker as a pickup point',
        security: [{ operatorKey: [] }],
        body: pickupPointFields.extend({ code: pickupPointCode }),
        response: { 201: pickupPointSchema, ...problemResponses(400, 401, 409) },
      },
    },
    async (request, reply) => {
      const created = await registerPickupPoint(ctx.db, request.body, ctx.clock.now());
      if (!created.ok) {
        return sendProblem(
          reply,
          problem(409, 'pickup_point_exists', {
            detail: message('pickup_point_exists.detail', { code: request.body.code }),
          }),
        );
      }
      return reply.code(201).send(view(created.value));
    },
  );

  app.patch(
    '/operator/pickup-points/:code',
    {
      preHandler: requireOperator(ctx),
      schema: {
        operationId: 'updatePickupPoint',
        tags: ['operator'],
        summary: 'Change a pickup point, or close it to new parcels (active: false)',
        security: [{ operatorKey: [] }],
        params: z.object({ code: z.string().max(32) }),
        body: pickupPointFields.extend({ active: z.boolean() }).partial(),
        response: { 200: pickupPointSchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const updated = await updatePickupPoint(ctx.db, request.params.code, request.body, ctx.clock.now());
      return updated ? view(updated) : sendProblem(reply, NOT_FOUND);
    },
  );
}
