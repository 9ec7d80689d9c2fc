/**
 * The merged province appendix of a round: JSON, or the official layout as .csv or .xlsx
 * (`…/merged/budget.xlsx`), with open flags on their rows.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { accepts } from 'hono/accepts';
import { TABLE_NAMES, type TableName } from '../../domain/index.js';
import type { AppEnv } from '../context.js';
import { ApiError } from '../errors.js';
import { mergedFile } from '../merge/merged-file.js';
import { mergedJson } from '../merge/merged-json.js';
import { requireRole } from '../middleware/auth.js';
import { getRound } from '../rounds/round.js';
import { mergedProgress } from './progress.js';
import { bearer, errorResponses, roundParam } from './schemas.js';

const TABLE_FILE = new RegExp(`^(${TABLE_NAMES.join('|')})(\\.csv|\\.xlsx)?$`);

const route = createRoute({
  method: 'get',
  path: '/api/v1/rounds/{round}/merged/{table}',
  security: bearer,
  summary: 'The merged appendix in official order (JSON; add .csv or .xlsx to the table for a file)',
  middleware: [requireRole('coordinator', 'validator')] as const,
  request: {
    params: z.object({ round: roundParam, table: z.string().regex(TABLE_FILE).openapi({ example: 'budget.xlsx' }) }),
  },
  responses: {
    200: {
      description: 'The merged table',
      content: {
        'application/json': {
          schema: z
            .object({
              table: z.enum(TABLE_NAMES),
              title: z.string(),
              totals: z.record(z.string(), z.unknown()),
              rows: z.array(
                z
                  .object({
                    flagIds: z.array(z.string()).openapi({ description: 'Open flags on the row: keys of `flags`' }),
                  })
                  .passthrough(),
              ),
              flags: z
                .record(
                  z.string(),
                  z.object({ code: z.string(), severity: z.string(), status: z.string(), message: z.string() }),
                )
                .openapi({ description: 'The open flags on the rows, by id' }),
            })
            .passthrough(),
        },
        'text/csv': { schema: z.string() },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
          schema: z.string().openapi({ format: 'binary' }),
        },
      },
    },
    ...errorResponses(401, 403, 404),
  },
});

export function registerMerged(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { round: roundId, table: file } = c.req.valid('param');
    const [, name, ext] = TABLE_FILE.exec(file)!;
    const table = name as TableName;
    const { db, registry } = c.get('deps');
    const round = await getRound(db, roundId);
    // The progress table merges into the progress report: each task with its derived status.
    if (table === 'progress') return mergedProgress(c, round, ext) as never;
    if (ext === '.csv' || ext === '.xlsx') {
      // Through c.body, so the headers set earlier (X-Request-Id) stay on the file's response.
      const file = await mergedFile(db, registry, round, table, ext);
      return c.body(file.body as ReadableStream, 200, Object.fromEntries(file.headers)) as never;
    }
    const names = new Map((await registry.all()).map((a) => [a.id, a.name]));
    const json = await mergedJson(db, round, table, names);
    if (json === null) throw new ApiError('not_found', 'Không có bảng này.');
    const headers = { 'content-type': 'application/json; charset=utf-8', vary: 'Accept-Encoding' };
    // Hono reads the q-values: "gzip;q=0" is a refusal.
    if (accepts(c, { header: 'Accept-Encoding', supports: ['gzip', 'identity'], default: 'identity' }) === 'gzip')
      return c.body(bytes(await json.gzipped()), 200, { ...headers, 'content-encoding': 'gzip' }) as never;
    return c.body(bytes(json.plain()), 200, headers) as never;
  });
}

/** The kept bytes as the Uint8Array Hono sends, without copying them. */
const bytes = (b: Buffer) => new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);
