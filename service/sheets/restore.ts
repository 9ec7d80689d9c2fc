/**
 * Rows a sync removed, brought back: each as its last removal's audit record shows it (the row
 * as it was when removed), sent again with the sheet's live rows as one ordinary, versioned sync,
 * so the restore is checked, audited ('restore', who and when) and moves the flags like any sync.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import type { TableName } from '../../domain/index.js';
import { ApiError } from '../errors.js';
import type { Cells } from '../sync/stored-row.js';
import { toApiRow } from '../sync/stored-row.js';

export interface RemovedRow {
  uid: string;
  removedAt: string;
  removedBy: string;
  /** The row as it was removed: section, code and cells. */
  row: Cells & { section: string; code: string };
  /** Where it stood in the sheet when it was removed. */
  position: number;
}

interface SheetKey {
  roundId: string;
  table: TableName;
  agencyId: string;
}

/** The most removed rows listed; the newest removals first. */
export const MAX_REMOVED_LISTED = 500;

/** The sheet's rows that are removed now, each with its last removal's record, newest first. */
export async function removedRows(
  db: Kysely<Database>,
  key: SheetKey,
  only?: readonly string[],
): Promise<RemovedRow[]> {
  if (only && only.length === 0) return [];
  let rows = db
    .selectFrom('sheet_rows')
    .select(['uid', 'position'])
    .where('round_id', '=', key.roundId)
    .where('table_name', '=', key.table)
    .where('agency_id', '=', key.agencyId)
    .where('deleted_at', 'is not', null);
  if (only) rows = rows.where('uid', 'in', [...only]);
  const removed = await rows.orderBy('deleted_at', 'desc').limit(MAX_REMOVED_LISTED).execute();
  if (removed.length === 0) return [];
  const records = await db
    .selectFrom('audit_log')
    .select(['id', 'uid', 'at', 'actor', 'before'])
    .where('round_id', '=', key.roundId)
    .where('table_name', '=', key.table)
    .where('agency_id', '=', key.agencyId)
    .where('action', '=', 'delete')
    .where(
      'uid',
      'in',
      removed.map((r) => r.uid),
    )
    .orderBy('id', 'desc')
    .execute();
  const last = new Map<string, (typeof records)[number]>();
  for (const r of records) if (r.uid && !last.has(r.uid)) last.set(r.uid, r);
  return removed.flatMap((r) => {
    const record = last.get(r.uid);
    if (!record?.before) return [];
    const before = record.before as Cells & { section: string; code: string };
    return [
      {
        uid: r.uid,
        removedAt: new Date(record.at).toISOString(),
        removedBy: record.actor,
        row: before,
        position: r.position,
      },
    ];
  });
}

/** The sheet's live rows in order, as a sync sends them, and its version. */
export async function liveSheet(
  db: Kysely<Database>,
  key: SheetKey,
): Promise<{ version: number; rows: Record<string, unknown>[] }> {
  const [sheet, rows] = await Promise.all([
    db
      .selectFrom('sheets')
      .select('version')
      .where('round_id', '=', key.roundId)
      .where('table_name', '=', key.table)
      .where('agency_id', '=', key.agencyId)
      .executeTakeFirst(),
    db
      .selectFrom('sheet_rows')
      .select(['uid', 'section', 'code', 'data'])
      .where('round_id', '=', key.roundId)
      .where('table_name', '=', key.table)
      .where('agency_id', '=', key.agencyId)
      .where('deleted_at', 'is', null)
      .orderBy('position')
      .execute(),
  ]);
  return { version: sheet?.version ?? 0, rows: rows.map(toApiRow) };
}

/**
 * The sheet with the chosen removed rows put back where they stood: the body of the sync that
 * restores them. Ids that are not removed rows of this sheet are refused, naming them.
 */
export async function restoreBody(
  db: Kysely<Database>,
  key: SheetKey,
  uids: readonly string[],
): Promise<{ baseVersion: number; rows: Record<string, unknown>[]; restored: string[] }> {
  const wanted = [...new Set(uids)];
  const [all, live] = await Promise.all([removedRows(db, key), liveSheet(db, key)]);
  const asked = new Set(wanted);
  const removed = all.filter((r) => asked.has(r.uid));
  const found = new Set(removed.map((r) => r.uid));
  const unknown = wanted.filter((u) => !found.has(u));
  if (unknown.length > 0)
    throw new ApiError(
      'validation_failed',
      `Không có dòng đã xóa nào mang mã ${unknown
        .slice(0, 5)
        .map((u) => `«${u}»`)
        .join(
          ', ',
        )}${unknown.length > 5 ? ` và ${unknown.length - 5} mã khác` : ''} trong bảng này; không dòng nào được khôi phục.`,
      { unknown },
    );
  const rows = [...live.rows];
  // Back in their old places, the earliest first, so that each lands among the rows it stood
  // with: its position when removed, less the rows removed before it that stay removed.
  const staying = all.filter((r) => !asked.has(r.uid)).map((r) => r.position);
  for (const r of [...removed].sort((a, b) => a.position - b.position)) {
    const at = r.position - staying.filter((p) => p < r.position).length;
    rows.splice(Math.max(0, Math.min(at, rows.length)), 0, { uid: r.uid, ...r.row });
  }
  return { baseVersion: live.version, rows, restored: removed.map((r) => r.uid) };
}
