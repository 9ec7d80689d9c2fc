/**
 * Console sessions are held by the service: the cookie carries a random id whose hash is a row
 * of console_sessions. Seen from outside: the cookie holds no token, a cookie kept after
 * sign-out or after its token is revoked opens nothing, and a session ends at its expiry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { createToken, hashToken } from '../../service/auth/tokens.js';
import { type Service, startService } from '../service/harness.js';
import { Visitor } from './harness.js';

const HOUR = 3_600_000;
const SIGN_IN = 303;
const cookieValue = (v: Visitor) => v.cookie!.split('=')[1]!;

describe.each(testDatabases())('console sessions on %s', (kind) => {
  let s: Service;
  let clock = Date.now();
  beforeAll(async () => {
    s = await startService(kind, { now: () => new Date(clock), consoleSessionMs: 2 * HOUR });
  });
  afterAll(async () => {
    await s.close();
  });

  const session = (v: Visitor) =>
    s.db
      .selectFrom('console_sessions')
      .selectAll()
      .where('id_hash', '=', hashToken(cookieValue(v)))
      .executeTakeFirst();

  it('puts a random session id in the cookie, stores only its hash, and never the token', async () => {
    const v = new Visitor(s);
    const answer = await v.signIn(s.tokens.validator);
    expect(answer.status).toBe(SIGN_IN);
    expect(answer.headers.get('set-cookie')).toMatch(/Max-Age=7200/);
    const id = cookieValue(v);
    expect(id).not.toContain(s.tokens.validator);
    expect(id).not.toBe(hashToken(s.tokens.validator));
    const row = await session(v);
    expect(row).toMatchObject({ revoked_at: null });
    expect(row!.expires_at.getTime() - row!.created_at.getTime()).toBe(2 * HOUR);
    const stored = JSON.stringify(await s.db.selectFrom('console_sessions').selectAll().execute());
    expect(stored).not.toContain(id);
    expect(stored).not.toContain(s.tokens.validator);
    expect((await v.get('/console')).status).toBe(200);

    // Two sign-ins with one token are two sessions.
    const other = new Visitor(s);
    await other.signIn(s.tokens.validator);
    expect(cookieValue(other)).not.toBe(id);
  });

  it('signs out in the database: the cookie kept from before opens nothing', async () => {
    const v = new Visitor(s);
    await v.signIn(s.tokens.coordinator);
    const kept = v.cookie;
    const out = await v.post('/console/sign-out', {});
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    v.cookie = kept;
    expect((await session(v))!.revoked_at).toBeInstanceOf(Date);
    const again = await v.get('/console');
    expect(again.status).toBe(SIGN_IN);
    expect(again.location).toBe('/console/sign-in?reason=expired');
    v.cookie = kept;
    expect((await v.post('/console/sign-out', {})).status).toBe(SIGN_IN);
  });

  it('ends every session of a token the administrator revokes', async () => {
    const t = await createToken(s.db, { role: 'validator', label: 'Chuyên viên sắp chuyển công tác' });
    const first = new Visitor(s);
    const second = new Visitor(s);
    await first.signIn(t.token);
    await second.signIn(t.token);
    expect((await first.get('/console')).status).toBe(200);
    const revoke = await s.call('DELETE', `/api/v1/tokens/${t.id}`, { token: s.tokens.admin });
    expect(revoke.status).toBe(200);
    for (const v of [first, second]) {
      expect((await session(v))!.revoked_at).toBeInstanceOf(Date);
      const page = await v.get('/console');
      expect(page.status).toBe(SIGN_IN);
      expect(page.location).toContain('reason=expired');
    }
  });

  it('ends a session at its expiry, and a new sign-in opens a new one', async () => {
    const v = new Visitor(s);
    await v.signIn(s.tokens.admin);
    const kept = v.cookie;
    clock += 2 * HOUR - 1000;
    expect((await v.get('/console/tokens')).status).toBe(200);
    clock += 1000;
    const late = await v.get('/console/tokens');
    expect(late.status).toBe(SIGN_IN);
    expect(late.location).toBe('/console/sign-in?next=%2Fconsole%2Ftokens&reason=expired');
    // The expired row is cleared away by the next sign-in.
    await v.signIn(s.tokens.admin);
    expect(v.cookie).not.toBe(kept);
    expect((await v.get('/console/tokens')).status).toBe(200);
    const left = await s.db
      .selectFrom('console_sessions')
      .select('id_hash')
      .where('id_hash', '=', hashToken(kept!.split('=')[1]!))
      .execute();
    expect(left).toEqual([]);
  });
});
