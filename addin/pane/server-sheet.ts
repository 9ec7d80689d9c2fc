/**
 * What the service holds of the selected sheet (version, rows, state) and the lock that follows
 * from it: an accepted sheet's cells are protected in the workbook, and the pane says who accepted
 * it and whom to ask to reopen it.
 */
import type { TableName } from '../../domain/values.js';
import { viDate } from '../sheet/comments.js';
import { excelTableName } from '../sheet/layout.js';
import type { SheetResponse } from '../sync/api.js';
import type { PaneState, ServerView } from './state.js';
import { n, T, viDateTime } from './text.js';

export function serverView(round: string, table: TableName, sheet: SheetResponse, nameKey: string): ServerView {
  const labels: Record<string, string> = {};
  for (const r of sheet.rows)
    labels[r.uid] = [r.section, r.code, r[nameKey]]
      .filter((v) => v !== null && v !== undefined && v !== '')
      .join(' · ');
  return {
    labels,
    round,
    table,
    version: sheet.version,
    rows: sheet.rows.length,
    updatedAt: sheet.updatedAt,
    status: sheet.status,
  };
}

/** The service's view of the sheet the pane shows, when it is that one. */
export function currentServer(s: PaneState): ServerView | null {
  return s.server && s.server.round === s.roundId && s.server.table === s.table ? s.server : null;
}

export const isLocked = (view: ServerView | null) => view?.status.state === 'accepted';

/** «Đã được chấp nhận ngày … bởi …; liên hệ … để mở lại» */
export function lockLine(view: ServerView): string {
  const at = view.status.acceptedAt;
  return T.lockedHeader(at ? viDate(at) : null, view.status.acceptedBy);
}

/** A submitted or returned sheet, said in the header (an accepted one says `lockLine`). */
export function stateLine(view: ServerView): string {
  const { state, submittedAt, note } = view.status;
  if (state === 'returned') return T.returnedHeader(note);
  return T.submittedHeader(submittedAt ? viDate(submittedAt) : null);
}

/** What the service holds, said before the table is in the workbook. */
export function heldLine(view: ServerView | null): string {
  if (!view || view.version === 0) return T.neverSynced;
  return T.serverHolds(view.version, n(view.rows), view.updatedAt ? viDateTime(view.updatedAt) : null);
}

/** Lock or unlock the table's sheet as the service's state says; a missing table is left alone. */
export async function applyLock(
  workbook: { protectTable(name: string, locked: boolean): Promise<boolean> },
  view: ServerView,
): Promise<void> {
  await workbook.protectTable(excelTableName(view.table), isLocked(view));
}
