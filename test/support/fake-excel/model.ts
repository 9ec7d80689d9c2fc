/**
 * The fake workbook's state: sheets of cells, tables, notes, validation, settings. Plain data,
 * so it can be saved (a page reload stands for closing and reopening the workbook).
 */

export type Value = string | number | boolean;

export interface ValidationModel {
  rule: { list?: { inCellDropDown: boolean; source: string } } & Record<string, unknown>;
  errorAlert?: { showAlert: boolean; style: string; title: string; message: string };
  prompt?: { showPrompt: boolean; title: string; message: string };
}

export interface CellModel {
  v: Value;
  /** Number format; undefined means the column's, else General. */
  f?: string;
  fill?: string;
  bold?: boolean;
  italic?: boolean;
  color?: string;
  size?: number;
  wrap?: boolean;
  hAlign?: string;
  vAlign?: string;
  dv?: ValidationModel;
}

export interface SheetModel {
  id: string;
  name: string;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden';
  /** Sparse rows of sparse cells. */
  cells: Record<number, Record<number, CellModel>>;
  /** Formats set on whole columns (a range too tall to materialise). */
  columnFormats: Record<number, Partial<CellModel>>;
  widths: Record<number, number>;
  hidden: number[];
  notes: Record<string, string>;
  freeze: { rows: number; cols: number } | null;
  borders: number;
  /** Review › Protect Sheet: every cell is locked, writes by people and by the add-in are refused. */
  protected?: boolean;
}

export interface TableModel {
  name: string;
  sheetId: string;
  /** Header row and first column (0-based), and size including the header row. */
  row: number;
  col: number;
  rows: number;
  cols: number;
  style: string;
  showBandedRows: boolean;
}

export interface WorkbookModel {
  sheets: SheetModel[];
  tables: TableModel[];
  activeSheetId: string | null;
  selection: { sheetId: string; address: string } | null;
  settings: Record<string, unknown>;
  nextId: number;
}

export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

export function newWorkbook(): WorkbookModel {
  const wb: WorkbookModel = { sheets: [], tables: [], activeSheetId: null, selection: null, settings: {}, nextId: 1 };
  const first = newSheet(wb, 'Sheet1');
  wb.activeSheetId = first.id;
  return wb;
}

export function newSheet(wb: WorkbookModel, name: string): SheetModel {
  const sheet: SheetModel = {
    id: `{sheet-${wb.nextId++}}`,
    name,
    visibility: 'Visible',
    cells: {},
    columnFormats: {},
    widths: {},
    hidden: [],
    notes: {},
    freeze: null,
    borders: 0,
  };
  wb.sheets.push(sheet);
  return sheet;
}

export function getCell(sheet: SheetModel, row: number, col: number): CellModel | undefined {
  return sheet.cells[row]?.[col];
}

export function ensureCell(sheet: SheetModel, row: number, col: number): CellModel {
  const r = (sheet.cells[row] ??= {});
  return (r[col] ??= { v: '' });
}

export function numberFormatOf(sheet: SheetModel, row: number, col: number): string {
  return getCell(sheet, row, col)?.f ?? sheet.columnFormats[col]?.f ?? 'General';
}

/** What Excel stores when a value is written into a cell of a given number format. */
export function coerce(value: Value, format: string): Value {
  if (typeof value !== 'string' || format === '@') return value;
  const t = value.trim();
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return Number(t.replace(/,/g, ''));
  if (/^true$/i.test(t)) return true;
  if (/^false$/i.test(t)) return false;
  return value;
}
