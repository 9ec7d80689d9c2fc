import { type Kysely, sql } from 'kysely';

// Frozen once committed: never edit; add a new numbered migration instead. Imports nothing
// from the project, so later changes to domain types or helpers cannot change what it does.

// The audit trail is evidence: once written, a record is never changed or removed, whoever
// asks, the service's own role included. The database itself refuses it, so no bug, script or
// stolen credential of the service can rewrite history. In production the migrations run as a
// separate owner role; the service's role then cannot drop these triggers either.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % refused', tg_op using errcode = '42501';
    end
    $$`.execute(db);
  await sql`create trigger audit_log_no_change before update or delete on audit_log
    for each row execute function audit_log_append_only()`.execute(db);
  await sql`create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger audit_log_no_truncate on audit_log`.execute(db);
  await sql`drop trigger audit_log_no_change on audit_log`.execute(db);
  await sql`drop function audit_log_append_only()`.execute(db);
}
