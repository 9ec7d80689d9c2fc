/**
 * A fake Excel host for tests and the bench: `Excel` and `Office` globals over an in-memory
 * workbook, enforcing what real Excel enforces (request and response payload caps, range and
 * value shapes, sheet and table names, one note per cell) and counting round trips and bytes.
 * A `user` handle edits cells the way a person does (typing below a table extends it) and fires
 * the change events.
 *
 * @example
 * const fake = createFakeExcel({ apiVersion: '1.18' });
 * fake.install(globalThis);
 * await Excel.run(async (ctx) => { … });
 * fake.stats.syncs;
 */
import { parseAddress } from '../../../addin/sheet/a1.js';
import {
  type CellModel,
  coerce,
  ensureCell,
  getCell,
  newWorkbook,
  numberFormatOf,
  type SheetModel,
  type TableModel,
  type Value,
  type WorkbookModel,
} from './model.js';
import {
  type ChangedArgs,
  FakeContext,
  type HostState,
  type HostStats,
  rectAddress,
  versionAtLeast,
} from './proxies.js';

export interface FakeOptions {
  /** Highest ExcelApi version the host claims (notes need 1.18). */
  apiVersion?: string;
  /** Excel on the web refuses requests and responses over 5 MB. */
  requestCap?: number;
  responseCap?: number;
  host?: string;
  workbook?: WorkbookModel;
}

export const FIVE_MB = 5 * 1024 * 1024;

export function createFakeExcel(options: FakeOptions = {}) {
  const state: HostState = {
    wb: options.workbook ?? newWorkbook(),
    stats: freshStats(),
    requestCap: options.requestCap ?? FIVE_MB,
    responseCap: options.responseCap ?? FIVE_MB,
    apiVersion: options.apiVersion ?? '1.18',
    handlers: new Set(),
  };

  const Excel = {
    async run<T>(a: unknown, b?: unknown): Promise<T> {
      const work = (typeof a === 'function' ? a : b) as (ctx: FakeContext) => Promise<T>;
      const ctx = typeof a === 'function' ? new FakeContext(state) : (a as FakeContext);
      state.stats.runs++;
      return work(ctx);
    },
  };

  const settings = {
    get: (key: string) => state.wb.settings[key] ?? null,
    set: (key: string, value: unknown) => {
      state.wb.settings[key] = JSON.parse(JSON.stringify(value));
    },
    remove: (key: string) => {
      delete state.wb.settings[key];
    },
    saveAsync: (cb?: (r: { status: string }) => void) => setTimeout(() => cb?.({ status: 'succeeded' }), 0),
  };

  const Office = {
    HostType: { Excel: 'Excel', Word: 'Word' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    onReady(cb?: (info: { host: string; platform: string }) => void) {
      const info = { host: options.host ?? 'Excel', platform: 'OfficeOnline' };
      return new Promise((resolve) =>
        setTimeout(() => {
          cb?.(info);
          resolve(info);
        }, 0),
      );
    },
    context: {
      displayLanguage: 'vi-VN',
      requirements: {
        isSetSupported: (name: string, version = '1.1') =>
          name === 'ExcelApi' && versionAtLeast(state.apiVersion, version),
      },
      document: { settings },
    },
  };

  const sheet = (name: string): SheetModel => {
    const s = state.wb.sheets.find((x) => x.name === name);
    if (!s) throw new Error(`fake: no sheet «${name}» (have ${state.wb.sheets.map((x) => x.name).join(', ')})`);
    return s;
  };
  const table = (name: string): TableModel => {
    const t = state.wb.tables.find((x) => x.name === name);
    if (!t) throw new Error(`fake: no table «${name}»`);
    return t;
  };

  /** What a person does in the grid. */
  const user = {
    /** Type (or paste) values at an address; typing on the row under a table extends the table. */
    type(sheetName: string, address: string, input: Value | Value[][]): void {
      const s = sheet(sheetName);
      if (s.protected) throw new Error(`fake: «${sheetName}» is protected; Excel refuses what was typed`);
      const a = parseAddress(address);
      const values = Array.isArray(input) ? input : [[input]];
      // Excel extends the table first (formats and dropdowns come down), then stores what was typed.
      for (const t of state.wb.tables) {
        const below = t.row + t.rows;
        if (t.sheetId === s.id && a.row === below && a.col >= t.col && a.col < t.col + t.cols)
          growTable(s, t, values.length);
      }
      for (let r = 0; r < values.length; r++) {
        for (let c = 0; c < values[r]!.length; c++) {
          const cell = ensureCell(s, a.row + r, a.col + c);
          cell.v = coerce(values[r]![c]!, numberFormatOf(s, a.row + r, a.col + c));
        }
      }
      fire({
        worksheetId: s.id,
        address: rectAddress({ sheet: s, row: a.row, col: a.col, rows: values.length, cols: values[0]!.length }).split(
          '!',
        )[1]!,
        changeType: 'RangeEdited',
        source: 'Local',
        type: 'WorksheetChanged',
      });
    },
  };

  function growTable(s: SheetModel, t: TableModel, by: number): void {
    const last = t.row + t.rows - 1;
    for (let i = 0; i < by; i++) {
      for (let c = t.col; c < t.col + t.cols; c++) {
        const from = getCell(s, last, c);
        const to = ensureCell(s, last + 1 + i, c);
        if (from)
          for (const k of ['f', 'wrap', 'dv', 'italic', 'color', 'vAlign'] as const)
            if (from[k] !== undefined && to[k] === undefined) (to as unknown as Record<string, unknown>)[k] = from[k];
      }
    }
    t.rows += by;
  }

  function fire(args: ChangedArgs): void {
    for (const h of state.handlers) setTimeout(() => void h(args), 0);
  }

  return {
    Excel,
    Office,
    state,
    get stats(): HostStats {
      return state.stats;
    },
    resetStats(): void {
      state.stats = freshStats();
    },
    user,
    /** Put `Excel` and `Office` on a global object (globalThis, window). */
    install(target: Record<string, unknown>): void {
      target.Excel = Excel;
      target.Office = Office;
    },
    sheetNames: () => state.wb.sheets.map((s) => s.name),
    sheet,
    table,
    cell: (sheetName: string, address: string): CellModel => {
      const a = parseAddress(address);
      return getCell(sheet(sheetName), a.row, a.col) ?? { v: '' };
    },
    value: (sheetName: string, address: string): Value => {
      const a = parseAddress(address);
      return getCell(sheet(sheetName), a.row, a.col)?.v ?? '';
    },
    /** The values of a table's body (or of a sheet block), as the user sees them. */
    tableValues(name: string): Value[][] {
      const t = table(name);
      const s = state.wb.sheets.find((x) => x.id === t.sheetId)!;
      return Array.from({ length: t.rows }, (_, r) =>
        Array.from({ length: t.cols }, (_, c) => getCell(s, t.row + r, t.col + c)?.v ?? ''),
      );
    },
    notes: (sheetName: string) => ({ ...sheet(sheetName).notes }),
    save: (): string => JSON.stringify(state.wb),
  };
}

export type FakeExcel = ReturnType<typeof createFakeExcel>;

function freshStats(): HostStats {
  return { runs: 0, syncs: 0, requests: [], refused: [], responses: [], suspendCalculation: 0, suspendScreen: 0 };
}
