/** Access tokens: list, create (the token is shown once), revoke (admin); the caller's own (everyone). */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { ROLES, type Role } from '../../domain/index.js';
import { issueToken, revokeTokenBy } from '../auth/issue-token.js';
import type { AppEnv } from '../context.js';
import { ApiError } from '../errors.js';
import { requireRole } from '../middleware/auth.js';
import { bearer, errorResponses } from './schemas.js';

const tokenInfo = z
  .object({
    id: z.string(),
    role: z.enum(ROLES),
    agencyId: z.string().nullable(),
    label: z.string().nullable(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi('TokenInfo');
const admin = requireRole('admin');

const list = createRoute({
  method: 'get',
  path: '/api/v1/tokens',
  security: bearer,
  middleware: admin,
  summary: 'List tokens (admin)',
  responses: {
    200: {
      description: 'Tokens',
      content: { 'application/json': { schema: z.object({ tokens: z.array(tokenInfo) }) } },
    },
    ...errorResponses(401, 403),
  },
});
const create = createRoute({
  method: 'post',
  path: '/api/v1/tokens',
  security: bearer,
  middleware: admin,
  summary: 'Create a token (admin); the token is returned once',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({
            role: z.enum(ROLES),
            agency: z.string().optional(),
            label: z.string().max(200).optional(),
          }),
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: 'Created',
      content: { 'application/json': { schema: tokenInfo.extend({ token: z.string() }) } },
    },
    ...errorResponses(401, 403, 404, 422),
  },
});
/** The caller's own token, as GET /api/v1/tokens/current answers. */
export const currentToken = z
  .object({ role: z.enum(ROLES), agencyId: z.string().nullable(), label: z.string().nullable() })
  .openapi('CurrentToken');

const current = createRoute({
  method: 'get',
  path: '/api/v1/tokens/current',
  security: bearer,
  summary: "The caller's own token: role and agency (the task pane shows who is signed in)",
  responses: {
    200: { description: 'The caller', content: { 'application/json': { schema: currentToken } } },
    ...errorResponses(401),
  },
});
const revoke = createRoute({
  method: 'delete',
  path: '/api/v1/tokens/{id}',
  security: bearer,
  middleware: admin,
  summary: 'Revoke a token (admin)',
  request: { params: z.object({ id: z.string() }) },
  responses: {
    200: {
      description: 'Revoked',
      content: { 'application/json': { schema: z.object({ revoked: z.literal(true) }) } },
    },
    ...errorResponses(401, 403, 404),
  },
});

export function registerTokens(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const rows = await c
      .get('deps')
      .db.selectFrom('tokens')
      .select(['id', 'role', 'agency_id', 'label', 'created_at', 'revoked_at'])
      .orderBy('created_at')
      .execute();
    return c.json(
      {
        tokens: rows.map((r) => ({
          id: r.id,
          role: r.role as Role,
          agencyId: r.agency_id,
          label: r.label,
          createdAt: new Date(r.created_at).toISOString(),
          revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
        })),
      },
      200,
    );
  });
  app.openapi(create, async (c) => {
    const { db, registry } = c.get('deps');
    const t = await issueToken(db, registry, c.get('principal'), c.req.valid('json'));
    return c.json(
      {
        id: t.id,
        token: t.token,
        role: t.role,
        agencyId: t.agencyId,
        label: t.label,
        createdAt: new Date().toISOString(),
        revokedAt: null,
      },
      201,
    );
  });
  app.openapi(current, async (c) => {
    const { role, agencyId, label } = c.get('principal');
    return c.json({ role, agencyId, label }, 200);
  });
  app.openapi(revoke, async (c) => {
    if (!(await revokeTokenBy(c.get('deps').db, c.get('principal'), c.req.valid('param').id)))
      throw new ApiError('not_found', 'Không có mã truy cập còn hiệu lực với mã này.');
    return c.json({ revoked: true as const }, 200);
  });
}
