/**
 * Removed rows of a sheet: `GET …/removed` lists them (each as its removal's audit record shows
 * it), `POST …/restore` brings the chosen ones back as one ordinary sync of the sheet (checked,
 * versioned, audited as 'restore', flags moved). An agency for its own sheet, a coordinator for
 * any (`?agency=`).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context.js';
import { ApiError } from '../errors.js';
import { requireRole } from '../middleware/auth.js';
import { getRound, periodOf } from '../rounds/round.js';
import { MAX_REMOVED_LISTED, removedRows, restoreBody } from '../sheets/restore.js';
import { parseSyncBody } from '../sync/request.js';
import { queueSync } from '../sync/sync-queue.js';
import { checkSheet, otherAgenciesParentKeys, withOwnParentKeys } from '../sync/sync-sheet.js';
import { bearer, errorResponses, roundParam, syncResultSchema, tableParam } from './schemas.js';
import { targetAgency } from './target-agency.js';

const params = z.object({ round: roundParam, table: tableParam });
const agencyQuery = z.object({
  agency: z.string().optional().openapi({ description: 'Agency id or name (coordinators)' }),
});
const cells = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));

export const listRemoved = createRoute({
  method: 'get',
  path: '/api/v1/rounds/{round}/sheets/{table}/removed',
  security: bearer,
  summary: `Rows of the sheet that syncs removed, newest first (at most ${MAX_REMOVED_LISTED}), as removed`,
  middleware: [requireRole('agency', 'coordinator')] as const,
  request: { params, query: agencyQuery },
  responses: {
    200: {
      description: 'Removed rows',
      content: {
        'application/json': {
          schema: z
            .object({
              agency: z.string(),
              rows: z.array(z.object({ uid: z.string(), removedAt: z.string(), removedBy: z.string(), row: cells })),
            })
            .openapi('RemovedRows'),
        },
      },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const restoreRequest = z
  .object({
    rowIds: z
      .array(z.string().min(1).max(200))
      .min(1, 'Hãy chọn ít nhất một dòng để khôi phục')
      .max(MAX_REMOVED_LISTED, `Mỗi lần khôi phục được tối đa ${MAX_REMOVED_LISTED} dòng`),
    baseVersion: z.number().int().min(0).optional().openapi({
      description: 'The version the client last saw (409 if the sheet moved since); the current one if left out',
    }),
  })
  .openapi('RestoreRequest');

export const restore = createRoute({
  method: 'post',
  path: '/api/v1/rounds/{round}/sheets/{table}/restore',
  security: bearer,
  summary: 'Bring removed rows back (as a sync of the sheet: checked, versioned, audited)',
  middleware: [requireRole('agency', 'coordinator')] as const,
  request: {
    params,
    query: agencyQuery,
    body: { content: { 'application/json': { schema: restoreRequest } }, required: true },
  },
  responses: {
    200: {
      description: 'Restored',
      content: {
        'application/json': { schema: syncResultSchema.extend({ restored: z.array(z.string()) }).openapi('Restored') },
      },
    },
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

export function registerSheetRestore(app: OpenAPIHono<AppEnv>) {
  app.openapi(listRemoved, async (c) => {
    const { round: roundId, table } = c.req.valid('param');
    const { db } = c.get('deps');
    const round = await getRound(db, roundId);
    const agencyId = await targetAgency(c, c.req.valid('query').agency, 'write');
    const rows = await removedRows(db, { roundId: round.id, table, agencyId });
    return c.json(
      {
        agency: agencyId,
        rows: rows.map(({ position: _p, ...r }) => r) as {
          uid: string;
          removedAt: string;
          removedBy: string;
          row: Record<string, string | number | null>;
        }[],
      },
      200,
    );
  });

  app.openapi(restore, async (c) => {
    const { round: roundId, table } = c.req.valid('param');
    const deps = c.get('deps');
    const round = await getRound(deps.db, roundId);
    const agencyId = await targetAgency(c, c.req.valid('query').agency, 'write');
    if (round.status === 'closed')
      throw new ApiError(
        'round_closed',
        `Đợt «${round.name}» đã khóa sổ; không nhận thêm dữ liệu. Liên hệ Sở Khoa học và Công nghệ nếu cần mở lại.`,
      );
    const { rowIds, baseVersion } = c.req.valid('json');
    const key = { roundId: round.id, table, agencyId };
    const planned = await restoreBody(deps.db, key, rowIds);
    const json = { baseVersion: baseVersion ?? planned.baseVersion, rows: planned.rows };
    const body = parseSyncBody(table, periodOf(round), json);
    const matcher = await deps.registry.matcher();
    const parentKeys = withOwnParentKeys(await otherAgenciesParentKeys(deps.db, round.id, table, agencyId), body.rows);
    // The restored rows are checked as any sync's: a row that clashes with the sheet as it is now
    // (its number taken since) is refused with the finding, and nothing is restored.
    const findings = checkSheet({ round, table, body, matcher, parentKeys });
    const text = JSON.stringify(json);
    const input = {
      round,
      table,
      agencyId,
      principal: c.get('principal'),
      body,
      idempotencyKey: `restore:${randomUUID()}`,
      requestHash: createHash('sha256')
        .update(`${round.id}\u0000${table}\u0000${agencyId}\u0000`)
        .update(text)
        .digest('hex'),
      matcher,
      now: deps.config.now(),
    };
    const result = await queueSync(deps.db, { input, findings });
    return c.json({ ...(result.body as z.infer<typeof syncResultSchema>), restored: planned.restored }, 200);
  });
}
