import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { AppEnv } from '../context.js';

const route = createRoute({
  method: 'get',
  path: '/healthz',
  summary: 'Liveness and database reachability',
  responses: {
    200: {
      description: 'Up',
      content: { 'application/json': { schema: z.object({ ok: z.literal(true), database: z.literal('ok') }) } },
    },
  },
});

export function registerHealthz(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    await sql`select 1`.execute(c.get('deps').db);
    return c.json({ ok: true as const, database: 'ok' as const }, 200);
  });
}
