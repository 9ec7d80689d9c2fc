import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/create-db.js';
import type { Database } from '../../db/schema/index.js';
import { openTestDb, testDatabases } from '../../db/test-databases.js';
import { SHEET, seedSheet, sheetRow } from './seed.js';

// Optimistic concurrency relies on these counts: "update … where version = $seen" must
// report 0 rows when someone else got there first, on both dialects alike.
describe.each(testDatabases())('affected-row counts on %s', (kind) => {
  let handle: DbHandle;
  let db: Kysely<Database>;
  beforeEach(async () => {
    handle = await openTestDb(kind);
    db = handle.db;
    await seedSheet(db);
    await db
      .insertInto('sheet_rows')
      .values([sheetRow('a', 1), sheetRow('b', 2), sheetRow('c', 3, 2)])
      .execute();
  });
  afterEach(() => handle.close());

  it('counts updated rows, including none', async () => {
    const some = await db.updateTable('sheet_rows').set({ section: 'I' }).where('version', '=', 1).executeTakeFirst();
    expect(some.numUpdatedRows).toBe(2n);
    const none = await db.updateTable('sheet_rows').set({ section: 'II' }).where('version', '=', 9).executeTakeFirst();
    expect(none.numUpdatedRows).toBe(0n);
  });

  it('counts a guarded version bump inside a transaction', async () => {
    const bump = (seen: number) =>
      db.transaction().execute((trx) =>
        trx
          .updateTable('sheets')
          .set({ version: seen + 1 })
          .where('round_id', '=', SHEET.round_id)
          .where('version', '=', seen)
          .executeTakeFirst(),
      );
    expect((await bump(0)).numUpdatedRows).toBe(1n);
    expect((await bump(0)).numUpdatedRows).toBe(0n); // stale: someone already moved it on
  });

  it('counts inserted, upserted-away and deleted rows', async () => {
    const inserted = await db
      .insertInto('sheet_rows')
      .values([sheetRow('d', 4), sheetRow('e', 5)])
      .executeTakeFirst();
    expect(inserted.numInsertedOrUpdatedRows).toBe(2n);
    const skipped = await db
      .insertInto('sheet_rows')
      .values(sheetRow('a', 1))
      .onConflict((oc) => oc.columns(['round_id', 'table_name', 'uid']).doNothing())
      .executeTakeFirst();
    expect(skipped.numInsertedOrUpdatedRows).toBe(0n);
    const deleted = await db.deleteFrom('sheet_rows').where('uid', 'in', ['a', 'b', 'zz']).executeTakeFirst();
    expect(deleted.numDeletedRows).toBe(2n);
  });
});
