/**
 * `POST …/flags/{id}/replies`: an agency answers a flag on its own rows («Đã sửa», or a reply);
 * the reviewer reads it on the flag's page in the console, the agency on its rows in Excel.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context.js';
import { replyToFlag } from '../flags/reply.js';
import { requireRole } from '../middleware/auth.js';
import { getRound } from '../rounds/round.js';
import { bearer, errorResponses, roundParam } from './schemas.js';

export const flagReply = z
  .object({
    body: z.string().max(4000, 'Trả lời dài quá 4.000 ký tự').default(''),
    done: z.boolean().default(false).openapi({ description: '«Đã sửa»: the rows were corrected' }),
  })
  .openapi('FlagReply');

const reply = createRoute({
  method: 'post',
  path: '/api/v1/rounds/{round}/flags/{id}/replies',
  security: bearer,
  summary: "An agency's answer to a flag on its own rows («Đã sửa» or a reply)",
  middleware: [requireRole('agency')] as const,
  request: {
    params: z.object({ round: roundParam, id: z.string().min(1).max(200) }),
    body: { content: { 'application/json': { schema: flagReply } }, required: true },
  },
  responses: {
    200: {
      description: 'Stored on the agency’s rows of the flag',
      content: {
        'application/json': {
          schema: z
            .object({
              flagId: z.string(),
              body: z.string(),
              author: z.string(),
              createdAt: z.string(),
              rows: z.array(z.string()),
            })
            .openapi('FlagReplyStored'),
        },
      },
    },
    ...errorResponses(401, 403, 404, 422),
  },
});

export function registerFlagReplies(app: OpenAPIHono<AppEnv>) {
  app.openapi(reply, async (c) => {
    const { round: roundId, id } = c.req.valid('param');
    const deps = c.get('deps');
    const round = await getRound(deps.db, roundId);
    const { body, done } = c.req.valid('json');
    const stored = await replyToFlag(deps.db, {
      roundId: round.id,
      flagId: id,
      body,
      done,
      principal: c.get('principal'),
      now: deps.config.now(),
    });
    return c.json(stored, 200);
  });
}
