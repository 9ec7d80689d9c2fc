/**
 * Rate limits seen from outside, over real sockets: the service listens on 127.0.0.1 and each
 * client connects from an address of its own in 127.0.0.0/8, so a client address is the one
 * the service sees. The clock is the app's (`config.now`), moved forward to end a window.
 */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { budgetRowsLedBy, newKey, ROUND, type Service, startService } from './harness.js';

const WINDOW_MS = 60_000;
const LIMITS = {
  authFailuresPerAddress: 5,
  authFailuresPerToken: 3,
  authFailureWindowMs: WINDOW_MS,
  syncsPerToken: 3,
  syncWindowMs: WINDOW_MS,
  trustProxy: false,
};

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

describe.each(testDatabases())('rate limits on %s', (kind) => {
  let s: Service;
  let server: ServerType;
  let port: number;
  let clock = Date.now();

  beforeAll(async () => {
    s = await startService(kind, { rateLimits: LIMITS, now: () => new Date(clock) });
    server = serve({ fetch: s.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await s.close();
  });

  function send(
    from: string,
    method: string,
    path: string,
    opts: { token?: string; body?: string; type?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = opts.type ?? 'application/json';
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, localAddress: from, method, path, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      });
      req.on('error', reject);
      req.end(opts.body);
    });
  }
  const rounds = (from: string, token: string) => send(from, 'GET', '/api/v1/rounds', { token });
  const signIn = (from: string, token: string) =>
    send(from, 'POST', '/console/sign-in', {
      body: new URLSearchParams({ token }).toString(),
      type: 'application/x-www-form-urlencoded',
      headers: { origin: `http://127.0.0.1:${port}` },
    });
  const expectRefused = (a: Answer) => {
    expect(a.status).toBe(429);
    const wait = Number(a.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(WINDOW_MS / 1000);
  };

  it('refuses an address after its failed bearer tokens with 429, even its right token; another address is served', async () => {
    for (let i = 0; i < LIMITS.authFailuresPerAddress; i++)
      expect((await rounds('127.0.0.2', `th_sai-${i}`)).status).toBe(401);
    const refused = await rounds('127.0.0.2', 'th_sai-nua');
    expectRefused(refused);
    expect(JSON.parse(refused.text).error).toMatchObject({ code: 'too_many_requests' });
    expect(JSON.parse(refused.text).error.message).toMatch(/dùng mã truy cập sai quá nhiều lần.*chờ \d+ (giây|phút)/);
    // A right token from the refused address is refused too: a guess that hits must look like one that misses.
    expectRefused(await rounds('127.0.0.2', s.tokens.validator));

    expect((await rounds('127.0.0.3', s.tokens.validator)).status).toBe(200);
    expect((await rounds('127.0.0.3', 'th_sai')).status).toBe(401);
  });

  it('refuses a token that failed too often from any address, and serves others from those addresses', async () => {
    const froms = ['127.0.0.10', '127.0.0.11', '127.0.0.12'];
    for (const from of froms) expect((await rounds(from, s.tokens.revoked)).status).toBe(401);
    const refused = await rounds('127.0.0.13', s.tokens.revoked);
    expectRefused(refused);
    expect(JSON.parse(refused.text).error.message).toMatch(/Mã truy cập này đã bị từ chối quá nhiều lần/);
    expect((await rounds('127.0.0.13', s.tokens.nnmt)).status).toBe(200);
  });

  it('limits failed console sign-ins per address with a Vietnamese page; a good visitor elsewhere signs in', async () => {
    for (let i = 0; i < LIMITS.authFailuresPerAddress; i++)
      expect((await signIn('127.0.0.4', `th_sai-${i}`)).status).toBe(401);
    const refused = await signIn('127.0.0.4', s.tokens.validator);
    expectRefused(refused);
    expect(refused.text).toContain('Máy của bạn đã dùng mã truy cập sai quá nhiều lần');
    expect(refused.headers['set-cookie']).toBeUndefined();

    const good = await signIn('127.0.0.5', s.tokens.validator);
    expect(good.status).toBe(303);
    expect(good.headers['set-cookie']).toBeDefined();
    // Console sign-in failures and API bearer failures are one count per address.
    expectRefused(await rounds('127.0.0.4', s.tokens.validator));
  });

  it('limits syncs per token: the next one is refused and stores nothing, other tokens sync', async () => {
    const sheet = `/api/v1/rounds/${ROUND}/sheets/budget`;
    const rows = budgetRowsLedBy('Sở Nông nghiệp và Môi trường');
    const sync = (token: string, baseVersion: number, r: unknown[]) =>
      send('127.0.0.6', 'PUT', sheet, {
        token,
        headers: { 'idempotency-key': newKey() },
        body: JSON.stringify({ baseVersion, rows: r }),
      });
    for (let v = 0; v < LIMITS.syncsPerToken; v++)
      expect((await sync(s.tokens.nnmt, v, v % 2 === 0 ? rows : rows.slice(1))).status).toBe(200);
    const before = await s.db.selectFrom('audit_log').select(s.db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const refused = await sync(s.tokens.nnmt, LIMITS.syncsPerToken, rows.slice(2));
    expectRefused(refused);
    expect(JSON.parse(refused.text).error.message).toMatch(
      /đã gửi 3 lần đồng bộ trong 1 phút\. Dữ liệu lần này chưa được ghi; vui lòng chờ \d+ (giây|phút) rồi gửi lại\./,
    );
    const after = await s.db.selectFrom('audit_log').select(s.db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);
    const stored = JSON.parse((await send('127.0.0.6', 'GET', sheet, { token: s.tokens.nnmt })).text);
    expect(stored.version).toBe(LIMITS.syncsPerToken);

    // Another agency's token on the same machine is not held back by this one.
    const yte = budgetRowsLedBy('Sở Y tế');
    expect((await sync(s.tokens.yte, 0, yte)).status).toBe(200);
  });

  it('lets everyone in again once the window is over', async () => {
    clock += WINDOW_MS + 1000;
    expect((await rounds('127.0.0.2', s.tokens.validator)).status).toBe(200);
    expect((await rounds('127.0.0.13', s.tokens.revoked)).status).toBe(401);
    expect((await signIn('127.0.0.4', s.tokens.validator)).status).toBe(303);
    const sheet = `/api/v1/rounds/${ROUND}/sheets/budget`;
    const again = await send('127.0.0.6', 'PUT', sheet, {
      token: s.tokens.nnmt,
      headers: { 'idempotency-key': newKey() },
      body: JSON.stringify({
        baseVersion: LIMITS.syncsPerToken,
        rows: budgetRowsLedBy('Sở Nông nghiệp và Môi trường'),
      }),
    });
    expect(again.status).toBe(200);
  });
});
