/** Schemas shared by several routes: the error body, path parameters, security. */
import { z } from '@hono/zod-openapi';
import { FINDING_CODES, SEVERITIES, TABLE_NAMES } from '../../domain/index.js';

export const errorSchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), requestId: z.string().nullable() }).passthrough(),
  })
  .openapi('Error');

export const errorResponses = (...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 422)[]) =>
  Object.fromEntries(
    statuses.map((s) => [s, { description: ERROR_DESCRIPTIONS[s], content: { 'application/json': { schema: errorSchema } } }]),
  );

const ERROR_DESCRIPTIONS = {
  400: 'Malformed request',
  401: 'No valid token',
  403: 'The token may not do this',
  404: 'Not found',
  409: 'Conflict (stale version, closed round)',
  413: 'Body too large',
  422: 'Rows or fields rejected',
} as const;

export const roundParam = z.string().openapi({ param: { name: 'round', in: 'path' }, example: 'de-an-11' });
export const tableParam = z.enum(TABLE_NAMES, { error: (issue) => `Không có bảng «${String(issue.input)}»; các bảng là ${TABLE_NAMES.join(', ')}` }).openapi({ param: { name: 'table', in: 'path' }, example: 'budget' });

export const findingSchema = z
  .object({
    row: z.number().int(),
    uid: z.string().optional(),
    column: z.object({ key: z.string(), header: z.string() }).nullable(),
    code: z.enum(FINDING_CODES),
    severity: z.enum(SEVERITIES),
    message: z.string(),
    suggestion: z.string().nullable(),
  })
  .openapi('Finding');

export const bearer = [{ bearerAuth: [] }];
