/**
 * Plan columns of a progress sheet (task, lead, time frame…) come from the plan and are not the
 * agency's to change. Excel's sheet protection would also block the add-in's own marks and notes,
 * so the pane guards them itself: on each check, a plan cell that differs from the plan is put
 * back and the user is told which cell, in words.
 */
import { cellAddress } from './a1.js';
import type { BodyCell, CellValue, TableSnapshot } from './port.js';

export interface LockedRestore {
  /** Cells to write back, body coordinates. */
  cells: (BodyCell & { value: CellValue })[];
  /** One Vietnamese message per restored cell, naming it as Excel does («D7»). */
  messages: { uid: string; sheetRow: number; col: number; text: string }[];
}

const same = (a: CellValue | undefined, b: CellValue | undefined) =>
  String(a ?? '')
    .normalize('NFC')
    .trim() ===
  String(b ?? '')
    .normalize('NFC')
    .trim();

/**
 * Compare the locked columns of `snapshot` with the plan's values by row id. Rows the plan does
 * not know (typed by hand) are left to the row checks.
 *
 * @example
 * const { cells, messages } = lockedRestores(snap, { uidCol: 9, locked: [{ col: 4, header: 'Cơ quan chủ trì', key: 'lead' }] }, plan);
 */
export function lockedRestores(
  snapshot: Pick<TableSnapshot, 'rows' | 'origin'>,
  layout: { uidCol: number; locked: readonly { col: number; key: string; header: string }[] },
  plan: ReadonlyMap<string, Readonly<Record<string, CellValue>>>,
): LockedRestore {
  const out: LockedRestore = { cells: [], messages: [] };
  snapshot.rows.forEach((row, r) => {
    const uid = String(row[layout.uidCol] ?? '');
    const planned = plan.get(uid);
    if (!planned) return;
    for (const c of layout.locked) {
      const want = planned[c.key] ?? '';
      if (same(row[c.col], want)) continue;
      const address = cellAddress(snapshot.origin.row + r, snapshot.origin.col + c.col);
      out.cells.push({ row: r, col: c.col, value: want });
      out.messages.push({
        uid,
        sheetRow: snapshot.origin.row + r + 1,
        col: c.col,
        text: `Ô ${address} (${c.header}) lấy từ kế hoạch nên không sửa được; đã trả lại nội dung của kế hoạch${want === '' ? '' : ` «${want}»`}. Nếu kế hoạch cần sửa, đề nghị báo Sở Khoa học và Công nghệ.`,
      });
    }
  });
  return out;
}
