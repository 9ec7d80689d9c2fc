import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema/index.js';
import { TYPE_PARSERS } from './type-parsers.js';

export interface PostgresOptions {
  /** Longest a statement may run before PostgreSQL cancels it (`statement_timeout`), in ms. */
  statementTimeoutMs?: number;
  /** Longest a statement may wait for a lock (`lock_timeout`), in ms. */
  lockTimeoutMs?: number;
}

function envMs(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v >= 0 ? v : fallback;
}

/** Kysely over a `pg` pool; `db.destroy()` ends the pool. */
export function postgresKysely(connectionString: string, options: PostgresOptions = {}): Kysely<Database> {
  const statementTimeout = options.statementTimeoutMs ?? envMs('TONGHOP_STATEMENT_TIMEOUT_MS', 30_000);
  const connectTimeout = envMs('TONGHOP_CONNECT_TIMEOUT_MS', 5_000);
  // pg-pool applies its connectionTimeoutMillis both to opening a connection and to waiting for
  // a free one. On deadline day 140 syncs and their readers queue for the pool's connections for
  // seconds, which is no fault of the database: a sync must wait its turn, not fail with a 503.
  // So a new connection gets the short limit of its own, and the wait for a free one the longer
  // limit of a statement.
  class Client extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: connectTimeout });
    }
  }
  const pool = new pg.Pool({
    Client,
    connectionString,
    // Per pool, not pg.types.setTypeParser: a global override would leak into any other
    // pg user in the process.
    types: { getTypeParser: (oid, format) => TYPE_PARSERS[oid] ?? pg.types.getTypeParser(oid, format) },
    // A statement waiting behind a lock held by someone else fails fast with a clear answer
    // instead of holding the agency's request (and a pool connection) for as long as the lock lasts.
    statement_timeout: statementTimeout,
    lock_timeout: options.lockTimeoutMs ?? envMs('TONGHOP_LOCK_TIMEOUT_MS', 10_000),
    // 0 means no limit for both.
    connectionTimeoutMillis: statementTimeout === 0 ? 0 : Math.max(statementTimeout, connectTimeout),
  });
  // A client whose server goes away (restart, terminated backend) emits `error`; without a
  // listener that event kills the process. The idle ones reach the pool's listener; a checked-out
  // client needs its own, and its pending query rejects, which fails that request with a 503.
  pool.on('error', (error) => console.warn('PostgreSQL: idle connection lost:', error.message));
  pool.on('connect', (client) => {
    client.on('error', (error) => console.warn('PostgreSQL: connection lost:', error.message));
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
