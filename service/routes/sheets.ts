/**
 * An agency's sheet for one table of a round: GET it (with reviewers' comments), PUT the whole
 * sheet to sync it.
 */
import { createHash } from 'node:crypto';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { formatAmount, mayHoldFaultyText } from '../../domain/index.js';
import type { AppEnv } from '../context.js';
import { ApiError, defaultMessage } from '../errors.js';
import { requireRole } from '../middleware/auth.js';
import { limitSyncs } from '../middleware/rate-limit.js';
import { agencyNames, assertTableFitsRound, progressPlanFindings } from '../progress/plan-rows.js';
import { getRound, periodOf } from '../rounds/round.js';
import { sheetLocked, sheetStatus } from '../sheets/lifecycle.js';
import { dryRunSync } from '../sync/dry-run.js';
import { parseSyncBody, validationFailed } from '../sync/request.js';
import { toApiRow } from '../sync/stored-row.js';
import { queueSync } from '../sync/sync-queue.js';
import { checkSheet, findReplay, otherAgenciesParentKeys, withOwnParentKeys } from '../sync/sync-sheet.js';
import {
  bearer,
  dryRunResultSchema,
  errorResponses,
  findingSchema,
  roundParam,
  syncResultSchema,
  tableParam,
} from './schemas.js';
import { sheetStatusSchema } from './sheet-states.js';
import { targetAgency } from './target-agency.js';

const params = z.object({ round: roundParam, table: tableParam });
const agencyQuery = z.object({
  agency: z.string().optional().openapi({ description: 'Agency id or name (coordinators and validators)' }),
});
const syncQuery = agencyQuery.extend({
  dryRun: z.enum(['true', 'false'], { error: 'Tham số dryRun chỉ nhận «true» hoặc «false»' }).optional().openapi({
    description:
      'true: answer what the sync would do (DryRunResult) and store nothing; no Idempotency-Key needed, the version stays',
  }),
});
export const sheetRow = z
  .object({ uid: z.string(), section: z.string(), code: z.string() })
  .catchall(z.union([z.string(), z.number(), z.null()]))
  .openapi('SheetRow');

const sheetRowWithFindings = sheetRow.extend({ findings: z.array(findingSchema.omit({ row: true })) });

/** An agency's sheet as GET …/sheets/{table} answers it. */
export const sheetResponse = z
  .object({
    agency: z.string(),
    version: z.number().int(),
    updatedAt: z.string().nullable(),
    rows: z.array(sheetRowWithFindings),
    status: sheetStatusSchema,
    comments: z.array(
      z.object({
        uid: z.string(),
        author: z.string(),
        body: z.string(),
        flagId: z.string().nullable(),
        createdAt: z.string(),
      }),
    ),
  })
  .openapi('Sheet');

/** A sync: the agency's whole sheet, against the version it was read at. */
export const syncRequest = z.object({ baseVersion: z.number().int(), rows: z.array(sheetRow) }).openapi('SyncRequest');

const getSheet = createRoute({
  method: 'get',
  path: '/api/v1/rounds/{round}/sheets/{table}',
  security: bearer,
  summary: "An agency's sheet, its version and the reviewers' comments",
  middleware: [requireRole('agency', 'coordinator', 'validator')] as const,
  request: { params, query: agencyQuery },
  responses: {
    200: { description: 'The sheet', content: { 'application/json': { schema: sheetResponse } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

const getParents = createRoute({
  method: 'get',
  path: '/api/v1/rounds/{round}/sheets/{table}/parents',
  security: bearer,
  summary:
    "Items that other agencies' sub-items hang under: group rows, which need no time frame or amounts of their own",
  middleware: [requireRole('agency', 'coordinator', 'validator')] as const,
  request: { params, query: agencyQuery },
  responses: {
    200: {
      description: 'The parent items, as "section|code"',
      content: {
        'application/json': {
          schema: z.object({ agency: z.string(), keys: z.array(z.string()) }).openapi('SheetParents'),
        },
      },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

const putSheet = createRoute({
  method: 'put',
  path: '/api/v1/rounds/{round}/sheets/{table}',
  security: bearer,
  summary:
    "Sync an agency's whole sheet (idempotent with Idempotency-Key; 409 on a stale baseVersion; ?dryRun=true previews it; a row's read-only findings, as GET gives them, are ignored)",
  middleware: [requireRole('agency', 'coordinator')] as const,
  request: {
    params,
    query: syncQuery,
    headers: z.object({
      'idempotency-key': z.string().min(1).max(200, 'Khóa Idempotency-Key dài quá 200 ký tự').optional(),
    }),
    body: { content: { 'application/json': { schema: syncRequest } }, required: true },
  },
  responses: {
    200: {
      description: 'Stored; with ?dryRun=true, what would be stored (nothing is)',
      content: { 'application/json': { schema: z.union([syncResultSchema, dryRunResultSchema]) } },
    },
    ...errorResponses(400, 401, 403, 404, 409, 413, 422, 429),
  },
});

// Invalid UTF-8 is refused rather than stored as U+FFFD: a cell must be kept as it was sent.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A part of the request checked as the described routes' validators check it (createApp's defaultHook). */
function valid<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailed(result.error as never);
  return result.data;
}

/** Size guard that answers in our error shape before the body is read. */
const limitBody = createMiddleware<AppEnv>(async function limitBody(c, next) {
  return bodyLimit({
    maxSize: c.get('deps').config.bodyLimit,
    onError: () => {
      throw new ApiError('payload_too_large', defaultMessage('payload_too_large'));
    },
  })(c, next);
});

export function registerSheets(app: OpenAPIHono<AppEnv>) {
  app.openapi(getSheet, async (c) => {
    const { round: roundId, table } = c.req.valid('param');
    const { db } = c.get('deps');
    const round = await getRound(db, roundId);
    const agencyId = await targetAgency(c, c.req.valid('query').agency, 'read');
    const [sheet, rows, comments, status] = await Promise.all([
      db
        .selectFrom('sheets')
        .select(['version', 'updated_at'])
        .where('round_id', '=', round.id)
        .where('table_name', '=', table)
        .where('agency_id', '=', agencyId)
        .executeTakeFirst(),
      db
        .selectFrom('sheet_rows')
        .select(['uid', 'section', 'code', 'data', 'findings'])
        .where('round_id', '=', round.id)
        .where('table_name', '=', table)
        .where('agency_id', '=', agencyId)
        .where('deleted_at', 'is', null)
        .orderBy('position')
        .execute(),
      db
        .selectFrom('comments')
        .select(['uid', 'author', 'body', 'flag_id', 'created_at'])
        .where('round_id', '=', round.id)
        .where('table_name', '=', table)
        .where('agency_id', '=', agencyId)
        .orderBy('created_at')
        .execute(),
      sheetStatus(db, { roundId: round.id, table, agencyId }),
    ]);
    return c.json(
      {
        agency: agencyId,
        version: sheet?.version ?? 0,
        updatedAt: sheet?.updated_at ? new Date(sheet.updated_at).toISOString() : null,
        rows: rows.map((r) => ({ ...toApiRow(r), findings: r.findings })) as z.infer<typeof sheetRowWithFindings>[],
        status,
        comments: comments.map((m) => ({
          uid: m.uid,
          author: m.author,
          body: m.body,
          flagId: m.flag_id,
          createdAt: new Date(m.created_at).toISOString(),
        })),
      },
      200,
    );
  });

  app.openapi(getParents, async (c) => {
    const { round: roundId, table } = c.req.valid('param');
    const { db } = c.get('deps');
    const round = await getRound(db, roundId);
    const agencyId = await targetAgency(c, c.req.valid('query').agency, 'read');
    const keys = await otherAgenciesParentKeys(db, round.id, table, agencyId);
    return c.json({ agency: agencyId, keys: [...keys].sort() }, 200);
  });

  app.use('/api/v1/rounds/:round/sheets/:table', async (c, next) =>
    c.req.method === 'PUT' ? limitBody(c, next) : next(),
  );

  // Described like every route, but registered without the described route's validators: they
  // would parse the body and check its rows a second time (about 2 ms of a 300-row sync), and
  // the handler reads it once, parses it once and checks it once (parseSyncBody), with the
  // same zod schemas and the same Vietnamese messages.
  const { middleware, ...described } = putSheet;
  app.openAPIRegistry.registerPath(described);
  app.put('/api/v1/rounds/:round/sheets/:table', ...middleware, limitSyncs(), async (c) => {
    const { round: roundId, table } = valid(params, c.req.param());
    const deps = c.get('deps');
    const principal = c.get('principal');
    const { dryRun } = valid(syncQuery, { agency: c.req.query('agency'), dryRun: c.req.query('dryRun') });
    const preview = dryRun === 'true';
    const agencyId = await targetAgency(c, c.req.query('agency'), 'write');
    // A preview stores no answer: a key sent with it is not looked at.
    const { 'idempotency-key': key } = preview
      ? { 'idempotency-key': '' }
      : valid(putSheet.request.headers, { 'idempotency-key': c.req.header('idempotency-key') });
    if (!key && !preview)
      throw new ApiError(
        'missing_idempotency_key',
        'Thiếu tiêu đề Idempotency-Key: mỗi lần gửi cần một khóa riêng để gửi lại không bị ghi hai lần.',
      );
    const type = c.req.header('content-type');
    if (type !== undefined && !/^application\/([\w.-]+\+)?json\b/i.test(type))
      throw new ApiError(
        'bad_request',
        `Nội dung gửi lên phải là JSON (Content-Type: application/json), không phải «${type}».`,
      );
    // Hashed as it came (the same hash as of its text), so that its text is not encoded again.
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const requestHash = createHash('sha256')
      .update(`${roundId}\u0000${table}\u0000${agencyId}\u0000`)
      .update(bytes)
      .digest('hex');
    let raw: string;
    try {
      raw = utf8.decode(bytes);
    } catch {
      throw new ApiError(
        'invalid_encoding',
        'Nội dung gửi lên không phải văn bản UTF-8 hợp lệ (có byte bị hỏng). Hãy gửi lại từ ngăn tác vụ TổngHợp hoặc lưu tệp dưới dạng UTF-8.',
      );
    }
    // What the request needs from the database, asked at once: a pool answers side by side.
    const [replay, found, others, lock] = await Promise.all([
      preview ? null : findReplay(deps.db, principal.tokenId, key!, requestHash),
      getRound(deps.db, roundId).then(
        (round) => ({ round }),
        (error: unknown) => ({ error }),
      ),
      otherAgenciesParentKeys(deps.db, roundId, table, agencyId),
      deps.db
        .selectFrom('sheets')
        .select(['state', 'accepted_by', 'accepted_at'])
        .where('round_id', '=', roundId)
        .where('table_name', '=', table)
        .where('agency_id', '=', agencyId)
        .executeTakeFirst(),
    ]);
    if (replay) return c.json(replay.body as never, 200);
    // Said before the rows are judged: a locked sheet's findings would only mislead. The batch
    // checks again under the sheet's lock.
    if (lock?.state === 'accepted') throw sheetLocked(lock.accepted_by, lock.accepted_at);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new ApiError('invalid_json', 'Nội dung gửi lên không phải JSON hợp lệ.');
    }
    const sent = (json as { rows?: unknown } | null)?.rows;
    if (Array.isArray(sent) && sent.length > deps.config.maxSyncRows)
      throw new ApiError(
        'payload_too_large',
        `Bảng gửi lên có ${formatAmount(sent.length)} dòng, quá giới hạn ${formatAmount(deps.config.maxSyncRows)} dòng cho một lần đồng bộ. Hãy chia bảng thành nhiều bảng nhỏ hơn hoặc liên hệ quản trị hệ thống.`,
        { rows: sent.length, maxRows: deps.config.maxSyncRows },
      );
    if ('error' in found) throw found.error;
    const { round } = found;
    if (round.status === 'closed')
      throw new ApiError(
        'round_closed',
        `Đợt «${round.name}» đã khóa sổ; không nhận thêm dữ liệu. Liên hệ Sở Khoa học và Công nghệ nếu cần mở lại.`,
      );
    assertTableFitsRound(round, table);
    const body = parseSyncBody(table, periodOf(round), json);
    const matcher = await deps.registry.matcher();
    const parentKeys = withOwnParentKeys(others, body.rows);
    const extra = await progressPlanFindings(deps.db, {
      round,
      table,
      agencyId,
      matcher,
      agencyName: round.kind === 'progress' ? await agencyNames(deps.registry) : String,
      rows: body.rows,
    });
    const findings = checkSheet({
      round,
      table,
      body,
      matcher,
      parentKeys,
      scanCharacters: mayHoldFaultyText(raw),
      extra,
      now: deps.config.now(),
    });
    const checked = { round, table, agencyId, principal, body, matcher, now: deps.config.now() };
    if (preview) return c.json(await dryRunSync(deps.db, checked, findings), 200);
    const input = { ...checked, idempotencyKey: key!, requestHash };
    const result = await queueSync(deps.db, { input, findings });
    return c.json(result.body as never, 200);
  });
}
