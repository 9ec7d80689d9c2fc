/**
 * Before a sync is sent: what it would do, from the service's dry run (`?dryRun=true`), in the
 * user's words. Rows it would remove are always named and asked about; a large removal (more
 * than a tenth of the sheet, or more than 20 rows) is said loudly. Small syncs may skip the
 * preview when the user chose so.
 */
import { formatAmount } from '../../domain/parse/number.js';
import type { TableDef } from '../../domain/tables.js';
import type { TableName } from '../../domain/values.js';
import type { DryRunResponse, SyncRequest } from '../sync/api.js';

/** A sync that changes at most this many rows is small. */
export const SMALL_SYNC_ROWS = 10;
/** A removal above either is a strong warning. */
export const STRONG_REMOVAL = { rows: 20, share: 0.1 } as const;

export interface PreviewCell {
  uid: string;
  /** Column to select (its key), or the row's name cell for a whole-row change. */
  key: string;
  sheetRow: number | null;
  text: string;
}

export interface PreviewView {
  round: string;
  table: TableName;
  baseVersion: number;
  rows: SyncRequest['rows'];
  counts: DryRunResponse['counts'];
  /** «Sẽ gửi: 3 dòng mới, 5 dòng sửa, 1 dòng xóa; 2 cảnh báo mới» */
  summary: string;
  removal: { count: number; of: number; strong: boolean; rows: string[] } | null;
  cells: PreviewCell[];
}

const n = formatAmount;

type Cells = Record<string, string | number | null>;

/** "I/A · 3 · Xây dựng kho dữ liệu y tế số" */
function rowLabel(cells: Cells | null, def: TableDef): string {
  if (!cells) return '(dòng không tên)';
  const name = String(cells[def.nameKey] ?? '').trim();
  const short = name.length > 70 ? `${name.slice(0, 67)}…` : name;
  return [cells.section, cells.code, short].filter((v) => v !== null && v !== undefined && v !== '').join(' · ');
}

function shown(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '(trống)';
  const text = typeof value === 'number' ? n(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

export function summaryText(counts: DryRunResponse['counts'], raised: number, resolved: number): string {
  const part = (k: number, what: string) => (k === 0 ? null : `${n(k)} dòng ${what}`);
  const rows = [
    part(counts.new, 'mới'),
    part(counts.changed, 'sửa'),
    part(counts.restored, 'khôi phục'),
    part(counts.removed, 'xóa'),
  ].filter(Boolean);
  const flags = [
    raised ? `${n(raised)} cảnh báo mới` : null,
    resolved ? `${n(resolved)} cảnh báo được giải quyết` : null,
  ].filter(Boolean);
  const what = rows.length > 0 ? rows.join(', ') : 'không dòng nào thay đổi';
  return `Sẽ gửi: ${what}${flags.length ? `; ${flags.join(', ')}` : ''}.`;
}

/** Rows the sheet held on the service before this sync (removed ones included, restored ones not). */
const storedRows = (c: DryRunResponse['counts']) => c.changed + c.unchanged + c.removed;

export function isStrongRemoval(counts: DryRunResponse['counts']): boolean {
  const of = storedRows(counts);
  return counts.removed > STRONG_REMOVAL.rows || (of > 0 && counts.removed / of > STRONG_REMOVAL.share);
}

export function planPreview(input: {
  round: string;
  table: TableName;
  def: TableDef;
  baseVersion: number;
  rows: SyncRequest['rows'];
  /** Excel row number of each sent row, in order. */
  sheetRows: readonly number[];
  result: DryRunResponse;
}): PreviewView {
  const { def, result } = input;
  const header = (key: string) => (key === 'section' ? 'Mục' : (def.columns.find((c) => c.key === key)?.header ?? key));
  const sheetRow = (rowNumber: number | null) => (rowNumber === null ? null : (input.sheetRows[rowNumber - 1] ?? null));
  const cells: PreviewCell[] = [];
  const removed: string[] = [];
  for (const c of result.changes) {
    const at = sheetRow(c.rowNumber);
    if (c.kind === 'removed') removed.push(rowLabel(c.before, def));
    else if (c.kind === 'changed')
      for (const key of c.columns)
        cells.push({
          uid: c.rowId,
          key,
          sheetRow: at,
          text: `«${header(key)}»: ${shown(c.before?.[key])} → ${shown(c.after?.[key])}`,
        });
    else
      cells.push({
        uid: c.rowId,
        key: def.nameKey,
        sheetRow: at,
        text: `${c.kind === 'new' ? 'dòng mới' : 'dòng khôi phục'}: ${rowLabel(c.after, def)}`,
      });
  }
  const counts = result.counts;
  return {
    round: input.round,
    table: input.table,
    baseVersion: input.baseVersion,
    rows: input.rows,
    counts,
    summary: summaryText(counts, result.flags.raised.length, result.flags.resolved.length),
    removal:
      counts.removed > 0
        ? { count: counts.removed, of: storedRows(counts), strong: isStrongRemoval(counts), rows: removed }
        : null,
    cells,
  };
}

/** Whether to show the preview or send at once: removals always ask; small syncs as the user chose. */
export function needsPreview(view: PreviewView, previewSmall: boolean): boolean {
  const c = view.counts;
  const touched = c.new + c.changed + c.removed + c.restored;
  if (c.removed > 0) return true;
  if (touched === 0) return false;
  return previewSmall || touched > SMALL_SYNC_ROWS;
}
