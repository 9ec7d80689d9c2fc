import { type Kysely, sql } from 'kysely';

// Frozen once committed: never edit; add a new numbered migration instead. Imports nothing
// from the project, so later changes to domain types or helpers cannot change what it does.

/**
 * The open flags of a round by code. Every sync reads the open flags of the pairwise codes
 * (service/flags/write-flags.ts openFlagsOnRows); resolved flags pile up as groups change
 * members, and without this each sync would step over all of them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('flags_open_code_idx')
    .on('flags')
    .columns(['round_id', 'code'])
    .where(sql.ref('resolved_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('flags_open_code_idx').execute();
}
