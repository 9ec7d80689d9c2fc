/**
 * Who may open which console page, tested from outside with real HTTP requests: no cookie, each
 * role's cookie, an agency's token; the session cookie's attributes; CSRF and Origin checks; the
 * token never in an address; and the API routes behind the coordinator and admin pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { createToken } from '../../service/auth/tokens.js';
import type { Service } from '../service/harness.js';
import { ROUND, startConsoleService, Visitor, visibleText } from './harness.js';

type Who = 'none' | 'validator' | 'coordinator' | 'admin';
const WHO: Who[] = ['none', 'validator', 'coordinator', 'admin'];
const SIGN_IN = 303;

const PAGES: { name: string; path: string; expect: Record<Who, number> }[] = [
  { name: 'home', path: '/console', expect: { none: SIGN_IN, validator: 200, coordinator: 200, admin: 200 } },
  {
    name: 'round overview',
    path: `/console/rounds/${ROUND}`,
    expect: { none: SIGN_IN, validator: 200, coordinator: 200, admin: 403 },
  },
  {
    name: 'submission state',
    path: `/console/rounds/${ROUND}/submissions`,
    expect: { none: SIGN_IN, validator: 200, coordinator: 200, admin: 403 },
  },
  {
    name: "one agency's sheet",
    path: `/console/rounds/${ROUND}/sheets/budget/so-y-te`,
    expect: { none: SIGN_IN, validator: 200, coordinator: 200, admin: 403 },
  },
  {
    name: 'review queue',
    path: `/console/rounds/${ROUND}/flags`,
    expect: { none: SIGN_IN, validator: 200, coordinator: 200, admin: 403 },
  },
  {
    name: 'flag list .xlsx',
    path: `/console/rounds/${ROUND}/flags.xlsx?code=missing_submission`,
    expect: { none: SIGN_IN, validator: 200, coordinator: 200, admin: 403 },
  },
  {
    name: 'merged table',
    path: `/console/rounds/${ROUND}/merged/budget`,
    expect: { none: SIGN_IN, validator: 200, coordinator: 200, admin: 403 },
  },
  {
    name: 'merged .csv',
    path: `/console/rounds/${ROUND}/merged/budget.csv`,
    expect: { none: SIGN_IN, validator: 200, coordinator: 200, admin: 403 },
  },
  {
    name: 'round settings',
    path: '/console/settings',
    expect: { none: SIGN_IN, validator: 403, coordinator: 200, admin: 403 },
  },
  {
    name: 'one round settings',
    path: `/console/settings/${ROUND}`,
    expect: { none: SIGN_IN, validator: 403, coordinator: 200, admin: 403 },
  },
  {
    name: 'registry',
    path: '/console/registry',
    expect: { none: SIGN_IN, validator: 403, coordinator: 403, admin: 200 },
  },
  {
    name: 'registry entry',
    path: '/console/registry/so-y-te',
    expect: { none: SIGN_IN, validator: 403, coordinator: 403, admin: 200 },
  },
  { name: 'tokens', path: '/console/tokens', expect: { none: SIGN_IN, validator: 403, coordinator: 403, admin: 200 } },
];

describe.each(testDatabases())('console access on %s', (kind) => {
  let s: Service;
  const visitors = {} as Record<Who, Visitor>;
  beforeAll(async () => {
    s = await startConsoleService(kind);
    for (const who of WHO) {
      visitors[who] = new Visitor(s);
      if (who !== 'none') expect((await visitors[who].signIn(s.tokens[who])).status).toBe(303);
    }
  }, 120_000);
  afterAll(async () => {
    await s.close();
  });

  for (const page of PAGES) {
    it(`${page.name}: ${WHO.map((w) => `${w} ${page.expect[w]}`).join(', ')}`, async () => {
      for (const who of WHO) {
        const res = await visitors[who].get(page.path);
        expect({ who, status: res.status }).toEqual({ who, status: page.expect[who] });
        if (res.status === SIGN_IN) expect(res.location).toMatch(/^\/console\/sign-in/);
        if (res.status === 403) {
          expect(res.headers.get('content-type')).toMatch(/text\/html/);
          expect(visibleText(res.text)).toMatch(/Trang này dành cho .*; tài khoản của bạn là/);
        }
      }
    });
  }

  it('refuses an agency token at sign-in with a Vietnamese 403, and sets no cookie', async () => {
    const agency = new Visitor(s);
    const res = await agency.signIn(s.tokens.yte);
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(visibleText(res.text)).toContain('Mã truy cập này dành cho cơ quan, đơn vị gửi số liệu từ Excel');
    expect((await agency.get('/console')).status).toBe(SIGN_IN);
  });

  it('opens no page with a token put in the cookie by hand: the cookie holds a session id, not a token', async () => {
    const visitor = new Visitor(s);
    for (const token of [s.tokens.yte, s.tokens.validator, s.tokens.admin])
      for (const page of PAGES) {
        // The refusal also clears the cookie; put it back each time, as a stubborn client would.
        visitor.cookie = `tonghop_console=${token}`;
        const res = await visitor.get(page.path);
        expect({ path: page.path, status: res.status }).toEqual({ path: page.path, status: SIGN_IN });
      }
    // An agency's Bearer token opens nothing either: the console reads only its own cookie.
    const bearer = new Visitor(s);
    expect((await bearer.get('/console', { authorization: `Bearer ${s.tokens.yte}` })).status).toBe(SIGN_IN);
  });

  it('refuses unknown and revoked tokens with 401 and says why', async () => {
    const v = new Visitor(s);
    const wrong = await v.signIn('th_khong-phai-ma-that');
    expect(wrong.status).toBe(401);
    expect(visibleText(wrong.text)).toContain('Mã truy cập không đúng');
    const revoked = await v.signIn(s.tokens.revoked);
    expect(revoked.status).toBe(401);
    expect(visibleText(revoked.text)).toContain('đã bị thu hồi');
    expect(v.cookie).toBeNull();
  });

  it('keeps a session id, never the token, in an HttpOnly, SameSite=Strict cookie scoped to /console, and the token in no address', async () => {
    const v = new Visitor(s);
    const res = await v.post(
      '/console/sign-in',
      { token: s.tokens.validator, next: `/console/rounds/${ROUND}/flags` },
      { csrf: null },
    );
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/console/rounds/${ROUND}/flags`);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^tonghop_console=[\w-]{43};/);
    expect(cookie).not.toContain(s.tokens.validator);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/console/);
    expect(res.location).not.toContain(s.tokens.validator);
    // No page carries the token in a link, a form or the text.
    v.cookie = cookie.split(';')[0]!;
    for (const page of PAGES.slice(0, 4)) expect((await v.get(page.path)).text).not.toContain(s.tokens.validator);
    // The sign-in form posts the token; it never asks for it in a query.
    const form = await new Visitor(s).get('/console/sign-in');
    expect(form.text).toMatch(/<form method="post" action="\/console\/sign-in">/);
    expect(form.text).toMatch(/type="password"/);
  });

  it('does not redirect outside the console after sign-in', async () => {
    const v = new Visitor(s);
    const res = await v.post(
      '/console/sign-in',
      { token: s.tokens.validator, next: 'https://example.com/console' },
      { csrf: null },
    );
    expect(res.location).toBe('/console');
    const sneaky = await new Visitor(s).post(
      '/console/sign-in',
      { token: s.tokens.validator, next: '//example.com/console' },
      { csrf: null },
    );
    expect(sneaky.location).toBe('/console');
  });

  it('rejects a POST without the CSRF field, with a wrong one, or from another origin', async () => {
    const v = visitors.validator;
    await v.get(`/console/rounds/${ROUND}/flags`);
    const flagPath = `/console/rounds/${ROUND}/flags/khong-co`;
    expect((await v.post(flagPath, { action: 'accept' }, { csrf: null })).status).toBe(403);
    expect((await v.post(flagPath, { action: 'accept' }, { csrf: 'x'.repeat(32) })).status).toBe(403);
    expect((await v.post(flagPath, { action: 'accept' }, { origin: 'https://evil.example' })).status).toBe(403);
    // With the right field and origin the request goes through to the (missing) flag.
    expect((await v.post(flagPath, { action: 'accept' })).status).toBe(404);
    // Signing in from another site is refused as well.
    expect(
      (
        await new Visitor(s).post(
          '/console/sign-in',
          { token: s.tokens.validator },
          { csrf: null, origin: 'https://evil.example' },
        )
      ).status,
    ).toBe(403);
  });

  it("lets only a coordinator post the round's «Tính lại cảnh báo», and only with the page's CSRF field", async () => {
    const path = `/console/settings/${ROUND}/recompute`;
    const expected: Record<Who, number> = { none: SIGN_IN, validator: 403, coordinator: 303, admin: 403 };
    for (const who of WHO) {
      await visitors[who].get('/console');
      const res = await visitors[who].post(path, {}, who === 'none' ? { csrf: null } : {});
      expect({ who, status: res.status }).toEqual({ who, status: expected[who] });
    }
    expect((await visitors.coordinator.post(path, {}, { csrf: null })).status).toBe(403);
    expect((await visitors.coordinator.post(path, {}, { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('refuses an oversized form before reading it', async () => {
    const res = await visitors.validator.post(`/console/rounds/${ROUND}/flags/khong-co`, {
      action: 'return',
      note: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
    expect(visibleText(res.text)).toContain('Nội dung gửi lên quá lớn.');
  });

  it("another session's CSRF value does not work", async () => {
    const other = new Visitor(s);
    await other.signIn((await createToken(s.db, { role: 'validator', label: 'Người khác' })).token);
    const res = await visitors.validator.post(
      `/console/rounds/${ROUND}/flags/khong-co`,
      { action: 'accept' },
      { csrf: other.csrf },
    );
    expect(res.status).toBe(403);
  });

  it('sends the pages with a strict content policy and no caching', async () => {
    const res = await visitors.validator.get(`/console/rounds/${ROUND}`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).not.toContain('script-src');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.text).not.toMatch(/<script/i);
    expect(res.text).toMatch(/^<!DOCTYPE html><html lang="vi">/);
  });

  it('signs out: the cookie is cleared and the pages ask for sign-in again', async () => {
    const v = new Visitor(s);
    await v.signIn(s.tokens.coordinator);
    const out = await v.post('/console/sign-out', {});
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await v.get('/console')).status).toBe(SIGN_IN);
  });

  it('sends a revoked session back to sign-in', async () => {
    const v = new Visitor(s);
    const t = await createToken(s.db, { role: 'validator', label: 'Sắp bị thu hồi' });
    await v.signIn(t.token);
    await s.db.updateTable('tokens').set({ revoked_at: new Date() }).where('id', '=', t.id).execute();
    const res = await v.get(`/console/rounds/${ROUND}`);
    expect(res.status).toBe(SIGN_IN);
    expect(res.location).toContain('reason=expired');
  });

  it("keeps a validator out of the coordinator's and the administrator's API routes", async () => {
    const calls: [string, string, unknown][] = [
      ['PATCH', `/api/v1/rounds/${ROUND}`, { dueDate: '2026-12-31' }],
      ['POST', '/api/v1/rounds', { id: 'dot-moi', name: 'Đợt mới', periodStart: 2026, periodEnd: 2030 }],
      ['POST', `/api/v1/rounds/${ROUND}/flags/recompute`, undefined],
      [
        'PUT',
        '/api/v1/registry/agencies/so-y-te',
        { name: 'Sở Y tế', kind: 'department', aliases: ['SYT mới'], formerly: [] },
      ],
      ['GET', '/api/v1/tokens', undefined],
      ['POST', '/api/v1/tokens', { role: 'admin' }],
    ];
    for (const [method, path, body] of calls) {
      const res = await s.call(method, path, { token: s.tokens.validator, ...(body ? { body } : {}) });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
    }
    // …and the console's session cookie is no key to the API.
    const res = await s.app.request('/api/v1/tokens', { headers: { cookie: visitors.admin.cookie! } });
    expect(res.status).toBe(401);
  });
});
