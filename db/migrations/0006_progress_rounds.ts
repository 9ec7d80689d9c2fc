import { type Kysely, sql } from 'kysely';

// Frozen once committed: never edit; add a new numbered migration instead. Imports nothing
// from the project, so later changes to domain types or helpers cannot change what it does.

// A progress round follows one plan round for one period; a plan round has neither. The check
// keeps the two kinds apart in the database itself, whatever writes the row.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table rounds
    add column plan_round_id text references rounds (id),
    add column period jsonb,
    add constraint rounds_kind_check check (kind in ('plan', 'progress')),
    add constraint rounds_progress_check check (
      (kind = 'progress' and plan_round_id is not null and period is not null)
      or (kind = 'plan' and plan_round_id is null and period is null)
    )`.execute(db);
  await sql`create index rounds_plan_round_idx on rounds (plan_round_id) where plan_round_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index rounds_plan_round_idx`.execute(db);
  await sql`alter table rounds
    drop constraint rounds_progress_check, drop constraint rounds_kind_check,
    drop column period, drop column plan_round_id`.execute(db);
}
