import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/create-db.js';
import { migrateToLatest } from '../../db/migrate.js';
import { MIGRATIONS } from '../../db/migrations/index.js';
import type { Database } from '../../db/schema/index.js';
import { openTestDb, testDatabases } from '../../db/test-databases.js';
import { SHEET, seedSheet } from './seed.js';

const TABLES = [
  'agencies',
  'audit_log',
  'comments',
  'console_sessions',
  'flags',
  'idempotency_keys',
  'name_requests',
  'rounds',
  'sheet_rows',
  'sheets',
  'tokens',
] satisfies (keyof Database)[];

const HASH = 'a'.repeat(64);

describe.each(testDatabases())('migrations on %s', (kind) => {
  let handle: DbHandle;
  let db: Kysely<Database>;
  beforeEach(async () => {
    handle = await openTestDb(kind);
    db = handle.db;
  });
  afterEach(() => handle.close());

  it('creates every table', async () => {
    const tables = await db.introspection.getTables();
    expect(tables.map((t) => t.name).sort()).toEqual(TABLES);
  });

  it('runs a migration added after a later-numbered one was applied', async () => {
    await sql`drop table console_sessions`.execute(db);
    await sql`delete from kysely_migration where name = '0007_console_sessions'`.execute(db);
    expect(await migrateToLatest(db)).toEqual(['0007_console_sessions']);
    expect((await db.introspection.getTables()).map((t) => t.name)).toContain('console_sessions');
  });

  it('is idempotent: a second run executes nothing', async () => {
    expect(await migrateToLatest(db)).toEqual([]);
    expect(await migrateToLatest(db)).toEqual([]);
  });

  it('creates the indexes the queries rely on', async () => {
    const { rows } = await sql<{ indexname: string }>`
      select indexname from pg_indexes where schemaname = 'public' order by indexname`.execute(db);
    expect(rows.map((r) => r.indexname)).toEqual(
      expect.arrayContaining([
        'sheet_rows_sheet_idx',
        'audit_log_row_idx',
        'flags_code_idx',
        'flags_status_idx',
        'flags_fingerprint_idx',
        'comments_sheet_idx',
        'idempotency_keys_created_at_idx',
        'sheet_rows_subitems_idx',
        'flags_agency_ids_idx',
        'flags_open_code_idx',
        'name_requests_open',
      ]),
    );
  });

  it('fills defaults', async () => {
    await seedSheet(db);
    const round = await db.selectFrom('rounds').selectAll().executeTakeFirstOrThrow();
    expect(round).toMatchObject({
      kind: 'plan',
      status: 'open',
      outline: {},
      expected_agencies: [],
      declared_totals: null,
    });
    expect(round.created_at).toBeInstanceOf(Date);
    const sheet = await db.selectFrom('sheets').selectAll().executeTakeFirstOrThrow();
    expect(sheet.version).toBe(0);
    const token = await db
      .insertInto('tokens')
      .values({ token_hash: HASH, role: 'admin' })
      .returning(['id', 'revoked_at'])
      .executeTakeFirstOrThrow();
    expect(token.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(token.revoked_at).toBeNull();
  });

  it('rejects values outside the allowed sets', async () => {
    await seedSheet(db);
    const token = (role: string, agency_id: string | null = null) =>
      db.insertInto('tokens').values({ token_hash: HASH, role, agency_id }).execute();
    await expect(token('superuser')).rejects.toThrow(/tokens_role_check/);
    await expect(token('agency')).rejects.toThrow(/tokens_agency_role_check/);
    await expect(db.insertInto('tokens').values({ token_hash: 'plaintext', role: 'admin' }).execute()).rejects.toThrow(
      /tokens_hash_check/,
    );
    await expect(db.updateTable('rounds').set({ status: 'archived' }).execute()).rejects.toThrow(/rounds_status_check/);
  });

  it('keeps rows attached to an existing sheet', async () => {
    await seedSheet(db);
    const orphan = {
      ...SHEET,
      agency_id: 'so-tai-chinh',
      uid: 'x',
      position: 1,
      data: '{}',
      row_hash: 'h',
      version: 1,
    };
    await expect(db.insertInto('sheet_rows').values(orphan).execute()).rejects.toThrow(/sheet_rows_sheet_fkey/);
  });

  it('throws a clear error naming the failed migration', async () => {
    const broken = {
      ...MIGRATIONS,
      '9999_broken': { up: async (d: Kysely<any>) => void (await sql`select * from no_such_table`.execute(d)) },
    };
    const failure = migrateToLatest(db, broken);
    await expect(failure).rejects.toThrow(/Database migration failed: 9999_broken: .*no_such_table/);
    await expect(failure).rejects.toHaveProperty('cause');
  });
});
