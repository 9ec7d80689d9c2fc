/**
 * A sheet's life: an agency submits its sheet as final; a validator or coordinator accepts it
 * (it is then locked) or returns it with a comment; a coordinator reopens an accepted sheet with
 * a reason. `GET …/state` shows where the sheet stands, its transitions and, after a reopen,
 * every cell changed since it was accepted.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Role } from '../../domain/index.js';
import { SHEET_ACTIONS, SHEET_STATES, type SheetAction } from '../../domain/index.js';
import type { AppEnv } from '../context.js';
import { requireRole } from '../middleware/auth.js';
import { getRound } from '../rounds/round.js';
import { moveSheet, sheetHistory, sheetStatus } from '../sheets/lifecycle.js';
import { bearer, errorResponses, roundParam, tableParam } from './schemas.js';
import { targetAgency } from './target-agency.js';

export const sheetStatusSchema = z
  .object({
    state: z.enum(SHEET_STATES),
    label: z.string(),
    version: z.number().int(),
    firstSubmittedAt: z.string().nullable(),
    submittedAt: z.string().nullable(),
    submittedBy: z.string().nullable(),
    acceptedAt: z.string().nullable(),
    acceptedBy: z.string().nullable(),
    note: z.string().nullable(),
    changedAt: z.string().nullable(),
    changedSinceAcceptance: z.number().int(),
  })
  .openapi('SheetStatus');

const params = z.object({ round: roundParam, table: tableParam });
const agencyQuery = z.object({ agency: z.string().optional() });

const WHO: Readonly<Record<SheetAction, Role[]>> = {
  submit: ['agency', 'coordinator'],
  accept: ['validator', 'coordinator'],
  return: ['validator', 'coordinator'],
  reopen: ['coordinator'],
};

const SUMMARY: Readonly<Record<SheetAction, string>> = {
  submit: 'Submit the sheet as final (422 while it has errors or returned flags)',
  accept: 'Accept a submitted sheet; it is then locked (syncs get 423)',
  return: 'Return the sheet to its agency with a comment',
  reopen: 'Reopen an accepted sheet, with a reason (coordinator)',
};

const change = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  uid: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  note: z.string().nullable(),
  columns: z
    .array(z.string())
    .optional()
    .openapi({ description: "A row's change: the keys of the cells that differ between before and after" }),
});

const getState = createRoute({
  method: 'get',
  path: '/api/v1/rounds/{round}/sheets/{table}/state',
  security: bearer,
  summary: "A sheet's state, its transitions, and the cells changed since its last acceptance",
  middleware: [requireRole('agency', 'validator', 'coordinator')] as const,
  request: { params, query: agencyQuery },
  responses: {
    200: {
      description: 'State',
      content: {
        'application/json': {
          schema: z.object({
            agency: z.string(),
            status: sheetStatusSchema,
            transitions: z.array(change),
            changesSinceAcceptance: z.array(change),
          }),
        },
      },
    },
    ...errorResponses(401, 403, 404),
  },
});

export function registerSheetStates(app: OpenAPIHono<AppEnv>) {
  for (const action of SHEET_ACTIONS) {
    const route = createRoute({
      method: 'post',
      path: `/api/v1/rounds/{round}/sheets/{table}/${action}`,
      security: bearer,
      summary: SUMMARY[action],
      middleware: [requireRole(...WHO[action])] as const,
      request: {
        params,
        query: agencyQuery,
        body: {
          content: {
            'application/json': {
              schema: z.object({
                note: z.string().max(4000).optional(),
                version: z
                  .number()
                  .int()
                  .min(0)
                  .optional()
                  .openapi({ description: 'The version seen: refused with 409 when a sync has moved the sheet since' }),
              }),
            },
          },
          required: false,
        },
      },
      responses: {
        200: { description: 'Moved', content: { 'application/json': { schema: sheetStatusSchema } } },
        ...errorResponses(401, 403, 404, 409, 422),
      },
    });
    app.openapi(route, async (c) => {
      const { round: roundId, table } = c.req.valid('param');
      const deps = c.get('deps');
      const round = await getRound(deps.db, roundId);
      const agencyId = await targetAgency(c, c.req.valid('query').agency, action === 'submit' ? 'write' : 'read');
      const body = c.req.header('content-type') ? c.req.valid('json') : {};
      const status = await moveSheet(deps.db, {
        roundId: round.id,
        table,
        agencyId,
        action,
        actor: c.get('principal'),
        ...(body?.note !== undefined ? { note: body.note } : {}),
        ...(body?.version !== undefined ? { version: body.version } : {}),
        now: deps.config.now(),
      });
      return c.json(status, 200);
    });
  }

  app.openapi(getState, async (c) => {
    const { round: roundId, table } = c.req.valid('param');
    const { db } = c.get('deps');
    const round = await getRound(db, roundId);
    const agencyId = await targetAgency(c, c.req.valid('query').agency, 'read');
    const key = { roundId: round.id, table, agencyId };
    const status = await sheetStatus(db, key);
    const { transitions, changesSinceAcceptance } = await sheetHistory(db, key, status);
    return c.json({ agency: agencyId, status, transitions, changesSinceAcceptance }, 200);
  });
}
