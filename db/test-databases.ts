import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type DbDialect, type DbHandle } from './create-db.js';
import { migrateToLatest } from './migrate.js';
import { newPglite, pgliteKysely } from './pglite.js';

// For test suites only: every caller gets its own database, so test files can run in
// parallel against one PostgreSQL server without seeing each other's rows.

/**
 * The dialects this machine can test: PGlite always, PostgreSQL when `DATABASE_URL` is set.
 *
 * @example
 * describe.each(testDatabases())('%s', (kind) => { … openTestDb(kind) … });
 */
export function testDatabases(): DbDialect[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/**
 * A fresh, migrated, empty database. PGlite: a new in-memory instance. PostgreSQL: a new
 * database `tonghop_t_<random>` on the `DATABASE_URL` server, dropped by `close()`.
 */
export async function openTestDb(kind: DbDialect): Promise<DbHandle> {
  if (kind === 'pglite') {
    const db = pgliteKysely(newPglite('memory://', await migratedPgliteImage()));
    return { db, dialect: 'pglite', close: () => db.destroy() };
  }
  const handle = await openScratchPostgres();
  try {
    await migrateToLatest(handle.db);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

// Starting PGlite with initdb takes seconds; loading a migrated data directory takes a
// fraction of that, so each test process migrates once and clones the result.
let pgliteImage: Promise<Blob> | undefined;

function migratedPgliteImage(): Promise<Blob> {
  pgliteImage ??= (async () => {
    const pglite = newPglite('memory://');
    const db = pgliteKysely(pglite);
    try {
      await migrateToLatest(db);
      return await pglite.dumpDataDir('none');
    } finally {
      await db.destroy();
    }
  })();
  // A failed attempt must not poison every later test with the same rejection.
  pgliteImage.catch(() => (pgliteImage = undefined));
  return pgliteImage;
}

async function openScratchPostgres(): Promise<DbHandle> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('openTestDb("postgres") needs DATABASE_URL');
  const name = `tonghop_t_${randomBytes(6).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`create database "${name}"`));
  const handle = createDb({ databaseUrl: databaseUrlFor(serverUrl, name) });
  return {
    ...handle,
    async close() {
      await handle.close();
      await withAdminClient(serverUrl, async (client) => {
        // pg's pool.end() resolves once it has asked its connections to close, not once they
        // have: terminating them at once makes the closing clients report an error (57P01)
        // through the pool's error listener. Give them a moment to go on their own.
        for (let waited = 0; waited < 2000; waited += 20) {
          const { rows } = await client.query<{ n: number }>(
            'select count(*)::int as n from pg_stat_activity where datname = $1',
            [name],
          );
          if (rows[0]!.n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        // A connection left open (a leaked client, a hung test) would block the drop.
        await client.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
          [name],
        );
        await client.query(`drop database if exists "${name}"`);
      });
    },
  };
}

function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdminClient<T>(serverUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
