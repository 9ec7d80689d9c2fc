/**
 * Waiting for a free connection of the pool is not a database fault: on deadline day requests
 * queue for the pool's connections longer than it takes to open one. The connect timeout bounds
 * opening a connection; the wait for a free one is bounded by the statement timeout.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { postgresKysely } from '../../db/postgres.js';

const url = process.env.DATABASE_URL;

describe.skipIf(!url)('the PostgreSQL pool', () => {
  const saved = process.env.TONGHOP_CONNECT_TIMEOUT_MS;
  afterEach(() => {
    if (saved === undefined) delete process.env.TONGHOP_CONNECT_TIMEOUT_MS;
    else process.env.TONGHOP_CONNECT_TIMEOUT_MS = saved;
  });

  it('lets a query wait for a busy pool longer than the connect timeout', async () => {
    process.env.TONGHOP_CONNECT_TIMEOUT_MS = '1000';
    const db = postgresKysely(url!, { statementTimeoutMs: 10_000 });
    try {
      // pg's pool holds 10 connections: opened first, then ten slow statements take them all.
      await Promise.all(Array.from({ length: 10 }, () => sql`select 1`.execute(db)));
      const busy = Array.from({ length: 10 }, () => sql`select pg_sleep(1.5)`.execute(db));
      const start = performance.now();
      const waited = await sql<{ ok: number }>`select 1 as ok`.execute(db);
      expect(waited.rows).toEqual([{ ok: 1 }]);
      // It did wait for one of them, past the connect timeout.
      expect(performance.now() - start).toBeGreaterThan(1000);
      await Promise.all(busy);
    } finally {
      await db.destroy();
    }
  });

  it('still gives up on a server that does not answer', async () => {
    process.env.TONGHOP_CONNECT_TIMEOUT_MS = '200';
    const dead = Object.assign(new URL(url!), { port: '1' }).toString();
    const db = postgresKysely(dead, { statementTimeoutMs: 10_000 });
    try {
      await expect(sql`select 1`.execute(db)).rejects.toThrow();
    } finally {
      await db.destroy();
    }
  });
});
