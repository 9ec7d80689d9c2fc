/** Reviewers' comments put on the rows they are about, in the sheet's "Ý kiến thẩm định" column. */
import type { TableDef } from '../../domain/tables.js';
import type { CellValue, TablePatch, TableSnapshot } from './port.js';
import { columnIndex, readRows } from './rows.js';

export interface RowComment {
  uid: string;
  author: string;
  body: string;
  createdAt: string;
  /** The flag the comment is about; its agency can answer it. */
  flagId?: string | null;
}

/** "15/12/2026" from an ISO timestamp, in the user's day (Vietnam writes day first). */
export function viDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.getDate()}/${d.getMonth() + 1}/${d.getFullYear()}`;
}

/** The text of a row's comment cell: one line per comment, oldest first. */
export function commentText(comments: readonly RowComment[]): string {
  return comments.map((c) => `${c.author} (${viDate(c.createdAt)}): ${c.body}`).join('\n');
}

/** Write each row's comments; clear the cell of a row whose comments are gone. Only changed cells are written. */
export function planComments(
  snapshot: TableSnapshot,
  def: TableDef,
  comments: readonly RowComment[],
): { patch: TablePatch; result: { rows: number } } {
  const col = columnIndex(snapshot.headers, def).get('_comments');
  if (col === undefined) return { patch: {}, result: { rows: 0 } };
  const byUid = new Map<string, RowComment[]>();
  for (const c of comments) byUid.set(c.uid, [...(byUid.get(c.uid) ?? []), c]);
  const { rows, positions } = readRows(snapshot, def);
  const want: string[] = new Array(snapshot.rows.length).fill('');
  rows.forEach((r, i) => {
    const list = byUid.get(r.uid);
    if (list) want[positions[i]!] = commentText(list);
  });
  const values: (CellValue | null)[] = snapshot.rows.map((r, i) =>
    String(r[col] ?? '') === want[i] ? null : want[i]!,
  );
  const changed = values.filter((v) => v !== null).length;
  return {
    patch: changed > 0 ? { columns: [{ col, values }] } : {},
    result: { rows: rows.filter((r) => byUid.has(r.uid)).length },
  };
}
