/** Rounds: list and read (every role), create and edit (coordinators). */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { checkedPeriodSchema, vnDate } from '../../domain/index.js';
import type { AppEnv } from '../context.js';
import { requireRole } from '../middleware/auth.js';
import { createRound, openNextRound, updateRound } from '../rounds/manage.js';
import { getRound, roundInputSchema, roundPatchSchema, roundSchema, toRound } from '../rounds/round.js';
import { bearer, errorResponses, roundParam } from './schemas.js';

const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const list = createRoute({
  method: 'get',
  path: '/api/v1/rounds',
  security: bearer,
  summary: 'List rounds',
  responses: { 200: json(z.object({ rounds: z.array(roundSchema) }), 'Rounds, newest first'), ...errorResponses(401) },
});
const get = createRoute({
  method: 'get',
  path: '/api/v1/rounds/{round}',
  security: bearer,
  summary: 'One round',
  request: { params: z.object({ round: roundParam }) },
  responses: { 200: json(roundSchema, 'The round'), ...errorResponses(401, 404) },
});
const create = createRoute({
  method: 'post',
  path: '/api/v1/rounds',
  security: bearer,
  summary: 'Open a round (coordinator)',
  middleware: [requireRole('coordinator')] as const,
  request: { body: { content: { 'application/json': { schema: roundInputSchema } }, required: true } },
  responses: { 201: json(roundSchema, 'Created'), ...errorResponses(400, 401, 403, 409, 422) },
});
const patch = createRoute({
  method: 'patch',
  path: '/api/v1/rounds/{round}',
  security: bearer,
  summary: 'Edit a round: due date, outline, expected agencies, declared totals, open/close (coordinator)',
  middleware: [requireRole('coordinator')] as const,
  request: {
    params: z.object({ round: roundParam }),
    body: { content: { 'application/json': { schema: roundPatchSchema } }, required: true },
  },
  responses: { 200: json(roundSchema, 'Updated'), ...errorResponses(400, 401, 403, 404, 422) },
});

const next = createRoute({
  method: 'post',
  path: '/api/v1/rounds/{round}/next',
  security: bearer,
  summary:
    "Open the next period's progress round of a plan (coordinator): from a progress round, the period after it; from a plan round, the period after its latest progress round (or this month, or `period`)",
  middleware: [requireRole('coordinator')] as const,
  request: {
    params: z.object({ round: roundParam }),
    body: {
      content: {
        'application/json': {
          schema: z
            .object({
              period: checkedPeriodSchema.optional(),
              dueDate: z
                .string()
                .regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD')
                .nullable()
                .optional(),
            })
            .openapi('NextRoundInput'),
        },
      },
      required: false,
    },
  },
  responses: { 201: json(roundSchema, 'Opened'), ...errorResponses(400, 401, 403, 404, 409, 422) },
});

export function registerRounds(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const rows = await c.get('deps').db.selectFrom('rounds').selectAll().orderBy('created_at', 'desc').execute();
    return c.json({ rounds: rows.map(toRound) }, 200);
  });

  app.openapi(get, async (c) => c.json(await getRound(c.get('deps').db, c.req.valid('param').round), 200));

  app.openapi(create, async (c) => {
    const { db, registry } = c.get('deps');
    return c.json(await createRound({ db, registry, principal: c.get('principal') }, c.req.valid('json')), 201);
  });

  app.openapi(next, async (c) => {
    const { db, registry, config } = c.get('deps');
    const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
    const round = await openNextRound({ db, registry, principal: c.get('principal') }, c.req.valid('param').round, {
      today: vnDate(config.now()),
      ...(body.period ? { period: body.period } : {}),
      ...(body.dueDate !== undefined ? { dueDate: body.dueDate } : {}),
    });
    return c.json(round, 201);
  });

  app.openapi(patch, async (c) => {
    const { db, registry } = c.get('deps');
    return c.json(
      await updateRound(
        { db, registry, principal: c.get('principal') },
        c.req.valid('param').round,
        c.req.valid('json'),
      ),
      200,
    );
  });
}
