/**
 * The live rows of one table of a round, every agency's, kept in memory between reads and read
 * again sheet by sheet: a sheet's rows are read only when its version moved. After one agency's
 * sync, the merged table of a 42,000-row round reads that agency's few hundred rows, not the
 * round (node-postgres spends about 0.3 s parsing the cells of 42,000 rows).
 *
 * Every change to a sheet's rows bumps the sheet's version (sync-sheet.ts), in the same
 * transaction. Versions are read first, so rows read afterwards are as new as their label or
 * newer, never older; a newer sheet is read again at the next call, when its version has moved.
 * The rows handed out are shared between calls: callers must not change them. Their cells also
 * hold the item's code under the table's code column, as the merged table shows it: the merge then shares each row's
 * cells instead of copying them (42,000 copies a merge, about 80 ms).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import { type SheetRowRecord, type TableName, tableDef } from '../../domain/index.js';
import { toRecord } from '../sync/stored-row.js';

interface CachedSheet {
  version: number;
  rows: readonly SheetRowRecord[];
}

/** By database (the `db` a service was created with), then by round and table, most recent last. */
const caches = new WeakMap<object, Map<string, Map<string, CachedSheet>>>();
/** Round tables kept per database; the least recently read goes first. */
const KEPT_TABLES = 8;
/** Up to this many changed sheets are read by name; more, and the table is read whole. */
const BY_NAME = 50;

function sheetsOf(db: object, roundId: string, table: TableName): Map<string, CachedSheet> {
  let byTable = caches.get(db);
  if (!byTable) caches.set(db, (byTable = new Map()));
  const key = `${roundId}\u0000${table}`;
  const sheets = byTable.get(key) ?? new Map<string, CachedSheet>();
  byTable.delete(key);
  byTable.set(key, sheets);
  for (const old of byTable.keys()) if (byTable.size > KEPT_TABLES) byTable.delete(old);
  return sheets;
}

/**
 * The live rows of `table` in the round, by agency (in the database's order of agency ids), each
 * sheet in its order. Read through `db`, kept with `cacheOwner` (the service's `db` when `db` is
 * a transaction of it).
 */
export async function roundRows(
  db: Kysely<Database> | Transaction<Database>,
  roundId: string,
  table: TableName,
  cacheOwner: object = db,
): Promise<SheetRowRecord[]> {
  const versions = await db
    .selectFrom('sheets')
    .select(['agency_id', 'version'])
    .where('round_id', '=', roundId)
    .where('table_name', '=', table)
    .orderBy('agency_id')
    .execute();
  const sheets = sheetsOf(cacheOwner, roundId, table);
  const present = new Set(versions.map((v) => v.agency_id));
  for (const agencyId of [...sheets.keys()]) if (!present.has(agencyId)) sheets.delete(agencyId);
  const stale = versions.filter((v) => sheets.get(v.agency_id)?.version !== v.version);
  if (stale.length > 0) {
    let query = db
      .selectFrom('sheet_rows')
      .select(['uid', 'agency_id', 'section', 'code', 'data', 'row_hash'])
      .where('round_id', '=', roundId)
      .where('table_name', '=', table)
      .where('deleted_at', 'is', null);
    if (stale.length <= BY_NAME)
      query = query.where(
        'agency_id',
        'in',
        stale.map((v) => v.agency_id),
      );
    const read = await query.orderBy('agency_id').orderBy('position').execute();
    const fresh = new Map(stale.map((v) => [v.agency_id, { version: v.version, rows: [] as SheetRowRecord[] }]));
    const shown = withCode(table);
    for (const r of read) fresh.get(r.agency_id)?.rows.push(shown(toRecord(table, r)));
    for (const [agencyId, sheet] of fresh) sheets.set(agencyId, sheet);
  }
  return versions.flatMap((v) => sheets.get(v.agency_id)!.rows);
}

/** A record with its code among its cells, under the table's code column, as the merged table shows it. */
export function withCode(table: TableName): (r: SheetRowRecord) => SheetRowRecord {
  const key = tableDef(table).columns.find((c) => c.type === 'code')?.key;
  return (r) => (key === undefined ? r : { ...r, cells: { ...r.cells, [key]: r.code } });
}
