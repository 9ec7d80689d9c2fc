import { type Kysely, sql } from 'kysely';

// Frozen once committed: never edit; add a new numbered migration instead. Imports nothing
// from the project, so later changes to domain types or helpers cannot change what it does.

// A name an agency found missing from the registry, proposed for the administrator to accept
// (as another name of an agency, or as a new agency) or to turn down.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table name_requests (
    id integer generated always as identity primary key,
    name text not null,
    note text not null default '',
    requested_by text not null,
    requested_role text not null,
    requester_agency_id text,
    requested_at timestamptz not null default now(),
    status text not null default 'open' check (status in ('open', 'accepted', 'rejected')),
    agency_id text,
    resolved_by text,
    resolved_at timestamptz
  )`.execute(db);
  await sql`create index name_requests_open on name_requests (requested_at) where status = 'open'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table name_requests`.execute(db);
}
