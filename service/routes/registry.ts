/** The agency registry: every signed-in user reads it (dropdowns, matching); administrators change it. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { agencySchema } from '../../domain/index.js';
import type { AppEnv } from '../context.js';
import { requireRole } from '../middleware/auth.js';
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

export function registerRegistry(app: OpenAPIHono<AppEnv>) {
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
