import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../db/create-db.js';
import { toJsonb } from '../../db/jsonb.js';
import { migrateToLatest } from '../../db/migrate.js';
import type { Database } from '../../db/schema/index.js';
import { openTestDb, testDatabases } from '../../db/test-databases.js';
import { SHEET, seedSheet } from './seed.js';

describe.each(testDatabases())('value types on %s', (kind) => {
  let handle: DbHandle;
  let db: Kysely<Database>;
  beforeEach(async () => {
    handle = await openTestDb(kind);
    db = handle.db;
    await seedSheet(db);
  });
  afterEach(() => handle.close());

  it('reports its dialect', () => {
    expect(handle.dialect).toBe(kind);
  });

  it('returns bigint ids and counts as numbers, dates as text, jsonb parsed', async () => {
    await db
      .updateTable('rounds')
      .set({ due_date: '2026-05-20', declared_totals: toJsonb({ tong: 9615243.5 }) })
      .execute();
    const round = await db.selectFrom('rounds').select(['due_date', 'declared_totals']).executeTakeFirstOrThrow();
    expect(round).toEqual({ due_date: '2026-05-20', declared_totals: { tong: 9615243.5 } });

    const entry = { actor: 'tester', role: 'admin', round_id: SHEET.round_id, action: 'create' };
    const { id } = await db.insertInto('audit_log').values(entry).returning('id').executeTakeFirstOrThrow();
    expect(id).toBe(1);
    const { n } = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(n).toBe(1);
  });

  it('round-trips Vietnamese text and JSON arrays unchanged', async () => {
    const aliases = ['Sở VH-TT&DL', 'Sở VHTT&DL', 'Sở Văn hoá, Thể thao và Du lịch'];
    await db
      .updateTable('agencies')
      .set({ aliases: toJsonb(aliases) })
      .execute();
    const row = await db.selectFrom('agencies').select(['name', 'aliases']).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'Sở Khoa học và Công nghệ', aliases });
  });
});

describe('createDb with PGlite on disk', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tonghop-db-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('keeps data across close and reopen', async () => {
    const dir = join(dataDir, 'nested', 'data'); // created on first use
    const first = createDb({ databaseUrl: null, dataDir: dir });
    expect(first.dialect).toBe('pglite');
    await migrateToLatest(first.db);
    await seedSheet(first.db);
    await first.close();

    const second = createDb({ databaseUrl: null, dataDir: dir });
    try {
      expect(await migrateToLatest(second.db)).toEqual([]);
      const agency = await second.db.selectFrom('agencies').select('name').executeTakeFirstOrThrow();
      expect(agency.name).toBe('Sở Khoa học và Công nghệ');
    } finally {
      await second.close();
    }
  });

  it('chooses PostgreSQL when given a URL, without connecting yet', async () => {
    const handle = createDb({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none' });
    expect(handle.dialect).toBe('postgres');
    await handle.close();
  });
});
