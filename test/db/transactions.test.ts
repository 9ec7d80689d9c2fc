import type { Kysely, Transaction } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/create-db.js';
import type { Database } from '../../db/schema/index.js';
import { openTestDb, testDatabases } from '../../db/test-databases.js';
import { SHEET, seedSheet, sheetRow } from './seed.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Read-modify-write of the sheet version, the pattern every sheet write follows. */
async function bumpVersion(trx: Transaction<Database>, log: string[], name: string): Promise<void> {
  log.push(`${name}:read`);
  const { version } = await trx
    .selectFrom('sheets')
    .select('version')
    .where('round_id', '=', SHEET.round_id)
    .where('table_name', '=', SHEET.table_name)
    .where('agency_id', '=', SHEET.agency_id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  await sleep(50); // long enough for the other transaction to run if nothing stops it
  await trx
    .updateTable('sheets')
    .set({ version: version + 1 })
    .where('round_id', '=', SHEET.round_id)
    .where('table_name', '=', SHEET.table_name)
    .where('agency_id', '=', SHEET.agency_id)
    .execute();
  log.push(`${name}:write`);
}

const version = async (db: Kysely<Database>) =>
  (await db.selectFrom('sheets').select('version').executeTakeFirstOrThrow()).version;

const rowCount = async (db: Kysely<Database> | Transaction<Database>) =>
  (
    await db
      .selectFrom('sheet_rows')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

describe.each(testDatabases())('concurrent transactions on %s', (kind) => {
  let handle: DbHandle;
  let db: Kysely<Database>;
  beforeEach(async () => {
    handle = await openTestDb(kind);
    db = handle.db;
    await seedSheet(db);
  });
  afterEach(() => handle.close());

  it('two read-modify-write transactions started together both count (SELECT … FOR UPDATE)', async () => {
    const log: string[] = [];
    await Promise.all([
      db.transaction().execute((trx) => bumpVersion(trx, log, 'A')),
      db.transaction().execute((trx) => bumpVersion(trx, log, 'B')),
    ]);
    expect(await version(db)).toBe(2);
    expect(log).toHaveLength(4);
  });

  it.runIf(kind === 'pglite')('PGlite runs transactions one after the other, never interleaved', async () => {
    const log: string[] = [];
    await Promise.all([
      db.transaction().execute((trx) => bumpVersion(trx, log, 'A')),
      db.transaction().execute((trx) => bumpVersion(trx, log, 'B')),
    ]);
    // On one session, interleaving would put B's read between A's read and A's write.
    expect(log).toEqual(['A:read', 'A:write', 'B:read', 'B:write']);
  });

  it('a row inserted by a transaction that rolls back is never visible to the other', async () => {
    const inserted = deferred();
    const readerHasRead = deferred();
    const seen: number[] = [];
    const failing = db.transaction().execute(async (trx) => {
      await trx.insertInto('sheet_rows').values(sheetRow('r1', 1)).execute();
      expect(await rowCount(trx)).toBe(1); // visible to itself…
      inserted.resolve();
      // PostgreSQL: stay open until the reader has looked. PGlite: the reader cannot start
      // before this ends, so give up waiting after a while.
      await Promise.race([readerHasRead.promise, sleep(100)]);
      throw new Error('abort');
    });
    const failed = failing.catch(() => undefined);
    const reader = db.transaction().execute(async (trx) => {
      await inserted.promise;
      seen.push(await rowCount(trx));
      readerHasRead.resolve();
      await failed;
      seen.push(await rowCount(trx));
    });
    // …and a query outside any transaction must not slip into the open one (PGlite).
    const outside = inserted.promise.then(() => rowCount(db));

    await expect(failing).rejects.toThrow('abort');
    await reader;
    expect(seen).toEqual([0, 0]);
    expect(await outside).toBe(0);
    expect(await rowCount(db)).toBe(0);
  });

  it.runIf(kind === 'postgres')('without FOR UPDATE, PostgreSQL loses an update (why the lock is needed)', async () => {
    // Both transactions read before either writes: a barrier makes the race certain.
    let arrived = 0;
    const bothRead = deferred();
    const bumpUnlocked = async (trx: Transaction<Database>) => {
      const { version } = await trx.selectFrom('sheets').select('version').executeTakeFirstOrThrow();
      if (++arrived === 2) bothRead.resolve();
      await bothRead.promise;
      await trx
        .updateTable('sheets')
        .set({ version: version + 1 })
        .execute();
    };
    await Promise.all([db.transaction().execute(bumpUnlocked), db.transaction().execute(bumpUnlocked)]);
    expect(await version(db)).toBe(1);
  });
});
