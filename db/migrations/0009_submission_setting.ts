import { type Kysely, sql } from 'kysely';

// Frozen once committed: never edit; add a new numbered migration instead. Imports nothing
// from the project, so later changes to domain types or helpers cannot change what it does.

// A round that requires submission counts an agency on time from its first submission, not its
// first sync; an agency's contact is whom a coordinator reminds when its sheets are missing.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table rounds add column require_submission boolean not null default false`.execute(db);
  await sql`alter table agencies add column contact text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table rounds drop column require_submission`.execute(db);
  await sql`alter table agencies drop column contact`.execute(db);
}
