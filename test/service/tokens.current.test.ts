/** GET /api/v1/tokens/current: who the caller is, for the task pane's header and its actions. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Service, startService } from './harness.js';

describe('GET /api/v1/tokens/current', () => {
  let s: Service;
  beforeAll(async () => {
    s = await startService('pglite');
  });
  afterAll(async () => {
    await s.close();
  });

  it('answers each role with its own role and agency, never the token', async () => {
    const yte = await s.call('GET', '/api/v1/tokens/current', { token: s.tokens.yte });
    expect(yte.body).toEqual({ role: 'agency', agencyId: 'so-y-te', label: 'Sở Y tế' });
    expect((await s.call('GET', '/api/v1/tokens/current', { token: s.tokens.validator })).body).toMatchObject({
      role: 'validator',
      agencyId: null,
    });
    expect(yte.text).not.toContain(s.tokens.yte);
  });

  it('refuses without a valid token', async () => {
    expect((await s.call('GET', '/api/v1/tokens/current', { token: null })).status).toBe(401);
    expect((await s.call('GET', '/api/v1/tokens/current', { token: s.tokens.revoked })).status).toBe(401);
  });
});
