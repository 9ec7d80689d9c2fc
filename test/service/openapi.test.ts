import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type Service } from './harness.js';

describe('GET /openapi.json and /healthz', () => {
  let s: Service;
  beforeAll(async () => { s = await startService('pglite'); });
  afterAll(async () => { await s.close(); });

  it('describes every route with its request and response schemas', async () => {
    const res = await s.call('GET', '/openapi.json', { token: null });
    expect(res.status).toBe(200);
    const paths = Object.keys(res.body.paths);
    for (const p of ['/healthz', '/api/v1/rounds', '/api/v1/rounds/{round}', '/api/v1/rounds/{round}/sheets/{table}', '/api/v1/rounds/{round}/sheets/{table}/parents', '/api/v1/rounds/{round}/merged/{table}', '/api/v1/rounds/{round}/flags', '/api/v1/rounds/{round}/flags/recompute', '/api/v1/rounds/{round}/flags/{id}/review', '/api/v1/registry', '/api/v1/registry/agencies/{id}', '/api/v1/tokens', '/api/v1/tokens/{id}']) {
      expect(paths, p).toContain(p);
    }
    const put = res.body.paths['/api/v1/rounds/{round}/sheets/{table}'].put;
    expect(put.requestBody.content['application/json'].schema).toBeDefined();
    expect(Object.keys(put.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409', '413', '422']));
    expect(res.body.components.schemas).toHaveProperty('Round');
    expect(res.body.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('answers /healthz without a token', async () => {
    const res = await s.call('GET', '/healthz', { token: null });
    expect(res.body).toEqual({ ok: true, database: 'ok' });
  });
});
