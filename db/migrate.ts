import type { Kysely } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';
import { MIGRATIONS } from './migrations/index.js';

/**
 * Brings the schema up to the latest migration, or throws.
 *
 * Kysely's Migrator reports failures in its result instead of throwing; the service must
 * refuse to start on a half-migrated database, so this turns the result into an Error
 * naming the failed migrations, with the driver's error as `cause`.
 *
 * @returns names of the migrations executed now (empty when already up to date)
 * @example
 * const { db } = createDb();
 * await migrateToLatest(db);
 */
export async function migrateToLatest(
  db: Kysely<any>,
  migrations: Readonly<Record<string, Migration>> = MIGRATIONS,
): Promise<string[]> {
  // Numbers are handed out before the work is merged, so a database may already hold a later
  // migration than one added since; each migration stands alone, and a missing one still runs.
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...migrations }) },
    allowUnorderedMigrations: true,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.filter((r) => r.status === 'Error').map((r) => r.migrationName);
    const detail = error instanceof Error ? error.message : String(error);
    const which = failed.length > 0 ? `failed: ${failed.join(', ')}` : 'failed before running any migration';
    throw new Error(`Database migration ${which}: ${detail}`, { cause: error });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
