/** The agency registry: every signed-in user reads it (dropdowns, matching); administrators change it. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { agencySchema } from '../../domain/index.js';
import type { AppEnv } from '../context.js';
import { requireRole } from '../middleware/auth.js';
import { MAX_NAME_CHARS, openNameRequests, proposeName } from '../registry/name-requests.js';
import { FLAGS_NOT_RECOMPUTED, saveAgency } from '../registry/save-agency.js';
import { bearer, errorResponses } from './schemas.js';

// A new object from this module's z: domain schemas may predate the OpenAPI extension (zod 4 sets methods per instance).
const agency = z.object(agencySchema.shape).openapi('Agency');

const list = createRoute({
  method: 'get',
  path: '/api/v1/registry',
  security: bearer,
  summary: 'All agencies with their aliases',
  responses: {
    200: {
      description: 'Registry',
      content: { 'application/json': { schema: z.object({ agencies: z.array(agency) }) } },
    },
    ...errorResponses(401),
  },
});
const upsert = createRoute({
  method: 'put',
  path: '/api/v1/registry/agencies/{id}',
  security: bearer,
  summary: 'Add or change an agency (admin)',
  middleware: [requireRole('admin')] as const,
  request: {
    params: z.object({ id: z.string() }),
    body: {
      content: {
        'application/json': {
          schema: agency.omit({ id: true }).extend({
            contact: z.string().max(1000).nullable().optional().openapi({
              description:
                'Whom to remind of a missing sheet (person, telephone, e-mail); absent keeps the stored one, null clears it',
            }),
          }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'Saved',
      content: {
        'application/json': {
          schema: agency.extend({
            notice: z.string().optional().openapi({
              description: "Only when the agency was saved but the open rounds' flags could not be worked out again",
            }),
          }),
        },
      },
    },
    ...errorResponses(401, 403, 409, 422),
  },
});

const nameRequest = z
  .object({
    id: z.number().int(),
    name: z.string(),
    note: z.string(),
    requestedBy: z.string(),
    requestedAt: z.string(),
    status: z.enum(['open', 'accepted', 'rejected']),
    agencyId: z.string().nullable(),
  })
  .openapi('NameRequest');

const propose = createRoute({
  method: 'post',
  path: '/api/v1/registry/requests',
  security: bearer,
  summary: 'Propose a name missing from the registry (any token); the administrator accepts or declines it',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z
            .object({ name: z.string().max(MAX_NAME_CHARS), note: z.string().max(1000).default('') })
            .openapi('NameProposal'),
        },
      },
      required: true,
    },
  },
  responses: {
    201: { description: 'Recorded', content: { 'application/json': { schema: nameRequest } } },
    200: { description: 'Already proposed and still open', content: { 'application/json': { schema: nameRequest } } },
    ...errorResponses(401, 409, 422),
  },
});
const requests = createRoute({
  method: 'get',
  path: '/api/v1/registry/requests',
  security: bearer,
  summary: 'Open name requests (admin)',
  middleware: [requireRole('admin')] as const,
  responses: {
    200: {
      description: 'Open requests, oldest first',
      content: { 'application/json': { schema: z.object({ requests: z.array(nameRequest) }) } },
    },
    ...errorResponses(401, 403),
  },
});

const toNameRequest = (r: Awaited<ReturnType<typeof openNameRequests>>[number]): z.infer<typeof nameRequest> => ({
  id: r.id,
  name: r.name,
  note: r.note,
  requestedBy: r.requested_by,
  requestedAt: new Date(r.requested_at).toISOString(),
  status: r.status,
  agencyId: r.agency_id,
});

export function registerRegistry(app: OpenAPIHono<AppEnv>) {
  app.openapi(propose, async (c) => {
    const { db, registry } = c.get('deps');
    const { request, created } = await proposeName(db, registry, c.get('principal'), c.req.valid('json'));
    return created ? c.json(toNameRequest(request), 201) : c.json(toNameRequest(request), 200);
  });

  app.openapi(requests, async (c) =>
    c.json({ requests: (await openNameRequests(c.get('deps').db)).map(toNameRequest) }, 200),
  );

  app.openapi(list, async (c) => c.json({ agencies: await c.get('deps').registry.all() }, 200));

  app.openapi(upsert, async (c) => {
    const { db, registry } = c.get('deps');
    const { agency: saved, flagsRecomputed } = await saveAgency(
      db,
      registry,
      c.get('principal'),
      c.req.valid('param').id,
      c.req.valid('json'),
    );
    return c.json(flagsRecomputed ? saved : { ...saved, notice: FLAGS_NOT_RECOMPUTED }, 200);
  });
}
