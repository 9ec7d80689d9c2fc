import { type Kysely, sql } from 'kysely';

// Frozen once committed: never edit; add a new numbered migration instead. Imports nothing
// from the project, so later changes to domain types or helpers cannot change what it does.

// A sheet's state lives on the sheet itself: the sync locks the sheet row anyway, so a sync
// and an acceptance of the same sheet are ordered by that one lock.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table sheets
    add column state text not null default 'draft'
      check (state in ('draft', 'submitted', 'accepted', 'returned')),
    add column first_submitted_at timestamptz,
    add column submitted_at timestamptz,
    add column submitted_by text,
    add column accepted_at timestamptz,
    add column accepted_by text,
    add column accepted_version integer,
    add column state_note text,
    add column state_changed_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table sheets
    drop column state, drop column first_submitted_at, drop column submitted_at, drop column submitted_by,
    drop column accepted_at, drop column accepted_by, drop column accepted_version, drop column state_note,
    drop column state_changed_at`.execute(db);
}
