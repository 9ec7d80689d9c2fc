import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect } from 'kysely';
import type { Database } from './schema/index.js';
import { TYPE_PARSERS } from './type-parsers.js';

/**
 * A PGlite engine with the project's type parsers. `dataDir` is a directory, or
 * `'memory://'`; `loadDataDir` starts from a `dumpDataDir()` tarball instead of `initdb`,
 * which is several times faster (used to clone a migrated test database).
 */
export function newPglite(dataDir: string, loadDataDir?: Blob): PGlite {
  return new PGlite(dataDir, { parsers: { ...TYPE_PARSERS }, ...(loadDataDir && { loadDataDir }) });
}

/** Like `newPglite`, creating the data directory first (PGlite creates only its last level). */
export async function openPgliteDir(dataDir: string): Promise<PGlite> {
  if (!dataDir.includes('://')) await mkdir(dataDir, { recursive: true });
  return newPglite(dataDir);
}

/**
 * Kysely over one PGlite engine. `db.destroy()` closes the engine. Pass a function to
 * start the engine (seconds of WebAssembly start-up) only on the first query.
 */
export function pgliteKysely(pglite: PGlite | (() => Promise<PGlite>)): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
}
