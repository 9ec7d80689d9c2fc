import { type Kysely, sql } from 'kysely';

// Frozen once committed: never edit; add a new numbered migration instead. Imports nothing
// from the project, so later changes to domain types or helpers cannot change what it does.

export async function up(db: Kysely<any>): Promise<void> {
  // Changes that belong to no round are audited too: the registry's agencies and the access
  // tokens (table_name 'agencies' or 'tokens', uid the record's id). They are looked up by
  // table_name and uid with round_id null, which audit_log_row_idx answers.
  await sql`alter table audit_log alter column round_id drop not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // The records without a round cannot stay under the old constraint: going down loses them.
  await sql`delete from audit_log where round_id is null`.execute(db);
  await sql`alter table audit_log alter column round_id set not null`.execute(db);
}
