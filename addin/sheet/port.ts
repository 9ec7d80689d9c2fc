/**
 * What the task pane asks of the workbook, in plain data. `addin/excel/adapter.ts` implements it
 * with Office.js; everything else in the add-in sees only these shapes (no `Excel` global), so it
 * runs and is tested in Node and in a browser without Excel.
 */

/** A cell as Excel hands it over: text, a number, a boolean; blank cells are "". */
export type CellValue = string | number | boolean;

export interface Capabilities {
  /** Cell notes (ExcelApi 1.18). Without them, findings are marked by fill colour and listed in the pane. */
  notes: boolean;
}

/** What the add-in keeps in the workbook about itself: never a token, only ids and versions. */
export interface WorkbookState {
  /** Random id given at the first insert: ties the offline queue to this workbook. */
  workbookId: string | null;
  /** `${round}:${table}` → the server version the sheet was last synced to. */
  sheets: Record<string, SheetSyncState>;
}

export interface SheetSyncState {
  version: number;
  syncedAt: string;
  agency: string;
}

export const emptyState = (): WorkbookState => ({ workbookId: null, sheets: {} });

/** A table sheet as read from the workbook. Indexes are 0-based; `rows` excludes the header. */
export interface TableSnapshot {
  sheetName: string;
  tableName: string;
  headers: string[];
  rows: CellValue[][];
  /** Sheet position of the first body cell (row 0 = sheet row 1). */
  origin: { row: number; col: number };
  state: WorkbookState;
}

export interface BodyCell {
  /** Body row index (0 = first row under the header). */
  row: number;
  col: number;
}

/** Changes to one table's body, applied in one Excel.run together with the read that produced them. */
export interface TablePatch {
  /** Single cells (suggestions applied). Written values before any formatting. */
  cells?: (BodyCell & { value: CellValue })[];
  /** Whole columns written top to bottom (uids, marks, comments); `null` leaves a cell as it is. */
  columns?: { col: number; values: (CellValue | null)[] }[];
  /** Fill colours; `color: null` clears the fill (the table style shows again). */
  fills?: { color: string | null; cells: BodyCell[] }[];
  /** Our notes (ignored without the `notes` capability). A user's own note on a cell is never touched. */
  notes?: { set: (BodyCell & { text: string })[]; remove: BodyCell[] };
}

export type ColumnFormat = 'text' | 'amount' | 'general';

/** One column of a sheet the add-in lays out. */
export interface ColumnSpec {
  header: string;
  format: ColumnFormat;
  /** Width in Excel characters. */
  width: number;
  wrap: boolean;
  hidden: boolean;
  /** Dropdown: a range on the lookup sheet, as a formula (`=TongHop_DanhMuc!$A$2:$A$90`). */
  list: { source: string; strict: boolean; prompt: string | null } | null;
  /** Grey, italic: filled by the add-in, not by people. */
  readOnlyLook: boolean;
}

/** Everything needed to lay out a table sheet; the adapter decides nothing about content. */
export interface TableSheetSpec {
  sheetName: string;
  tableName: string;
  /** Lines above the header (title, round, unit), each written in column A. */
  titles: { text: string; style: 'title' | 'subtitle' | 'unit' }[];
  columns: ColumnSpec[];
  /** Body rows, in column order. */
  rows: CellValue[][];
  lookup: LookupSpec;
  state: WorkbookState;
  /** How many leading columns stay visible when scrolling right (Mục, TT). */
  freezeColumns: number;
}

/** The hidden sheet holding dropdown lists and the add-in's state. */
export interface LookupSpec {
  sheetName: string;
  /** Column c of the lookup sheet: header in row 1, items from row 2. */
  lists: { header: string; items: string[] }[];
}

export type InsertMode = 'created' | 'refreshed' | 'rebuilt';

export interface InsertResult {
  mode: InsertMode;
  sheetName: string;
  rows: number;
}

/** A plain sheet written in one go (the merged appendix). */
export interface GridSheetSpec {
  sheetName: string;
  columns: { width: number; format: ColumnFormat; wrap: boolean }[];
  /** Title lines above the grid. */
  titles: { text: string; style: 'title' | 'subtitle' | 'unit' }[];
  header: string[];
  rows: CellValue[][];
  /** Row styles by kind of appendix row, as index lists into `rows`. */
  styles: { bold: number[]; italic: number[]; centered: number[] };
  /** Cells to fill, with the note to put on the first cell of each entry when notes are supported. */
  highlights: { row: number; cols: number[]; color: string; note: string | null }[];
}

/** A user's edit, as the change event reports it. */
export interface TableEdit {
  tableName: string;
  /** Body rows touched (0-based), or null when the change cannot be pinned to rows (rows inserted, sorted…). */
  rows: { from: number; to: number } | null;
  /** Body columns touched (0-based). */
  cols: { from: number; to: number } | null;
}

export interface WorkbookPort {
  readonly capabilities: Capabilities;
  /** The add-in's state and which of its tables the workbook holds. */
  readState(): Promise<{ state: WorkbookState; tables: string[] }>;
  /**
   * Insert a table sheet, or refresh it when it exists. `build` sees the existing table (if any)
   * and returns the layout; existing rows it returns are kept, so re-inserting never loses data.
   */
  insertTable(
    tableName: string,
    build: (existing: TableSnapshot | null) => TableSheetSpec,
    options?: { replaceRows?: boolean },
  ): Promise<InsertResult>;
  /** Keep the add-in's state with the workbook (document settings; saved with the file). */
  saveState(state: WorkbookState): Promise<void>;
  /** Read a table and apply what `decide` returns, in one Excel.run. Null when the table is missing. */
  patchTable<T>(
    tableName: string,
    decide: (snapshot: TableSnapshot) => { patch: TablePatch; result: T },
  ): Promise<T | null>;
  /** Write (or rewrite in place) a plain sheet. */
  writeGridSheet(spec: GridSheetSpec): Promise<void>;
  /**
   * Protect (or unprotect) the sheet of a table: an accepted sheet cannot be typed into. The
   * add-in's own marks and comments are still written. False when the workbook lacks the table.
   */
  protectTable(tableName: string, locked: boolean): Promise<boolean>;
  /** Select the cell in column `col` of the row whose `uidCol` cell holds `uid`, and bring its sheet to the front. */
  selectCell(tableName: string, target: { uidCol: number; uid: string; col: number }): Promise<boolean>;
  /** Call `handler` after a user edits one of the add-in's tables. Returns the unsubscribe function. */
  onTableEdited(handler: (edit: TableEdit) => void): Promise<() => Promise<void>>;
}
