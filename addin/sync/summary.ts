/** What a sync did and what a conflict is about, in the user's words. */
import { formatAmount, parseVnNumber } from '../../domain/parse/number.js';
import type { ColumnDef, TableDef } from '../../domain/tables.js';
import type { ApiRow } from '../sheet/rows.js';
import type { RowStatus, SyncResponse } from './api.js';
import type { Conflict } from './queue.js';

export function countStatuses(rows: SyncResponse['rows']): Record<RowStatus, number> {
  const out: Record<RowStatus, number> = { inserted: 0, updated: 0, deleted: 0, unchanged: 0 };
  for (const r of rows) out[r.status]++;
  return out;
}

/** "2 dòng mới, 1 dòng sửa, 2.997 dòng xóa, 10 dòng giữ nguyên" */
export function describeStatuses(c: Record<RowStatus, number>): string {
  const part = (n: number, what: string) => (n === 0 ? null : `${formatAmount(n)} dòng ${what}`);
  const parts = [
    part(c.inserted, 'mới'),
    part(c.updated, 'sửa'),
    part(c.deleted, 'xóa'),
    part(c.unchanged, 'giữ nguyên'),
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'bảng trống';
}

export interface ConflictLine {
  uid: string;
  label: string;
  what: string;
}

/** One line per row the server has changed since our base version, compared with our copy. */
export function describeConflict(conflict: Conflict, local: readonly ApiRow[], def: TableDef): ConflictLine[] {
  const mine = new Map(local.map((r) => [r.uid, r]));
  const label = (r: Record<string, unknown>) =>
    [r.section, r.code, r[def.nameKey]].filter((v) => v !== null && v !== undefined && v !== '').join(' · ') ||
    '(dòng không tên)';
  return conflict.changedRows.map((s) => {
    const ours = mine.get(s.uid);
    if (s.deleted)
      return {
        uid: s.uid,
        label: label(ours ?? s),
        what: ours ? 'đã bị xóa trên hệ thống; bản của bạn vẫn còn dòng này' : 'đã bị xóa trên hệ thống',
      };
    if (!ours) return { uid: s.uid, label: label(s), what: 'được thêm trên hệ thống; bản của bạn không có dòng này' };
    const differs = def.columns.filter((c) => !same(c, s[c.key], ours[c.key])).map((c) => `«${c.header}»`);
    return {
      uid: s.uid,
      label: label(s),
      what: differs.length
        ? `khác bản của bạn ở ${differs.join(', ')}`
        : 'được sửa trên hệ thống (nội dung giống bản của bạn)',
    };
  });
}

/** Equal as the service stores them: amounts as numbers ("9.615.243" = 9615243), text trimmed and NFC. */
function same(column: ColumnDef, a: unknown, b: unknown): boolean {
  if (column.type === 'amount') {
    const x = parseVnNumber(a);
    const y = parseVnNumber(b);
    if (x.ok && y.ok) return x.value === y.value;
  }
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).normalize('NFC').trim());
  return text(a) === text(b);
}
