/**
 * Schemas shared by several routes and by the code behind them: the error body, path
 * parameters, security, findings, flags as a sync reports them, a sync's answer.
 */
import { z } from '@hono/zod-openapi';
import { findingSchema as domainFindingSchema, ROW_STATUSES, TABLE_NAMES } from '../../domain/index.js';

export const errorSchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), requestId: z.string().nullable() }).passthrough(),
  })
  .openapi('Error');

export const errorResponses = (...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 422 | 429)[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: ERROR_DESCRIPTIONS[s], content: { 'application/json': { schema: errorSchema } } },
    ]),
  );

const ERROR_DESCRIPTIONS = {
  400: 'Malformed request',
  401: 'No valid token',
  403: 'The token may not do this',
  404: 'Not found',
  409: 'Conflict (stale version, closed round)',
  413: 'Body too large',
  422: 'Rows or fields rejected',
  429: 'Too many failed tokens or syncs in a short time (Retry-After says when to try again)',
} as const;

export const roundParam = z.string().openapi({ param: { name: 'round', in: 'path' }, example: 'de-an-11' });
export const tableParam = z
  .enum(TABLE_NAMES, {
    error: (issue) => `Không có bảng «${String(issue.input)}»; các bảng là ${TABLE_NAMES.join(', ')}`,
  })
  .openapi({ param: { name: 'table', in: 'path' }, example: 'budget' });

/** A finding of the domain checks (domain/report.ts), with the uid of its row in a synced sheet. */
export const findingSchema = domainFindingSchema.extend({ uid: z.string().optional() }).openapi('Finding');

/** A flag as a sync reports it and as the merged JSON names it on its rows. */
export const flagSummarySchema = z
  .object({
    id: z.string(),
    code: z.string(),
    severity: z.string(),
    status: z.string(),
    message: z.string().openapi({
      description:
        "A sync's answer shortens it to 400 characters, as a row's note is; the full text is in GET …/flags and the merged JSON",
    }),
  })
  .openapi('FlagSummary');
export type FlagSummary = z.infer<typeof flagSummarySchema>;

/** A sync's answer: the new version, what happened to each row, the checks' warnings and the flags about the agency. */
export const syncResultSchema = z
  .object({
    version: z.number().int(),
    rows: z.array(z.object({ uid: z.string(), status: z.enum(ROW_STATUSES) })),
    findings: z.array(findingSchema.extend({ uid: z.string() })),
    flags: z.array(flagSummarySchema),
  })
  .openapi('SyncResult');
export type SyncResult = z.infer<typeof syncResultSchema>;

const previewCells = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));

/** A sync's preview (`?dryRun=true`): what the sync would store and which flags it would move; nothing is stored. */
export const dryRunResultSchema = z
  .object({
    dryRun: z.literal(true),
    version: z.number().int().openapi({ description: "The sheet's version now" }),
    wouldBeVersion: z.number().int().openapi({ description: 'Its version once the sync is sent' }),
    counts: z.object({
      new: z.number().int(),
      changed: z.number().int(),
      unchanged: z.number().int(),
      removed: z.number().int(),
      restored: z.number().int(),
    }),
    changes: z.array(
      z.object({
        kind: z.enum(['new', 'changed', 'removed', 'restored']),
        rowId: z.string().openapi({ description: "The row's uid" }),
        rowNumber: z
          .number()
          .int()
          .nullable()
          .openapi({ description: 'Its data row in the sheet sent (1-based); null for a removed row' }),
        before: previewCells.nullable().openapi({ description: 'The row as stored ({section, code, …cells})' }),
        after: previewCells.nullable().openapi({ description: 'The row as the sync would store it' }),
        columns: z.array(z.string()).openapi({ description: 'Keys of the cells that differ' }),
      }),
    ),
    findings: z.array(findingSchema.extend({ uid: z.string() })),
    flags: z.object({
      raised: z
        .array(flagSummarySchema)
        .openapi({ description: 'Flags about the agency that would be new or open again' }),
      resolved: z
        .array(flagSummarySchema)
        .openapi({ description: 'Open flags about the agency that would be resolved' }),
    }),
  })
  .openapi('DryRunResult');
export type DryRunResult = z.infer<typeof dryRunResultSchema>;

export const bearer = [{ bearerAuth: [] }];
