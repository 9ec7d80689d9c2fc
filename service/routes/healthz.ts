import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { AppEnv } from '../context.js';
import { errorBody } from '../errors.js';
import { errorSchema } from './schemas.js';

const live = createRoute({
  method: 'get',
  path: '/healthz',
  summary: 'Liveness: the process answers (a supervisor restarts it otherwise)',
  responses: {
    200: { description: 'Up', content: { 'application/json': { schema: z.object({ ok: z.literal(true) }) } } },
  },
});

const ready = createRoute({
  method: 'get',
  path: '/healthz/ready',
  summary: 'Readiness: the database answers (a load balancer sends no traffic otherwise)',
  responses: {
    200: {
      description: 'Ready',
      content: { 'application/json': { schema: z.object({ ok: z.literal(true), database: z.literal('ok') }) } },
    },
    503: { description: 'The database does not answer', content: { 'application/json': { schema: errorSchema } } },
  },
});

export function registerHealthz(app: OpenAPIHono<AppEnv>) {
  app.openapi(live, (c) => c.json({ ok: true as const }, 200));
  app.openapi(ready, async (c) => {
    try {
      await sql`select 1`.execute(c.get('deps').db);
    } catch {
      c.header('Retry-After', '5');
      return c.json(errorBody(c, 'database_unavailable', 'Cơ sở dữ liệu không trả lời.'), 503);
    }
    return c.json({ ok: true as const, database: 'ok' as const }, 200);
  });
}
