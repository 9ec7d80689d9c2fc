import { type Kysely, sql } from 'kysely';

// Frozen once committed: never edit; add a new numbered migration instead. Imports nothing
// from the project, so later changes to domain types or helpers cannot change what it does.

/** Indexes for syncing at deadline-day scale: 140 agencies, 40,000 rows in one round. */
export async function up(db: Kysely<any>): Promise<void> {
  // Every sync asks which items of the round have sub-items ("1" when "1.1" exists); without
  // this the question reads every live row of the round.
  await db.schema
    .createIndex('sheet_rows_subitems_idx')
    .on('sheet_rows')
    .columns(['round_id', 'table_name', 'section', 'code'])
    .where(sql.ref('deleted_at'), 'is', null)
    .where(sql.ref('code'), 'like', '%.%')
    .execute();
  // The flags that concern one agency (`agency_ids @> '["so-y-te"]'`): read after each of its
  // syncs, and by the flag list filtered by agency.
  await db.schema
    .createIndex('flags_agency_ids_idx')
    .on('flags')
    .using('gin')
    .expression(sql`agency_ids jsonb_path_ops`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('flags_agency_ids_idx').execute();
  await db.schema.dropIndex('sheet_rows_subitems_idx').execute();
}
