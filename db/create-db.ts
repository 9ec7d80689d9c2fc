import type { Kysely } from 'kysely';
import { lockDataDir } from './dir-lock.js';
import { openPgliteDir, pgliteKysely } from './pglite.js';
import { postgresKysely } from './postgres.js';
import type { Database } from './schema/index.js';

export const DB_DIALECTS = ['pglite', 'postgres'] as const;
export type DbDialect = (typeof DB_DIALECTS)[number];

export interface DbConfig {
  /**
   * PostgreSQL connection string. Defaults to `process.env.DATABASE_URL`; `null` forces
   * PGlite even when that variable is set.
   */
  databaseUrl?: string | null;
  /**
   * PGlite data directory, used without a database URL. Defaults to
   * `process.env.TONGHOP_DATA_DIR`, then `./data`; `'memory://'` keeps it in memory.
   */
  dataDir?: string;
}

export interface DbHandle {
  db: Kysely<Database>;
  dialect: DbDialect;
  /** Ends the pool or closes PGlite; the handle is unusable afterwards. */
  close(): Promise<void>;
}

/**
 * Opens the database: PostgreSQL through a `pg` pool when a URL is configured, otherwise
 * an embedded PGlite. Does not migrate; call `migrateToLatest(db)`.
 *
 * On PGlite every query shares one session, and Kysely serialises its use: a transaction
 * holds it until it ends, so a query issued on `db` (not `trx`) inside a transaction
 * callback waits forever. Always query through `trx` inside transactions.
 *
 * @example
 * const { db, close } = createDb({ dataDir: 'memory://' });
 * try { await migrateToLatest(db); } finally { await close(); }
 */
export function createDb(config: DbConfig = {}): DbHandle {
  const url = config.databaseUrl === undefined ? process.env.DATABASE_URL : config.databaseUrl;
  if (url) return handle(postgresKysely(url), 'postgres');
  const dataDir = config.dataDir ?? (process.env.TONGHOP_DATA_DIR || './data');
  // Throws DataDirLockedError when another running process holds the directory.
  const release = dataDir.includes('://') ? () => {} : lockDataDir(dataDir);
  const db = pgliteKysely(() => openPgliteDir(dataDir));
  return {
    db,
    dialect: 'pglite',
    close: async () => {
      try {
        await db.destroy();
      } finally {
        release();
      }
    },
  };
}

function handle(db: Kysely<Database>, dialect: DbDialect): DbHandle {
  return { db, dialect, close: () => db.destroy() };
}
