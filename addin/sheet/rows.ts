/**
 * Between the sheet's 2-D values and the rows the domain checks and the API take. Columns are
 * found by their headers, so a column the user moved is still read correctly.
 */
import { findColumn, type TableDef } from '../../domain/tables.js';
import { isBlank } from '../../domain/text.js';
import type { SyncRequest } from '../sync/api.js';
import { type SheetColumn, SYSTEM_COLUMNS } from './columns.js';
import type { CellValue, TableSnapshot } from './port.js';

/** A row as the sheet holds it: the API's row (uid, section, column keys) plus the add-in's own cells. */
export type SheetRowValues = { uid: string; section: string } & Record<string, CellValue | null | undefined>;

/** A row as the checks and the API take it: blanks are null, text is NFC. */
export type ApiRow = { uid: string; section: string } & Record<string, string | number | boolean | null>;

const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi');
const SYSTEM_BY_HEADER = new Map(Object.values(SYSTEM_COLUMNS).map((c) => [norm(c.header), c.key]));

/** Column key of each header (null for a column the add-in does not know). */
export function headerKeys(headers: readonly string[], def: TableDef): (string | null)[] {
  return headers.map((h) => {
    const text = String(h ?? '');
    return SYSTEM_BY_HEADER.get(norm(text)) ?? findColumn(def, text)?.key ?? null;
  });
}

export function columnIndex(headers: readonly string[], def: TableDef): Map<string, number> {
  const map = new Map<string, number>();
  headerKeys(headers, def).forEach((k, i) => {
    if (k !== null && !map.has(k)) map.set(k, i);
  });
  return map;
}

function cellOf(value: CellValue | undefined): string | number | boolean | null {
  if (value === undefined || isBlank(value)) return null;
  return typeof value === 'string' ? value.normalize('NFC') : value;
}

/** Text of an id-like cell ("II/B", "1.2", a uid): numbers a user typed become their digits. */
const textOf = (value: CellValue | undefined) =>
  value === undefined || isBlank(value) ? '' : String(value).normalize('NFC').trim();

/** True when no cell a person fills holds anything (the add-in's own columns do not count). */
function isEmptyRow(values: readonly CellValue[], keys: readonly (string | null)[]): boolean {
  return keys.every((k, i) => k === null || k === 'uid' || k === '_marks' || k === '_comments' || isBlank(values[i]));
}

export interface ReadRows {
  /** Non-empty rows, for the checks and the API. */
  rows: ApiRow[];
  /** Body row index of each entry of `rows`. */
  positions: number[];
  columns: Map<string, number>;
  /** Official headers that the sheet lacks (a column was deleted). */
  missing: string[];
}

/** The rows of a table sheet that hold data, keyed by column, with where each sits. */
export function readRows(snapshot: Pick<TableSnapshot, 'headers' | 'rows'>, def: TableDef): ReadRows {
  const keys = headerKeys(snapshot.headers, def);
  const columns = columnIndex(snapshot.headers, def);
  const domainCols = def.columns.map((c) => [c.key, columns.get(c.key)] as const);
  const sectionCol = columns.get('section');
  const uidCol = columns.get('uid');
  const rows: ApiRow[] = [];
  const positions: number[] = [];
  snapshot.rows.forEach((values, index) => {
    if (isEmptyRow(values, keys)) return;
    const row: ApiRow = {
      uid: uidCol === undefined ? '' : textOf(values[uidCol]),
      section: sectionCol === undefined ? '' : textOf(values[sectionCol]),
    };
    for (const [key, col] of domainCols) {
      const value = col === undefined ? null : cellOf(values[col]);
      row[key] = key === 'code' && value !== null ? textOf(values[col!]) : value;
    }
    rows.push(row);
    positions.push(index);
  });
  const missing = def.columns.filter((c) => !columns.has(c.key)).map((c) => c.header);
  return { rows, positions, columns, missing };
}

/** Every non-empty row with all its cells, the add-in's own included (for re-laying out a sheet). */
export function rowsFromSnapshot(snapshot: Pick<TableSnapshot, 'headers' | 'rows'>, def: TableDef): SheetRowValues[] {
  const keys = headerKeys(snapshot.headers, def);
  return snapshot.rows
    .filter((values) => !isEmptyRow(values, keys))
    .map((values) => {
      const row: SheetRowValues = { uid: '', section: '' };
      keys.forEach((k, i) => {
        if (k === 'uid' || k === 'section') row[k] = textOf(values[i]);
        else if (k !== null && row[k] === undefined) row[k] = values[i] ?? '';
      });
      return row;
    });
}

/** A row's cells in the order of `columns`; missing and null cells are blank. */
export function rowCells(
  row: Readonly<Record<string, CellValue | null | undefined>>,
  columns: readonly SheetColumn[],
): CellValue[] {
  return columns.map((c) => {
    const v = row[c.key];
    return v === null || v === undefined ? '' : v;
  });
}

/** The API's body row: uid, section and the table's columns only. */
export function apiRow(row: ApiRow, def: TableDef): SyncRequest['rows'][number] {
  const out: SyncRequest['rows'][number] = { uid: row.uid, section: row.section, code: '' };
  for (const c of def.columns) {
    const v = row[c.key];
    out[c.key] = typeof v === 'boolean' ? String(v) : (v ?? null);
  }
  out.code = out.code === null ? '' : String(out.code);
  return out;
}
