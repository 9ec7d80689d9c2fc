/** The merged province table of a round, read from the stored rows, with its open flags per row. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import { type MergedTable, mergeTable, type SheetRowRecord, type TableName, tableDef } from '../../domain/index.js';
import { periodOf, type Round } from '../rounds/round.js';
import type { FlagSummary } from '../routes/schemas.js';
import { roundRows } from './round-rows.js';

/** An open flag on a merged row, as the merged JSON and the console show it. */
export type RowFlag = FlagSummary;

/** The live rows of one table of a round, every agency's, as the merge reads them (kept between reads, round-rows.ts). */
export function loadRows(db: Kysely<Database>, round: Round, table: TableName): Promise<SheetRowRecord[]> {
  return roundRows(db, round.id, table);
}

/** The merged table of the round's rows in official order. */
export function mergeRows(round: Round, table: TableName, rows: readonly SheetRowRecord[]): MergedTable {
  return mergeTable({
    def: tableDef(table, periodOf(round)),
    period: periodOf(round),
    outline: round.outline[table] ?? [],
    rows,
  });
}

/**
 * The merged table and its open flags, read as of one moment: a sync that commits between two
 * reads would otherwise put its rows beside the flags from before it, or the reverse.
 */
export async function loadMerged(
  db: Kysely<Database>,
  round: Round,
  table: TableName,
): Promise<{ merged: MergedTable; flagsByUid: Map<string, RowFlag[]> }> {
  const [rows, flags] = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const rows = await roundRows(trx, round.id, table, db);
      const flags = await trx
        .selectFrom('flags')
        .select(['id', 'code', 'severity', 'status', 'message', 'row_refs'])
        .where('round_id', '=', round.id)
        .where('resolved_at', 'is', null)
        .where('status', 'in', ['open', 'returned'])
        .execute();
      return [rows, flags] as const;
    });
  const merged = mergeRows(round, table, rows);
  const flagsByUid = new Map<string, RowFlag[]>();
  for (const f of flags) {
    for (const ref of f.row_refs as { table: string; uid: string }[]) {
      if (ref.table !== table) continue;
      const list = flagsByUid.get(ref.uid) ?? [];
      list.push({ id: f.id, code: f.code, severity: f.severity, status: f.status, message: f.message });
      flagsByUid.set(ref.uid, list);
    }
  }
  return { merged, flagsByUid };
}
