/**
 * «Khôi phục dòng đã xóa»: the rows syncs removed, as the service recorded them, and, once the
 * service has put the chosen ones back, the same rows put back into the workbook's table where
 * the service placed them, beside whatever the user has not sent yet.
 */
import type { TableDef } from '../../domain/tables.js';
import type { TableName } from '../../domain/values.js';
import type { SheetRowValues } from '../sheet/rows.js';
import type { RemovedRowsResponse } from '../sync/api.js';

export interface RemovedView {
  round: string;
  table: TableName;
  rows: { uid: string; label: string; removedAt: string; removedBy: string; values: SheetRowValues }[];
  selected: string[];
}

type Removed = RemovedRowsResponse['rows'][number];

export function removedView(round: string, table: TableName, def: TableDef, rows: readonly Removed[]): RemovedView {
  return {
    round,
    table,
    rows: rows.map((r) => ({
      uid: r.uid,
      label:
        [r.row.section, r.row.code, r.row[def.nameKey]]
          .filter((v) => v !== null && v !== undefined && v !== '')
          .join(' · ') || '(dòng không tên)',
      removedAt: r.removedAt,
      removedBy: r.removedBy,
      values: sheetRowOf(r),
    })),
    selected: [],
  };
}

/** A removed row as the sheet holds it: blanks for empty cells. */
export function sheetRowOf(r: Removed): SheetRowValues {
  const row: SheetRowValues = { uid: r.uid, section: String(r.row.section ?? '') };
  for (const [k, v] of Object.entries(r.row)) if (k !== 'section') row[k] = v ?? '';
  return row;
}

/**
 * The workbook's rows with the restored ones inserted at the places the service gave them
 * (`order`: the sheet's uids after the restore), each after the row that precedes it there.
 */
export function withRestored(
  local: readonly SheetRowValues[],
  restored: readonly SheetRowValues[],
  order: readonly string[],
): SheetRowValues[] {
  const out = local.filter((r) => !restored.some((x) => x.uid === r.uid));
  const byUid = new Map(restored.map((r) => [r.uid, r]));
  order.forEach((uid, i) => {
    const row = byUid.get(uid);
    if (!row) return;
    const before = order[i - 1];
    const at = before === undefined ? 0 : out.findIndex((r) => r.uid === before) + 1;
    out.splice(at > 0 || before === undefined ? at : out.length, 0, row);
  });
  return out;
}
