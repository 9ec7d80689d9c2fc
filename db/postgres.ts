import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema/index.js';
import { TYPE_PARSERS } from './type-parsers.js';

/** Kysely over a `pg` pool; `db.destroy()` ends the pool. */
export function postgresKysely(connectionString: string): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString,
    // Per pool, not pg.types.setTypeParser: a global override would leak into any other
    // pg user in the process.
    types: { getTypeParser: (oid, format) => TYPE_PARSERS[oid] ?? pg.types.getTypeParser(oid, format) },
  });
  // Without a listener, an idle client losing its server (restart, terminated backend)
  // crashes the process; the pool has already discarded that client.
  pool.on('error', (error) => console.error('PostgreSQL idle client error:', error));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
