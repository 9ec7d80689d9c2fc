/** The audit trail is append-only in the database itself: the service's own role cannot change it. */
import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/create-db.js';
import type { Database } from '../../db/schema/index.js';
import { openTestDb, testDatabases } from '../../db/test-databases.js';

describe.each(testDatabases())('audit_log on %s', (kind) => {
  let handle: DbHandle;
  let db: Kysely<Database>;
  beforeEach(async () => {
    handle = await openTestDb(kind);
    db = handle.db;
    await db
      .insertInto('audit_log')
      .values({ actor: 'Sở Y tế', role: 'agency', agency_id: 'so-y-te', round_id: null, action: 'insert', after: null })
      .execute();
  });
  afterEach(() => handle.close());

  const count = async () =>
    Number((await sql<{ n: string }>`select count(*) as n from audit_log`.execute(db)).rows[0]!.n);

  it('takes new records', async () => {
    expect(await count()).toBe(1);
  });

  it.each([
    ['UPDATE', sql`update audit_log set actor = 'tampered'`],
    ['DELETE', sql`delete from audit_log`],
    ['TRUNCATE', sql`truncate audit_log`],
  ])('refuses %s and keeps every record as written', async (op, statement) => {
    await expect(statement.execute(db)).rejects.toThrow(new RegExp(`append-only: ${op}`));
    const rows = await db.selectFrom('audit_log').select(['actor']).execute();
    expect(rows).toEqual([{ actor: 'Sở Y tế' }]);
  });
});
