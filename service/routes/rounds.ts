/** Rounds: list and read (every role), create and edit (coordinators). */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { toJsonb } from '../../db/jsonb.js';
import type { AppEnv } from '../context.js';
import { ApiError } from '../errors.js';
import { requireRole } from '../middleware/auth.js';
import { getRound, roundInputSchema, roundPatchSchema, roundSchema, toRound } from '../rounds/round.js';
import { bearer, errorResponses, roundParam } from './schemas.js';

const json = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const list = createRoute({
  method: 'get', path: '/api/v1/rounds', security: bearer, summary: 'List rounds',
  responses: { 200: json(z.object({ rounds: z.array(roundSchema) }), 'Rounds, newest first'), ...errorResponses(401) },
});
const get = createRoute({
  method: 'get', path: '/api/v1/rounds/{round}', security: bearer, summary: 'One round', request: { params: z.object({ round: roundParam }) },
  responses: { 200: json(roundSchema, 'The round'), ...errorResponses(401, 404) },
});
const create = createRoute({
  method: 'post', path: '/api/v1/rounds', security: bearer, summary: 'Open a round (coordinator)', middleware: [requireRole('coordinator')] as const,
  request: { body: { content: { 'application/json': { schema: roundInputSchema } }, required: true } },
  responses: { 201: json(roundSchema, 'Created'), ...errorResponses(400, 401, 403, 409, 422) },
});
const patch = createRoute({
  method: 'patch', path: '/api/v1/rounds/{round}', security: bearer, summary: 'Edit a round: due date, outline, expected agencies, declared totals, open/close (coordinator)',
  middleware: [requireRole('coordinator')] as const,
  request: { params: z.object({ round: roundParam }), body: { content: { 'application/json': { schema: roundPatchSchema } }, required: true } },
  responses: { 200: json(roundSchema, 'Updated'), ...errorResponses(400, 401, 403, 404, 422) },
});

export function registerRounds(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const rows = await c.get('deps').db.selectFrom('rounds').selectAll().orderBy('created_at', 'desc').execute();
    return c.json({ rounds: rows.map(toRound) }, 200);
  });

  app.openapi(get, async (c) => c.json(await getRound(c.get('deps').db, c.req.valid('param').round), 200));

  app.openapi(create, async (c) => {
    const input = c.req.valid('json');
    const { db, registry } = c.get('deps');
    await assertAgencies(registry, input.expectedAgencies);
    const exists = await db.selectFrom('rounds').select('id').where('id', '=', input.id).executeTakeFirst();
    if (exists) throw new ApiError('conflict', `Đã có đợt mang mã «${input.id}».`);
    const row = await db
      .insertInto('rounds')
      .values({
        id: input.id, name: input.name, kind: input.kind, period_start: input.periodStart, period_end: input.periodEnd,
        due_date: input.dueDate, status: input.status, outline: toJsonb(input.outline), expected_agencies: toJsonb(input.expectedAgencies),
        declared_totals: input.declaredTotals ? toJsonb(input.declaredTotals) : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(c, row.id, 'round_create', null, toRound(row));
    return c.json(toRound(row), 201);
  });

  app.openapi(patch, async (c) => {
    const { round: id } = c.req.valid('param');
    const input = c.req.valid('json');
    const { db, registry } = c.get('deps');
    const before = await getRound(db, id);
    if (input.expectedAgencies) await assertAgencies(registry, input.expectedAgencies);
    const row = await db
      .updateTable('rounds')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.dueDate !== undefined ? { due_date: input.dueDate } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
        ...(input.outline !== undefined ? { outline: toJsonb(input.outline) } : {}),
        ...(input.expectedAgencies !== undefined ? { expected_agencies: toJsonb(input.expectedAgencies) } : {}),
        ...(input.declaredTotals !== undefined ? { declared_totals: input.declaredTotals ? toJsonb(input.declaredTotals) : null } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(c, id, 'round_update', before, toRound(row));
    return c.json(toRound(row), 200);
  });
}

async function assertAgencies(registry: AppEnv['Variables']['deps']['registry'], ids: readonly string[]) {
  const unknown: string[] = [];
  for (const id of ids) if (!(await registry.get(id))) unknown.push(id);
  if (unknown.length > 0) throw new ApiError('validation_failed', `Không có cơ quan mang mã ${unknown.map((u) => `«${u}»`).join(', ')} trong danh mục.`);
}

async function audit(c: { get: (k: 'deps' | 'principal') => any }, roundId: string, action: string, before: unknown, after: unknown) {
  const principal = c.get('principal');
  await c.get('deps').db.insertInto('audit_log').values({
    actor: principal.label, role: principal.role, agency_id: principal.agencyId, round_id: roundId, action,
    before: before ? toJsonb(before) : null, after: after ? toJsonb(after) : null,
  }).execute();
}
