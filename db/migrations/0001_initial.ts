import { type ColumnDefinitionBuilder, type Kysely, sql } from 'kysely';

// Frozen: this file describes the database as it was first released. Never edit it; add a
// new numbered migration instead. It deliberately imports nothing from the project, so a
// later change to domain types or helpers cannot change what it does.

const now = sql`now()`;
const emptyArray = sql`'[]'::jsonb`;
const emptyObject = sql`'{}'::jsonb`;

const required = (c: ColumnDefinitionBuilder) => c.notNull();
const stamped = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(now);
const jsonArray = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(emptyArray);
const jsonObject = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(emptyObject);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('agencies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', required)
    .addColumn('kind', 'text', required)
    .addColumn('aliases', 'jsonb', jsonArray)
    .addColumn('formerly', 'jsonb', jsonArray)
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('updated_at', 'timestamptz', stamped)
    .execute();

  await db.schema
    .createTable('tokens')
    .addColumn('id', 'text', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()::text`))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', required)
    .addColumn('agency_id', 'text', (c) => c.references('agencies.id'))
    .addColumn('label', 'text')
    .addColumn('created_at', 'timestamptz', stamped)
    .addColumn('revoked_at', 'timestamptz')
    .addCheckConstraint('tokens_role_check', sql`role in ('agency', 'validator', 'coordinator', 'admin')`)
    // An agency token without its agency would see nothing, or everything.
    .addCheckConstraint('tokens_agency_role_check', sql`role <> 'agency' or agency_id is not null`)
    .addCheckConstraint('tokens_hash_check', sql`token_hash ~ '^[0-9a-f]{64}$'`)
    .execute();

  await db.schema
    .createTable('rounds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', required)
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('plan'))
    .addColumn('period_start', 'integer', required)
    .addColumn('period_end', 'integer', required)
    .addColumn('due_date', 'date')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('outline', 'jsonb', jsonObject)
    .addColumn('expected_agencies', 'jsonb', jsonArray)
    .addColumn('declared_totals', 'jsonb')
    .addColumn('created_at', 'timestamptz', stamped)
    .addColumn('updated_at', 'timestamptz', stamped)
    .addCheckConstraint('rounds_status_check', sql`status in ('open', 'closed')`)
    .addCheckConstraint('rounds_period_check', sql`period_end >= period_start`)
    .execute();

  await db.schema
    .createTable('sheets')
    .addColumn('round_id', 'text', (c) => c.notNull().references('rounds.id'))
    .addColumn('table_name', 'text', required)
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', stamped)
    .addColumn('updated_by', 'text')
    .addPrimaryKeyConstraint('sheets_pkey', ['round_id', 'table_name', 'agency_id'])
    .execute();

  await db.schema
    .createTable('sheet_rows')
    .addColumn('round_id', 'text', required)
    .addColumn('table_name', 'text', required)
    .addColumn('uid', 'text', required)
    .addColumn('agency_id', 'text', required)
    .addColumn('section', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('code', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', required)
    .addColumn('data', 'jsonb', required)
    .addColumn('findings', 'jsonb', jsonArray)
    .addColumn('row_hash', 'text', required)
    .addColumn('version', 'integer', required)
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', stamped)
    .addPrimaryKeyConstraint('sheet_rows_pkey', ['round_id', 'table_name', 'uid'])
    // Every row belongs to a sheet, so the sheet (and its version) exists before its rows.
    .addForeignKeyConstraint('sheet_rows_sheet_fkey', ['round_id', 'table_name', 'agency_id'], 'sheets', [
      'round_id',
      'table_name',
      'agency_id',
    ])
    .execute();
  await db.schema
    .createIndex('sheet_rows_sheet_idx')
    .on('sheet_rows')
    .columns(['round_id', 'table_name', 'agency_id'])
    .execute();

  // No foreign keys: the history must outlive what it describes.
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
    .addColumn('at', 'timestamptz', stamped)
    .addColumn('actor', 'text', required)
    .addColumn('role', 'text', required)
    .addColumn('agency_id', 'text')
    .addColumn('round_id', 'text', required)
    .addColumn('table_name', 'text')
    .addColumn('uid', 'text')
    .addColumn('action', 'text', required)
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('audit_log_row_idx').on('audit_log').columns(['round_id', 'table_name', 'uid']).execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('token_id', 'text', required)
    .addColumn('key', 'text', required)
    .addColumn('request_hash', 'text', required)
    .addColumn('status', 'integer', required)
    .addColumn('response', 'jsonb', required)
    .addColumn('created_at', 'timestamptz', stamped)
    .addPrimaryKeyConstraint('idempotency_keys_pkey', ['token_id', 'key'])
    .execute();
  // Old keys are purged by age.
  await db.schema.createIndex('idempotency_keys_created_at_idx').on('idempotency_keys').column('created_at').execute();

  await db.schema
    .createTable('flags')
    // A flag's id is derived from its rule and rows, so it is unique within a round only.
    .addColumn('id', 'text', required)
    .addColumn('round_id', 'text', (c) => c.notNull().references('rounds.id'))
    .addColumn('code', 'text', required)
    .addColumn('severity', 'text', required)
    .addColumn('table_name', 'text', required)
    .addColumn('agency_ids', 'jsonb', jsonArray)
    .addColumn('row_refs', 'jsonb', jsonArray)
    .addColumn('message', 'text', required)
    .addColumn('figures', 'jsonb', jsonObject)
    .addColumn('fingerprint', 'text', required)
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('review_note', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', stamped)
    .addColumn('updated_at', 'timestamptz', stamped)
    .addColumn('resolved_at', 'timestamptz')
    .addCheckConstraint('flags_status_check', sql`status in ('open', 'accepted', 'dismissed', 'returned')`)
    .addPrimaryKeyConstraint('flags_pkey', ['round_id', 'id'])
    .execute();
  await db.schema.createIndex('flags_code_idx').on('flags').columns(['round_id', 'code']).execute();
  await db.schema.createIndex('flags_status_idx').on('flags').columns(['round_id', 'status']).execute();
  // Two rules can speak of the same rows, so the fingerprint (what the rows were) is not unique.
  await db.schema.createIndex('flags_fingerprint_idx').on('flags').columns(['round_id', 'fingerprint']).execute();

  await db.schema
    .createTable('comments')
    .addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
    .addColumn('round_id', 'text', (c) => c.notNull().references('rounds.id'))
    .addColumn('table_name', 'text', required)
    .addColumn('uid', 'text', required)
    .addColumn('agency_id', 'text', required)
    .addColumn('author', 'text', required)
    .addColumn('body', 'text', required)
    .addColumn('flag_id', 'text')
    .addColumn('created_at', 'timestamptz', stamped)
    .execute();
  await db.schema
    .createIndex('comments_sheet_idx')
    .on('comments')
    .columns(['round_id', 'table_name', 'agency_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const newestFirst = [
    'comments',
    'flags',
    'idempotency_keys',
    'audit_log',
    'sheet_rows',
    'sheets',
    'rounds',
    'tokens',
    'agencies',
  ];
  for (const table of newestFirst) await db.schema.dropTable(table).execute();
}
