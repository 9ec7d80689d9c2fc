import { type Kysely, sql } from 'kysely';

// Frozen once committed: never edit; add a new numbered migration instead. Imports nothing
// from the project, so later changes to domain types or helpers cannot change what it does.

// The console's cookie carries a random session id, never the bearer token: a stolen cookie
// dies at sign-out, at its expiry and with its token. Only the id's SHA-256 is stored, so a
// copy of this table opens no session.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table console_sessions (
    id_hash text primary key check (id_hash ~ '^[0-9a-f]{64}$'),
    token_id text not null references tokens (id),
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    revoked_at timestamptz
  )`.execute(db);
  await sql`create index console_sessions_token_idx on console_sessions (token_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table console_sessions`.execute(db);
}
