import type { z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncResultSchema } from '../../service/routes/schemas.js';
import { sheetResponse } from '../../service/routes/sheets.js';
import { currentToken } from '../../service/routes/tokens.js';
import { budgetRowsLedBy, newKey, ROUND, type Service, startService } from './harness.js';

/** The body is exactly what the schema describes: it parses, and parsing drops nothing. */
function expectDescribed(schema: z.ZodType, body: unknown) {
  const parsed = schema.safeParse(body);
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(parsed.data).toEqual(body);
}

describe('GET /openapi.json and /healthz', () => {
  let s: Service;
  beforeAll(async () => {
    s = await startService('pglite');
  });
  afterAll(async () => {
    await s.close();
  });

  it('describes every route with its request and response schemas', async () => {
    const res = await s.call('GET', '/openapi.json', { token: null });
    expect(res.status).toBe(200);
    const paths = Object.keys(res.body.paths);
    for (const p of [
      '/healthz',
      '/healthz/ready',
      '/api/v1/rounds',
      '/api/v1/rounds/{round}',
      '/api/v1/rounds/{round}/sheets/{table}',
      '/api/v1/rounds/{round}/sheets/{table}/parents',
      '/api/v1/rounds/{round}/merged/{table}',
      '/api/v1/rounds/{round}/flags',
      '/api/v1/rounds/{round}/flags/recompute',
      '/api/v1/rounds/{round}/flags/{id}/review',
      '/api/v1/registry',
      '/api/v1/registry/agencies/{id}',
      '/api/v1/tokens',
      '/api/v1/tokens/{id}',
    ]) {
      expect(paths, p).toContain(p);
    }
    const put = res.body.paths['/api/v1/rounds/{round}/sheets/{table}'].put;
    expect(put.requestBody.content['application/json'].schema).toBeDefined();
    expect(Object.keys(put.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '409', '413', '422']),
    );
    expect(res.body.components.schemas).toHaveProperty('Round');
    expect(res.body.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('answers /healthz (live) and /healthz/ready (database) without a token', async () => {
    expect((await s.call('GET', '/healthz', { token: null })).body).toEqual({ ok: true });
    const ready = await s.call('GET', '/healthz/ready', { token: null });
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ ok: true, database: 'ok' });
  });

  // The task pane's API types are these schemas' (service/api-types.ts): the answers must be what they say.
  it('answers a sync, a sheet and the current token exactly as their schemas describe them', async () => {
    const rows = budgetRowsLedBy('Sở Y tế').map((r, i) => (i === 0 ? { ...r, lead: 'SYT' } : r));
    const sheet = `/api/v1/rounds/${ROUND}/sheets/budget`;
    const sync = await s.call('PUT', sheet, {
      token: s.tokens.yte,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 0, rows },
    });
    expect(sync.status).toBe(200);
    // A warning on the first row (an alias of the lead), so the findings are described too.
    expect(sync.body.findings.length).toBeGreaterThan(0);
    expectDescribed(syncResultSchema, sync.body);
    const read = await s.call('GET', sheet, { token: s.tokens.yte });
    expect(read.body.rows).toHaveLength(rows.length);
    expectDescribed(sheetResponse, read.body);
    expectDescribed(currentToken, (await s.call('GET', '/api/v1/tokens/current', { token: s.tokens.yte })).body);
  });
});
