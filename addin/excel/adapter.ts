/// <reference types="office-js" />
/**
 * The workbook as the task pane sees it: every Excel.run of the add-in is here. One Excel.run
 * per user action; reads load only `values` and positions; writes go through WriteBatch.
 *
 * @example
 * const workbook = new ExcelWorkbook(capabilities, documentSettings());
 * await workbook.patchTable('TongHop_budget', (snap) => planCheck(snap, setup));
 */
import { parseAddress, rangeAddress } from '../sheet/a1.js';
import { tableOfExcelName } from '../sheet/layout.js';
import {
  type Capabilities,
  emptyState,
  type GridSheetSpec,
  type InsertResult,
  type TableEdit,
  type TablePatch,
  type TableSheetSpec,
  type TableSnapshot,
  type WorkbookPort,
  type WorkbookState,
} from '../sheet/port.js';
import { WriteBatch } from './batch.js';
import { excelFailure } from './errors.js';
import { writeGrid } from './grid-sheet.js';
import { applyPatch } from './patch.js';
import { readTable } from './read.js';
import { layOutNewSheet, prepareLookup, restyleSheet, writeLookup } from './table-sheet.js';

/** Where the add-in keeps its state: the document's settings (saved with the workbook), never a token. */
export interface StateStore {
  get(): WorkbookState;
  set(state: WorkbookState): Promise<void>;
}

const STATE_KEY = 'tonghop.state';

/** State in `Office.context.document.settings`. */
export function documentSettings(): StateStore {
  const settings = Office.context.document.settings;
  return {
    get: () => {
      const raw = settings.get(STATE_KEY) as WorkbookState | null;
      return raw && typeof raw === 'object' && raw.sheets ? raw : emptyState();
    },
    set: (state) =>
      new Promise((resolve, reject) => {
        settings.set(STATE_KEY, state);
        settings.saveAsync((r) =>
          r.status === Office.AsyncResultStatus.Succeeded
            ? resolve()
            : reject(new Error(r.error?.message ?? 'Không lưu được trạng thái vào sổ làm việc.')),
        );
      }),
  };
}

/** Where a table body sits, as last seen: to place change events. */
interface Placement {
  tableName: string;
  origin: { row: number; col: number };
  rows: number;
  cols: number;
}

/** An accepted sheet can still be read, selected, filtered and copied; nothing in it can be changed. */
const LOCK_OPTIONS: Excel.WorksheetProtectionOptions = {
  allowAutoFilter: true,
  allowFormatCells: false,
  allowInsertRows: false,
  allowDeleteRows: false,
  allowEditObjects: false,
  allowSort: false,
};

/** Excel reports our own writes as changes too, a little after the run; they are recognised this long. */
const OWN_WRITE_MEMORY_MS = 5000;

/** What the add-in itself wrote on a sheet: exact addresses, or the whole sheet (a table just laid out). */
interface OwnWrites {
  until: number;
  addresses: Set<string> | 'all';
}

export class ExcelWorkbook implements WorkbookPort {
  private readonly placements = new Map<string, Placement>();
  private running = 0;
  private readonly own = new Map<string, OwnWrites>();
  /** Change events that came in while a run was writing: sorted out once it is done. */
  private held: { worksheetId: string; address: string; changeType: string }[] = [];
  private editHandler: ((edit: TableEdit) => void) | null = null;

  constructor(
    readonly capabilities: Capabilities,
    private readonly store: StateStore,
  ) {}

  private async run<T>(work: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await Excel.run(work);
    } catch (e) {
      throw excelFailure(e);
    } finally {
      this.running--;
      if (this.running === 0 && this.held.length > 0) {
        const held = this.held.splice(0);
        setTimeout(() => held.forEach((e) => this.deliver(e)), 0);
      }
    }
  }

  /** Remember what we wrote; a freshly laid-out sheet is ours as a whole, briefly. */
  private wrote(worksheetId: string, addresses: Set<string> | 'all'): void {
    this.own.set(worksheetId, { until: Date.now() + (addresses === 'all' ? 1500 : OWN_WRITE_MEMORY_MS), addresses });
  }

  /** Pass a user's edit of one of our tables to the pane; drop the echoes of our own writes. */
  private deliver(e: { worksheetId: string; address: string; changeType: string }): void {
    const own = this.own.get(e.worksheetId);
    if (
      own &&
      own.until > Date.now() &&
      (own.addresses === 'all' || own.addresses.has(e.address.replace(/\$/g, '').split('!').pop()!))
    )
      return;
    const edit = this.placeEdit(e.worksheetId, e.address, e.changeType);
    if (edit && this.editHandler) this.editHandler(edit);
  }

  private remember(worksheetId: string, snap: Omit<TableSnapshot, 'state'>): void {
    this.placements.set(worksheetId, {
      tableName: snap.tableName,
      origin: snap.origin,
      rows: snap.rows.length,
      cols: snap.headers.length,
    });
  }

  async readState(): Promise<{ state: WorkbookState; tables: string[] }> {
    const tables = await this.run(async (ctx) => {
      const all = ctx.workbook.tables.load('items/name');
      await ctx.sync();
      const ours = all.items.filter((t) => tableOfExcelName(t.name) !== null);
      const where = ours.map((t) => ({
        name: t.name,
        ws: t.worksheet.load('id'),
        header: t.getHeaderRowRange().load('columnCount'),
        body: t.getDataBodyRange().load('rowIndex,columnIndex,rowCount'),
      }));
      await ctx.sync();
      for (const w of where) {
        this.placements.set(w.ws.id, {
          tableName: w.name,
          origin: { row: w.body.rowIndex, col: w.body.columnIndex },
          rows: w.body.rowCount,
          cols: w.header.columnCount,
        });
      }
      return ours.map((t) => t.name);
    });
    return { state: this.store.get(), tables };
  }

  async saveState(state: WorkbookState): Promise<void> {
    await this.store.set(state);
  }

  async insertTable(
    tableName: string,
    build: (existing: TableSnapshot | null) => TableSheetSpec,
    options: { replaceRows?: boolean } = {},
  ): Promise<InsertResult> {
    const state = this.store.get();
    const result = await this.run(async (ctx) => {
      const found = ctx.workbook.tables.getItemOrNullObject(tableName).load('name');
      const sheets = ctx.workbook.worksheets.load('items/name');
      await ctx.sync();
      const read = found.isNullObject ? null : await readTable(ctx, tableName);
      const spec = build(read ? { ...read.snapshot, state } : null);
      const lookup = sheets.items.find((s) => s.name === spec.lookup.sheetName) ?? null;
      const headers = spec.columns.map((c) => c.header);
      // A locked sheet is laid out again unlocked; the pane locks it again if it still is accepted.
      if (read?.protected) read.worksheet.protection.unprotect();
      if (read && !options.replaceRows && sameHeaders(read.snapshot.headers, headers)) {
        const lists = prepareLookup(ctx, lookup, spec.lookup);
        restyleSheet(read.worksheet, spec, read.snapshot.origin, read.snapshot.rows.length);
        await ctx.sync();
        const batch = new WriteBatch(ctx);
        await writeLookup(batch, lists, spec.lookup);
        await batch.flush();
        lists.visibility = 'Hidden';
        read.worksheet.activate();
        await ctx.sync();
        this.remember(read.worksheetId, read.snapshot);
        return {
          mode: 'refreshed' as const,
          sheetName: read.snapshot.sheetName,
          rows: read.snapshot.rows.length,
          spec,
        };
      }
      const taken = new Set(sheets.items.map((s) => s.name.toLocaleLowerCase('vi')));
      if (read) {
        // Rebuild beside the old sheet, then swap: the old rows stay until the new sheet holds them.
        const old = read.worksheet.load('position');
        const fresh = ctx.workbook.worksheets.add(freeName('TongHop_moi', taken));
        const table = await layOutNewSheet(ctx, fresh, { ...spec, tableName: `${spec.tableName}_moi` }, lookup);
        await ctx.sync();
        const name = read.snapshot.sheetName;
        const position = old.position;
        old.delete();
        table.name = spec.tableName;
        fresh.name = name;
        fresh.position = position;
        fresh.activate();
        fresh.load('id');
        await ctx.sync();
        this.placeNew(fresh.id, spec);
        return { mode: 'rebuilt' as const, sheetName: name, rows: spec.rows.length, spec };
      }
      const name = freeName(spec.sheetName, taken);
      const ws = ctx.workbook.worksheets.add(name);
      await layOutNewSheet(ctx, ws, spec, lookup);
      ws.activate();
      ws.load('id');
      await ctx.sync();
      this.placeNew(ws.id, spec);
      return { mode: 'created' as const, sheetName: name, rows: spec.rows.length, spec };
    });
    await this.store.set(result.spec.state);
    return { mode: result.mode, sheetName: result.sheetName, rows: result.rows };
  }

  private placeNew(worksheetId: string, spec: TableSheetSpec): void {
    this.wrote(worksheetId, 'all');
    this.placements.set(worksheetId, {
      tableName: spec.tableName,
      origin: { row: spec.titles.length + 1, col: 0 },
      rows: spec.rows.length,
      cols: spec.columns.length,
    });
  }

  async patchTable<T>(
    tableName: string,
    decide: (snapshot: TableSnapshot) => { patch: TablePatch; result: T },
  ): Promise<T | null> {
    const state = this.store.get();
    const out = await this.run(async (ctx) => {
      const read = await readTable(ctx, tableName);
      if (!read) return null;
      this.remember(read.worksheetId, read.snapshot);
      const { patch, result } = decide({ ...read.snapshot, state });
      this.wrote(read.worksheetId, writtenAddresses(read.snapshot.origin, patch));
      // The add-in's own marks and comments go onto a locked sheet too; people's edits stay refused.
      const writes = Object.values(patch).some((v) => v !== undefined);
      if (read.protected && writes) read.worksheet.protection.unprotect();
      await applyPatch(new WriteBatch(ctx), read.worksheet, read.snapshot.origin, patch, this.capabilities.notes);
      if (read.protected && writes) {
        read.worksheet.protection.protect(LOCK_OPTIONS);
        await ctx.sync();
      }
      return { patch, result };
    });
    return out ? out.result : null;
  }

  async writeGridSheet(spec: GridSheetSpec): Promise<void> {
    await this.run((ctx) => writeGrid(ctx, spec, this.capabilities.notes));
  }

  async protectTable(tableName: string, locked: boolean): Promise<boolean> {
    return this.run(async (ctx) => {
      const table = ctx.workbook.tables.getItemOrNullObject(tableName);
      table.load('name');
      await ctx.sync();
      if (table.isNullObject) return false;
      const protection = table.worksheet.protection.load('protected');
      await ctx.sync();
      if (protection.protected === locked) return true;
      if (locked) protection.protect(LOCK_OPTIONS);
      else protection.unprotect();
      await ctx.sync();
      return true;
    });
  }

  async selectCell(tableName: string, target: { uidCol: number; uid: string; col: number }): Promise<boolean> {
    return this.run(async (ctx) => {
      const table = ctx.workbook.tables.getItemOrNullObject(tableName);
      table.load('name');
      await ctx.sync();
      if (table.isNullObject) return false;
      const body = table.getDataBodyRange();
      const uids = body.getColumn(target.uidCol).load('values');
      await ctx.sync();
      const row = uids.values.findIndex((r) => String(r[0]) === target.uid);
      if (row < 0) return false;
      table.worksheet.activate();
      body.getCell(row, target.col).select();
      await ctx.sync();
      return true;
    });
  }

  async onTableEdited(handler: (edit: TableEdit) => void): Promise<() => Promise<void>> {
    this.editHandler = handler;
    const registration = await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.onChanged.add(async (args) => {
        const e = { worksheetId: args.worksheetId, address: args.address, changeType: args.changeType };
        if (this.running > 0) this.held.push(e);
        else this.deliver(e);
      });
      await ctx.sync();
      return r;
    });
    return async () => {
      this.editHandler = null;
      await Excel.run(registration.context, async (ctx) => {
        registration.remove();
        await ctx.sync();
      });
    };
  }

  /** Turn a change event into body rows and columns of one of our tables (null when it is not ours). */
  private placeEdit(worksheetId: string, address: string, changeType: string): TableEdit | null {
    const p = this.placements.get(worksheetId);
    if (!p) return null;
    if (changeType !== 'RangeEdited') return { tableName: p.tableName, rows: null, cols: null };
    const a = parseAddress(address);
    const from = a.row - p.origin.row;
    const to = from + a.rows - 1;
    const colFrom = a.col - p.origin.col;
    const colTo = colFrom + a.cols - 1;
    // Typing just under the table extends it: count that row as the table's.
    if (to < 0 || from > p.rows || colTo < 0 || colFrom >= p.cols) return null;
    return {
      tableName: p.tableName,
      rows: { from: Math.max(0, from), to },
      cols: { from: Math.max(0, colFrom), to: Math.min(p.cols - 1, colTo) },
    };
  }
}

function sameHeaders(a: readonly string[], b: readonly string[]): boolean {
  const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();
  return a.length === b.length && a.every((h, i) => norm(h) === norm(b[i]!));
}

/** `name`, or `name (2)`, `name (3)`… whichever no sheet has (Excel compares names case-insensitively). */
function freeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name.toLocaleLowerCase('vi'))) return name;
  for (let i = 2; ; i++) {
    const candidate = `${name.slice(0, 31 - ` (${i})`.length)} (${i})`;
    if (!taken.has(candidate.toLocaleLowerCase('vi'))) return candidate;
  }
}

/** The addresses (as change events name them) of the cells a patch writes values to. */
function writtenAddresses(origin: { row: number; col: number }, patch: TablePatch): Set<string> {
  const out = new Set<string>();
  for (const c of patch.cells ?? []) out.add(rangeAddress(origin.row + c.row, origin.col + c.col, 1, 1));
  for (const column of patch.columns ?? []) {
    const v = column.values;
    for (let i = 0; i < v.length; ) {
      if (v[i] === null) {
        i++;
        continue;
      }
      let end = i;
      while (end + 1 < v.length && v[end + 1] !== null) end++;
      out.add(rangeAddress(origin.row + i, origin.col + column.col, end - i + 1, 1));
      i = end + 1;
    }
  }
  return out;
}
