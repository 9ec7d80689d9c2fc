/**
 * A round's consistency flags: list with filters (validators, coordinators; an agency sees the
 * flags on its own rows), recompute all (coordinators), review one (accept, mark as not a
 * problem, return to the agency with a comment).
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { FLAG_CODES, FLAG_SEVERITIES } from '../../domain/index.js';
import type { AppEnv } from '../context.js';
import { ApiError } from '../errors.js';
import { listFlags } from '../flags/query.js';
import { refreshFlags } from '../flags/refresh.js';
import { FLAG_STATUSES, REVIEW_ACTIONS, reviewFlag } from '../flags/review.js';
import { requireRole } from '../middleware/auth.js';
import { getRound } from '../rounds/round.js';
import { bearer, errorResponses, roundParam } from './schemas.js';

export { FLAG_STATUSES, REVIEW_ACTIONS };

export const flagSchema = z
  .object({
    id: z.string(),
    code: z.enum(FLAG_CODES),
    severity: z.enum(FLAG_SEVERITIES),
    table: z.string().nullable(),
    agencyIds: z.array(z.string()),
    rows: z.array(
      z.object({ table: z.string(), uid: z.string(), agencyId: z.string(), section: z.string(), code: z.string() }),
    ),
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
  method: 'get',
  path: '/api/v1/rounds/{round}/flags',
  security: bearer,
  summary: 'Flags of a round, filtered and paged',
  request: { params: z.object({ round: roundParam }), query: listQuery },
  responses: {
    200: {
      description: 'Flags',
      content: { 'application/json': { schema: z.object({ total: z.number().int(), flags: z.array(flagSchema) }) } },
    },
    ...errorResponses(401, 403, 404, 422),
  },
});
const recompute = createRoute({
  method: 'post',
  path: '/api/v1/rounds/{round}/flags/recompute',
  security: bearer,
  summary: 'Recompute every flag of the round (coordinator)',
  middleware: [requireRole('coordinator')] as const,
  request: { params: z.object({ round: roundParam }) },
  responses: {
    200: {
      description: 'Recomputed',
      content: { 'application/json': { schema: z.object({ flags: z.number().int() }) } },
    },
    ...errorResponses(401, 403, 404),
  },
});
const review = createRoute({
  method: 'post',
  path: '/api/v1/rounds/{round}/flags/{id}/review',
  security: bearer,
  summary: 'Accept, dismiss (not a problem) or return a flag to its agencies with a comment',
  middleware: [requireRole('validator', 'coordinator')] as const,
  request: {
    params: z.object({ round: roundParam, id: z.string() }),
    body: {
      content: {
        'application/json': {
          schema: z
            .object({
              action: z.enum(REVIEW_ACTIONS),
              note: z.string().max(4000).default(''),
              returnTo: z.array(z.string().max(100)).max(1000).optional().openapi({
                description: 'On return: registry ids of the agencies it goes back to (all when left out)',
              }),
            })
            .openapi('FlagReview'),
        },
      },
      required: true,
    },
  },
  responses: {
    200: { description: 'Reviewed', content: { 'application/json': { schema: flagSchema } } },
    ...errorResponses(401, 403, 404, 422),
  },
});

type FlagRow = {
  id: string;
  code: string;
  severity: string;
  table_name: string;
  agency_ids: string[];
  row_refs: unknown;
  message: string;
  figures: unknown;
  status: string;
  review_note: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  updated_at: Date;
};

const toFlag = (f: FlagRow): z.infer<typeof flagSchema> => ({
  id: f.id,
  code: f.code as never,
  severity: f.severity as never,
  table: f.table_name || null,
  agencyIds: f.agency_ids,
  rows: f.row_refs as never,
  message: f.message,
  figures: f.figures as Record<string, unknown>,
  status: f.status as never,
  reviewNote: f.review_note,
  reviewedBy: f.reviewed_by,
  reviewedAt: f.reviewed_at ? new Date(f.reviewed_at).toISOString() : null,
  updatedAt: new Date(f.updated_at).toISOString(),
});

export function registerFlags(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const { round: roundId } = c.req.valid('param');
    const q = c.req.valid('query');
    const { db, registry } = c.get('deps');
    const principal = c.get('principal');
    if (principal.role === 'admin') throw new ApiError('forbidden', 'Tài khoản quản trị không xem cảnh báo.');
    await getRound(db, roundId);
    // An agency sees only the flags that concern it, whatever it asks for.
    const agency =
      principal.role === 'agency'
        ? principal.agencyId!
        : q.agency
          ? ((await registry.get(q.agency))?.id ?? (await registry.matcher()).lookup(q.agency)?.agency.id ?? q.agency)
          : undefined;
    const filters = { code: q.code, agencyId: agency, severity: q.severity, status: q.status, section: q.section };
    const { total, flags } = await listFlags(db, roundId, filters, { limit: q.limit, offset: q.offset });
    return c.json({ total, flags: flags.map((r) => toFlag(r as FlagRow)) }, 200);
  });

  app.openapi(recompute, async (c) => {
    const { db, registry, config } = c.get('deps');
    const round = await getRound(db, c.req.valid('param').round);
    // Before the transaction: on PGlite's single session, a query outside it would wait for it forever.
    const matcher = await registry.matcher();
    const flags = await db.transaction().execute((trx) => refreshFlags(trx, { round, matcher, now: config.now() }));
    return c.json({ flags: flags.length }, 200);
  });

  app.openapi(review, async (c) => {
    const { round: roundId, id } = c.req.valid('param');
    const { action, note, returnTo } = c.req.valid('json');
    const { db, config } = c.get('deps');
    const updated = await reviewFlag(db, {
      roundId,
      flagId: id,
      action,
      note,
      principal: c.get('principal'),
      now: config.now(),
      returnTo,
    });
    return c.json(toFlag(updated as FlagRow), 200);
  });
}
