/**
 * A round's consistency flags: list with filters (validators, coordinators; an agency sees the
 * flags on its own rows), recompute all (coordinators), review one (accept, mark as not a
 * problem, return to the agency with a comment).
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { toJsonb } from '../../db/jsonb.js';
import { FLAG_CODES, FLAG_SEVERITIES } from '../../domain/index.js';
import type { AppEnv } from '../context.js';
import { ApiError } from '../errors.js';
import { refreshFlags } from '../flags/refresh.js';
import { requireRole } from '../middleware/auth.js';
import { getRound } from '../rounds/round.js';
import { bearer, errorResponses, roundParam } from './schemas.js';

export const FLAG_STATUSES = ['open', 'accepted', 'dismissed', 'returned'] as const;
export const REVIEW_ACTIONS = ['accept', 'dismiss', 'return'] as const;
const STATUS_AFTER = { accept: 'accepted', dismiss: 'dismissed', return: 'returned' } as const;

const flagSchema = z
  .object({
    id: z.string(),
    code: z.enum(FLAG_CODES),
    severity: z.enum(FLAG_SEVERITIES),
    table: z.string().nullable(),
    agencyIds: z.array(z.string()),
    rows: z.array(z.object({ table: z.string(), uid: z.string(), agencyId: z.string(), section: z.string(), code: z.string() })),
    message: z.string(),
    figures: z.record(z.string(), z.unknown()),
    status: z.enum(FLAG_STATUSES),
    reviewNote: z.string().nullable(),
    reviewedBy: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('Flag');

const listQuery = z.object({
  code: z.enum(FLAG_CODES).optional(),
  agency: z.string().optional(),
  severity: z.enum(FLAG_SEVERITIES).optional(),
  status: z.enum(FLAG_STATUSES).optional(),
  section: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const list = createRoute({
  method: 'get', path: '/api/v1/rounds/{round}/flags', security: bearer, summary: 'Flags of a round, filtered and paged',
  request: { params: z.object({ round: roundParam }), query: listQuery },
  responses: { 200: { description: 'Flags', content: { 'application/json': { schema: z.object({ total: z.number().int(), flags: z.array(flagSchema) }) } } }, ...errorResponses(401, 403, 404, 422) },
});
const recompute = createRoute({
  method: 'post', path: '/api/v1/rounds/{round}/flags/recompute', security: bearer, summary: 'Recompute every flag of the round (coordinator)',
  middleware: [requireRole('coordinator')] as const,
  request: { params: z.object({ round: roundParam }) },
  responses: { 200: { description: 'Recomputed', content: { 'application/json': { schema: z.object({ flags: z.number().int() }) } } }, ...errorResponses(401, 403, 404) },
});
const review = createRoute({
  method: 'post', path: '/api/v1/rounds/{round}/flags/{id}/review', security: bearer, summary: 'Accept, dismiss (not a problem) or return a flag to its agencies with a comment',
  middleware: [requireRole('validator', 'coordinator')] as const,
  request: {
    params: z.object({ round: roundParam, id: z.string() }),
    body: { content: { 'application/json': { schema: z.object({ action: z.enum(REVIEW_ACTIONS), note: z.string().max(4000).default('') }).openapi('FlagReview') } }, required: true },
  },
  responses: { 200: { description: 'Reviewed', content: { 'application/json': { schema: flagSchema } } }, ...errorResponses(401, 403, 404, 422) },
});

type FlagRow = { id: string; code: string; severity: string; table_name: string; agency_ids: string[]; row_refs: unknown; message: string; figures: unknown; status: string; review_note: string | null; reviewed_by: string | null; reviewed_at: Date | null; updated_at: Date };

const toFlag = (f: FlagRow): z.infer<typeof flagSchema> => ({
  id: f.id, code: f.code as never, severity: f.severity as never, table: f.table_name || null, agencyIds: f.agency_ids,
  rows: f.row_refs as never, message: f.message, figures: f.figures as Record<string, unknown>, status: f.status as never,
  reviewNote: f.review_note, reviewedBy: f.reviewed_by, reviewedAt: f.reviewed_at ? new Date(f.reviewed_at).toISOString() : null,
  updatedAt: new Date(f.updated_at).toISOString(),
});

export function registerFlags(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const { round: roundId } = c.req.valid('param');
    const q = c.req.valid('query');
    const { db, registry } = c.get('deps');
    const principal = c.get('principal');
    if (principal.role === 'admin') throw new ApiError('forbidden', 'Tài khoản quản trị không xem cờ kiểm tra.');
    await getRound(db, roundId);
    // An agency sees only the flags that concern it, whatever it asks for.
    const agency = principal.role === 'agency' ? principal.agencyId! : q.agency ? ((await registry.get(q.agency))?.id ?? (await registry.matcher()).lookup(q.agency)?.agency.id ?? q.agency) : undefined;
    let query = db.selectFrom('flags').where('round_id', '=', roundId).where('resolved_at', 'is', null);
    if (q.code) query = query.where('code', '=', q.code);
    if (q.severity) query = query.where('severity', '=', q.severity);
    if (q.status) query = query.where('status', '=', q.status);
    if (agency) query = query.where(sql<boolean>`agency_ids @> ${toJsonb([agency])}::jsonb`);
    if (q.section) query = query.where(sql<boolean>`exists (select 1 from jsonb_array_elements(row_refs) r where r->>'section' = ${q.section} or r->>'section' like ${`${q.section}/%`})`);
    const [{ n }] = await query.select(db.fn.countAll().as('n')).execute() as [{ n: number }];
    const rows = await query.selectAll().orderBy('severity').orderBy('code').orderBy('id').limit(q.limit).offset(q.offset).execute();
    return c.json({ total: Number(n), flags: rows.map((r) => toFlag(r as FlagRow)) }, 200);
  });

  app.openapi(recompute, async (c) => {
    const { db, registry, config } = c.get('deps');
    const round = await getRound(db, c.req.valid('param').round);
    const flags = await db.transaction().execute(async (trx) => refreshFlags(trx, { round, matcher: await registry.matcher(), now: config.now() }));
    return c.json({ flags: flags.length }, 200);
  });

  app.openapi(review, async (c) => {
    const { round: roundId, id } = c.req.valid('param');
    const { action, note } = c.req.valid('json');
    const { db, config } = c.get('deps');
    const principal = c.get('principal');
    if (action !== 'accept' && note.trim() === '') throw new ApiError('validation_failed', action === 'return' ? 'Khi trả lại cho cơ quan cần ghi rõ nội dung đề nghị sửa.' : 'Cần ghi lý do khi đánh dấu là không có vấn đề.');
    const now = config.now();
    const updated = await db.transaction().execute(async (trx) => {
      const flag = await trx.selectFrom('flags').selectAll().where('round_id', '=', roundId).where('id', '=', id).executeTakeFirst();
      if (!flag || flag.resolved_at) throw new ApiError('not_found', 'Không có cờ kiểm tra này (hoặc vấn đề đã được khắc phục).');
      const row = await trx.updateTable('flags').set({ status: STATUS_AFTER[action], review_note: note || null, reviewed_by: principal.label, reviewed_at: now, updated_at: now })
        .where('round_id', '=', roundId).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      const refs = flag.row_refs as { table: string; uid: string; agencyId: string }[];
      if (action === 'return' && refs.length > 0) {
        await trx.insertInto('comments').values(refs.map((r) => ({ round_id: roundId, table_name: r.table, uid: r.uid, agency_id: r.agencyId, author: principal.label, body: note, flag_id: id, created_at: now }))).execute();
      }
      await trx.insertInto('audit_log').values({
        at: now, actor: principal.label, role: principal.role, agency_id: principal.agencyId, round_id: roundId, table_name: flag.table_name || null,
        action: `flag_${action}`, before: toJsonb({ id, status: flag.status }), after: toJsonb({ id, status: STATUS_AFTER[action] }), note: note || null,
      }).execute();
      return row;
    });
    return c.json(toFlag(updated as FlagRow), 200);
  });
}
