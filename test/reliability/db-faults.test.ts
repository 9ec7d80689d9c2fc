/**
 * Database faults fail the request with a clear 503 (or 409 for a lock that does not come free),
 * never the process; the retried sync applies once. PostgreSQL only where a backend must be
 * terminated; the unreachable-database cases run on PGlite as well.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/create-db.js';
import { createApp, defaultConfig } from '../../service/app.js';
import { FLAGS_LOCK } from '../../service/flags/refresh.js';
import { RegistryStore } from '../../service/registry-store.js';
import { budgetRowsLedBy, newKey, ROUND, type Service, startService } from '../service/harness.js';

const onPostgres = Boolean(process.env.DATABASE_URL);
if (!onPostgres) console.log('test/reliability/db-faults: PostgreSQL cases skipped (DATABASE_URL is not set)');

async function adminClient(s: Service): Promise<pg.Client> {
  const [{ db }] = (await s.db.selectNoFrom((eb) => eb.fn<string>('current_database', []).as('db')).execute()) as [
    { db: string },
  ];
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${db}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

/** Terminates every backend of the service that waits on a lock, until `done` settles. */
async function terminateWaitersUntil(admin: pg.Client, done: Promise<unknown>): Promise<number> {
  let settled = false;
  void done.finally(() => (settled = true));
  let terminated = 0;
  while (!settled) {
    // The lock holder's transaction would otherwise see one snapshot of pg_stat_activity throughout.
    await admin.query('select pg_stat_clear_snapshot()');
    const { rows } = await admin.query<{ ok: boolean }>(
      `select pg_terminate_backend(pid) as ok from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'`,
    );
    terminated += rows.filter((r) => r.ok).length;
    await new Promise((r) => setTimeout(r, 25));
  }
  return terminated;
}

async function auditCount(s: Service): Promise<number> {
  const r = await s.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe.runIf(onPostgres)('a PostgreSQL backend terminated mid-request', () => {
  let s: Service;
  let admin: pg.Client;
  beforeAll(async () => {
    s = await startService('postgres');
    admin = await adminClient(s);
  });
  afterAll(async () => {
    await admin?.end();
    await s?.close();
  });

  it('fails the sync with 503, keeps serving, and the retried sync applies once', async () => {
    const rows = budgetRowsLedBy('Sở Y tế');
    const key = newKey();
    const send = () =>
      s.call('PUT', `/api/v1/rounds/${ROUND}/sheets/budget`, {
        token: s.tokens.yte,
        headers: { 'idempotency-key': key },
        body: { baseVersion: 0, rows },
      });

    await admin.query('begin');
    await admin.query('lock table sheets in access exclusive mode');
    const first = send();
    const terminated = await terminateWaitersUntil(admin, first);
    await admin.query('rollback');
    const answer = await first;
    expect(terminated).toBeGreaterThan(0);
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('database_unavailable');
    expect(answer.body.error.message).toMatch(/Tạm thời không kết nối được cơ sở dữ liệu/);
    expect(await auditCount(s)).toBe(0);

    // The process lives on and the pool replaces the lost connections.
    expect((await s.call('GET', '/healthz/ready', { token: null })).status).toBe(200);

    const retried = await send();
    expect(retried.status).toBe(200);
    expect(retried.body.version).toBe(1);
    expect(await auditCount(s)).toBe(rows.length);
    const replay = await send();
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(retried.body);
    expect(await auditCount(s)).toBe(rows.length);
  });

  it('fails a pull with 503 and answers the next one', async () => {
    const path = `/api/v1/rounds/${ROUND}/merged/budget`;
    await admin.query('begin');
    await admin.query('lock table sheets, sheet_rows in access exclusive mode');
    const pull = s.call('GET', path, { token: s.tokens.validator });
    await terminateWaitersUntil(admin, pull);
    await admin.query('rollback');
    expect((await pull).status).toBe(503);
    const again = await s.call('GET', path, { token: s.tokens.validator });
    expect(again.status).toBe(200);
  });
});

describe.runIf(onPostgres)('a lock that does not come free', () => {
  let s: Service;
  let admin: pg.Client;
  const saved = process.env.TONGHOP_LOCK_TIMEOUT_MS;
  beforeAll(async () => {
    process.env.TONGHOP_LOCK_TIMEOUT_MS = '300';
    s = await startService('postgres');
    admin = await adminClient(s);
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.TONGHOP_LOCK_TIMEOUT_MS;
    else process.env.TONGHOP_LOCK_TIMEOUT_MS = saved;
    await admin?.end();
    await s?.close();
  });

  it('answers 409 database_busy after lock_timeout instead of waiting, and stores nothing', async () => {
    await admin.query('begin');
    await admin.query('lock table sheets in access exclusive mode');
    try {
      const res = await s.call('PUT', `/api/v1/rounds/${ROUND}/sheets/budget`, {
        token: s.tokens.yte,
        headers: { 'idempotency-key': newKey() },
        body: { baseVersion: 0, rows: budgetRowsLedBy('Sở Y tế') },
      });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('database_busy');
    } finally {
      await admin.query('rollback');
    }
    expect(await auditCount(s)).toBe(0);
  });

  it("waits for the round's flag lock held by another process longer than lock_timeout", async () => {
    // Another service process's batch of the round, working out its flags for a second.
    await admin.query('begin');
    await admin.query('select pg_advisory_xact_lock($1, hashtext($2))', [FLAGS_LOCK, ROUND]);
    const sync = s.call('PUT', `/api/v1/rounds/${ROUND}/sheets/budget`, {
      token: s.tokens.nnmt,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 0, rows: budgetRowsLedBy('Sở Nông nghiệp và Môi trường') },
    });
    await new Promise((r) => setTimeout(r, 1000));
    await admin.query('commit');
    const res = await sync;
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.version).toBe(1);
  });
});

describe('a database that does not answer', () => {
  it('PostgreSQL unreachable: /healthz is live, /healthz/ready and the API answer 503', async () => {
    const handle = createDb({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none' });
    const app = createApp({ db: handle.db, registry: new RegistryStore(handle.db), config: defaultConfig() });
    try {
      expect((await app.request('/healthz')).status).toBe(200);
      const ready = await app.request('/healthz/ready');
      expect(ready.status).toBe(503);
      expect(ready.headers.get('retry-after')).toBe('5');
      const api = await app.request('/api/v1/rounds', { headers: { authorization: 'Bearer th_x' } });
      expect(api.status).toBe(503);
      expect(((await api.json()) as any).error.code).toBe('database_unavailable');
    } finally {
      await handle.close();
    }
  });

  it('PGlite closed under the service: 503, not 500', async () => {
    const s = await startService('pglite');
    await s.handle.close();
    const res = await s.call('GET', `/api/v1/rounds/${ROUND}`, { token: s.tokens.validator });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('database_unavailable');
    expect((await s.call('GET', '/healthz/ready', { token: null })).status).toBe(503);
  });
});
