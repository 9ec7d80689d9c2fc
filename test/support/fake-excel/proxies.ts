/**
 * The Office.js surface the adapter uses, over the in-memory model, with Office.js semantics:
 * commands are queued on proxies and run at `context.sync()`; properties are readable only after
 * `load` and a sync; a request over the payload cap fails as a whole; value and format arrays
 * must match the range's shape (a single value fills the range); `null` in a values array leaves
 * the cell as it is; text typed into a General cell that looks like a number becomes a number.
 */
import { parseAddress } from '../../../addin/sheet/a1.js';
import {
  type CellModel,
  coerce,
  ensureCell,
  getCell,
  MAX_COLS,
  MAX_ROWS,
  newSheet,
  numberFormatOf,
  type SheetModel,
  type TableModel,
  type Value,
  type WorkbookModel,
} from './model.js';

export class OfficeError extends Error {
  readonly debugInfo: { code: string; message: string };
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RichApi.Error';
    this.debugInfo = { code, message };
  }
}
const fail = (code: string, message: string): never => {
  throw new OfficeError(code, message);
};

/** Excel refuses every write to a protected sheet's (locked) cells. */
function guard(sheet: SheetModel): void {
  if (sheet.protected)
    fail(
      'AccessDenied',
      'The cell or chart you are trying to change is on a protected sheet. To make a change, unprotect the sheet.',
    );
}

export interface HostStats {
  runs: number;
  syncs: number;
  /** UTF-8 bytes of each request Excel accepted. */
  requests: number[];
  /** Sizes of the requests refused as too large (each is a round trip too). */
  refused: number[];
  responses: number[];
  suspendCalculation: number;
  suspendScreen: number;
}

export interface ChangedArgs {
  worksheetId: string;
  address: string;
  changeType: string;
  source: 'Local' | 'Remote';
  type: 'WorksheetChanged';
}

export interface HostState {
  wb: WorkbookModel;
  stats: HostStats;
  requestCap: number;
  responseCap: number;
  apiVersion: string;
  handlers: Set<(args: ChangedArgs) => unknown>;
}

interface Rect {
  sheet: SheetModel;
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/** Ranges taller than this are formatted at column level instead of cell by cell. */
const HUGE = 200_000;

const encoder = new TextEncoder();
const utf8 = (s: string) => encoder.encode(s).length;

type Action = { json: unknown; exec: () => number | void };

export class FakeContext {
  private queue: Action[] = [];
  readonly workbook: WorkbookProxy;
  readonly application = {
    suspendApiCalculationUntilNextSync: () =>
      this.enqueue({ a: 'suspendCalc' }, () => void this.host.stats.suspendCalculation++),
    suspendScreenUpdatingUntilNextSync: () =>
      this.enqueue({ a: 'suspendScreen' }, () => void this.host.stats.suspendScreen++),
  };

  constructor(readonly host: HostState) {
    this.workbook = new WorkbookProxy(this);
  }

  enqueue(json: unknown, exec: () => number | void): void {
    this.queue.push({ json, exec });
  }

  async sync(): Promise<void> {
    const actions = this.queue;
    this.queue = [];
    const bytes = utf8(JSON.stringify(actions.map((a) => a.json)));
    const { stats } = this.host;
    stats.syncs++;
    await new Promise((r) => setTimeout(r, 0));
    if (bytes > this.host.requestCap) {
      stats.refused.push(bytes);
      fail('RequestPayloadSizeLimitExceeded', `The request payload size (${bytes} bytes) has exceeded the limit.`);
    }
    stats.requests.push(bytes);
    let response = 0;
    for (const a of actions) response += a.exec() ?? 0;
    stats.responses.push(response);
    if (response > this.host.responseCap)
      fail('ResponsePayloadSizeLimitExceeded', `The response payload size (${response} bytes) has exceeded the limit.`);
  }

  get wb(): WorkbookModel {
    return this.host.wb;
  }
}

/** Base of every proxy: properties become readable after load + sync. */
class Proxy_ {
  protected readonly loaded: Record<string, unknown> = {};
  constructor(
    protected readonly ctx: FakeContext,
    readonly path: string,
  ) {}

  protected get_<T>(prop: string): T {
    if (!(prop in this.loaded))
      fail(
        'PropertyNotLoaded',
        `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
      );
    return this.loaded[prop] as T;
  }

  protected set_(prop: string, value: unknown, exec: () => void): void {
    this.loaded[prop] = value;
    this.ctx.enqueue({ a: 'set', t: this.path, p: prop, v: value }, exec);
  }

  /** `load('a,b')`, `load(['a'])`, `load({ a: true })`. */
  protected props(arg: unknown): string[] {
    if (typeof arg === 'string')
      return arg
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    if (Array.isArray(arg)) return arg.map(String);
    if (arg && typeof arg === 'object') return Object.keys(arg);
    return [];
  }

  protected loadWith(arg: unknown, read: (prop: string) => unknown): this {
    const props = this.props(arg);
    this.ctx.enqueue({ a: 'load', t: this.path, p: props }, () => {
      let bytes = 0;
      for (const p of props) {
        const v = read(p);
        this.loaded[p] = v;
        bytes += utf8(JSON.stringify(v ?? null));
      }
      return bytes;
    });
    return this;
  }
}

function cellValue(sheet: SheetModel, row: number, col: number): Value {
  return getCell(sheet, row, col)?.v ?? '';
}

function a1(row: number, col: number): string {
  let n = col + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return `${s}${row + 1}`;
}

export function rectAddress(r: Rect): string {
  const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(r.sheet.name) ? r.sheet.name : `'${r.sheet.name.replace(/'/g, "''")}'`;
  const start = a1(r.row, r.col);
  return `${name}!${r.rows === 1 && r.cols === 1 ? start : `${start}:${a1(r.row + r.rows - 1, r.col + r.cols - 1)}`}`;
}

/** A 2-D array of the range's shape, or a single value for every cell. */
function shaped<T>(rect: Rect, input: unknown, what: string): (row: number, col: number) => T {
  if (!Array.isArray(input)) return () => input as T;
  if (input.length !== rect.rows || input.some((r) => !Array.isArray(r) || r.length !== rect.cols)) {
    fail(
      'InvalidArgument',
      `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${what}: range ${rect.rows}×${rect.cols}, input ${input.length}×${Array.isArray(input[0]) ? input[0].length : '?'}).`,
    );
  }
  return (r, c) => (input as T[][])[r]![c]!;
}

function eachCell(rect: Rect, fn: (cell: CellModel, row: number, col: number) => void, create: boolean): void {
  if (!create || rect.rows * rect.cols > HUGE * 4 || rect.rows > HUGE) {
    for (const [rk, cols] of Object.entries(rect.sheet.cells)) {
      const r = Number(rk);
      if (r < rect.row || r >= rect.row + rect.rows) continue;
      for (const [ck, cell] of Object.entries(cols)) {
        const c = Number(ck);
        if (c >= rect.col && c < rect.col + rect.cols) fn(cell, r, c);
      }
    }
    return;
  }
  for (let r = 0; r < rect.rows; r++)
    for (let c = 0; c < rect.cols; c++)
      fn(ensureCell(rect.sheet, rect.row + r, rect.col + c), rect.row + r, rect.col + c);
}

/** Apply a cell format over a rect; very tall rects set the column's default too. */
function formatRects(rects: Rect[], patch: (cell: Partial<CellModel>) => void): void {
  for (const rect of rects) {
    if (rect.rows > HUGE)
      for (let c = rect.col; c < rect.col + rect.cols; c++) patch((rect.sheet.columnFormats[c] ??= {}));
    eachCell(rect, (cell) => patch(cell), rect.rows <= HUGE);
  }
}

class FontProxy extends Proxy_ {
  constructor(
    ctx: FakeContext,
    path: string,
    private readonly rects: () => Rect[],
  ) {
    super(ctx, path);
  }
  set bold(v: boolean) {
    this.set_('bold', v, () =>
      formatRects(this.rects(), (c) => {
        c.bold = v;
      }),
    );
  }
  set italic(v: boolean) {
    this.set_('italic', v, () =>
      formatRects(this.rects(), (c) => {
        c.italic = v;
      }),
    );
  }
  set color(v: string) {
    this.set_('color', v, () =>
      formatRects(this.rects(), (c) => {
        c.color = v;
      }),
    );
  }
  set size(v: number) {
    this.set_('size', v, () =>
      formatRects(this.rects(), (c) => {
        c.size = v;
      }),
    );
  }
}

class FillProxy extends Proxy_ {
  constructor(
    ctx: FakeContext,
    path: string,
    private readonly rects: () => Rect[],
  ) {
    super(ctx, path);
  }
  set color(v: string) {
    if (!/^#[0-9a-f]{6}$/i.test(v)) fail('InvalidArgument', `Invalid color ${v}`);
    this.set_('color', v, () => {
      for (const r of this.rects()) guard(r.sheet);
      formatRects(this.rects(), (c) => {
        c.fill = v.toUpperCase();
      });
    });
  }
  clear(): void {
    this.ctx.enqueue({ a: 'fill.clear', t: this.path }, () => {
      for (const r of this.rects()) guard(r.sheet);
      formatRects(this.rects(), (c) => {
        delete c.fill;
      });
    });
  }
}

class FormatProxy extends Proxy_ {
  readonly font: FontProxy;
  readonly fill: FillProxy;
  constructor(
    ctx: FakeContext,
    path: string,
    private readonly rects: () => Rect[],
  ) {
    super(ctx, path);
    this.font = new FontProxy(ctx, `${path}.font`, rects);
    this.fill = new FillProxy(ctx, `${path}.fill`, rects);
  }
  set wrapText(v: boolean) {
    this.set_('wrapText', v, () =>
      formatRects(this.rects(), (c) => {
        c.wrap = v;
      }),
    );
  }
  set horizontalAlignment(v: string) {
    this.set_('horizontalAlignment', v, () =>
      formatRects(this.rects(), (c) => {
        c.hAlign = v;
      }),
    );
  }
  set verticalAlignment(v: string) {
    this.set_('verticalAlignment', v, () =>
      formatRects(this.rects(), (c) => {
        c.vAlign = v;
      }),
    );
  }
  set columnWidth(v: number) {
    if (!(v >= 0 && v <= 255 * 7.5)) fail('InvalidArgument', `Invalid column width ${v}`);
    this.set_('columnWidth', v, () => {
      for (const r of this.rects()) for (let c = r.col; c < r.col + r.cols; c++) r.sheet.widths[c] = v;
    });
  }
  get columnWidth(): number {
    return this.get_('columnWidth');
  }
  get borders() {
    return {
      getItem: (name: string) => {
        const ok = [
          'EdgeTop',
          'EdgeBottom',
          'EdgeLeft',
          'EdgeRight',
          'InsideVertical',
          'InsideHorizontal',
          'DiagonalDown',
          'DiagonalUp',
        ];
        if (!ok.includes(name)) fail('InvalidArgument', `Unknown border ${name}`);
        const border = new (class extends Proxy_ {
          set style(v: string) {
            this.set_('style', v, () => void 0);
          }
          set color(v: string) {
            this.set_('color', v, () => void 0);
          }
        })(this.ctx, `${this.path}.borders.${name}`);
        this.ctx.enqueue({ a: 'border', t: this.path, b: name }, () => {
          for (const r of this.rects()) r.sheet.borders++;
        });
        return border;
      },
    };
  }
  autofitRows(): void {
    this.ctx.enqueue({ a: 'autofitRows', t: this.path }, () => void this.rects());
  }
  autofitColumns(): void {
    this.ctx.enqueue({ a: 'autofitColumns', t: this.path }, () => void this.rects());
  }
}

class DataValidationProxy extends Proxy_ {
  constructor(
    ctx: FakeContext,
    path: string,
    private readonly rect: () => Rect,
  ) {
    super(ctx, path);
  }
  clear(): void {
    this.ctx.enqueue({ a: 'dv.clear', t: this.path }, () =>
      eachCell(
        this.rect(),
        (c) => {
          delete c.dv;
        },
        false,
      ),
    );
  }
  set rule(rule: CellModel['dv'] extends infer D ? (D extends { rule: infer R } ? R : never) : never) {
    this.set_('rule', rule, () => {
      const source = rule.list?.source ?? '';
      if (rule.list && !source.startsWith('=') && source.length > 255)
        fail('InvalidArgument', 'A data validation list typed as text cannot be longer than 255 characters.');
      if (source.startsWith('=')) {
        const sheetName = source.slice(1, source.indexOf('!')).replace(/^'|'$/g, '').replace(/''/g, "'");
        if (!this.ctx.wb.sheets.some((s) => s.name === sheetName))
          fail('InvalidArgument', `The list source refers to a missing sheet ${sheetName}.`);
      }
      eachCell(
        this.rect(),
        (c) => {
          if (c.dv?.rule) fail('InvalidOperation', 'The range already has a data validation rule; call clear() first.');
          c.dv = { rule };
        },
        true,
      );
    });
  }
  set errorAlert(alert: NonNullable<CellModel['dv']>['errorAlert']) {
    this.set_('errorAlert', alert, () => {
      if (alert && (alert.title.length > 32 || alert.message.length > 255))
        fail('InvalidArgument', 'Data validation alert title is limited to 32 and message to 255 characters.');
      eachCell(
        this.rect(),
        (c) => {
          if (c.dv) c.dv.errorAlert = alert;
        },
        false,
      );
    });
  }
  set prompt(prompt: NonNullable<CellModel['dv']>['prompt']) {
    this.set_('prompt', prompt, () => {
      if (prompt && (prompt.title.length > 32 || prompt.message.length > 255))
        fail('InvalidArgument', 'Data validation prompt title is limited to 32 and message to 255 characters.');
      eachCell(
        this.rect(),
        (c) => {
          if (c.dv) c.dv.prompt = prompt;
        },
        false,
      );
    });
  }
}

export class RangeProxy extends Proxy_ {
  constructor(
    ctx: FakeContext,
    path: string,
    readonly resolve: () => Rect,
  ) {
    super(ctx, path);
  }

  // Office.js hands out the same object for a navigation property every time.
  private format_?: FormatProxy;
  private validation_?: DataValidationProxy;
  get format(): FormatProxy {
    return (this.format_ ??= new FormatProxy(this.ctx, `${this.path}.format`, () => [this.resolve()]));
  }
  get dataValidation(): DataValidationProxy {
    return (this.validation_ ??= new DataValidationProxy(this.ctx, `${this.path}.dataValidation`, this.resolve));
  }

  get values(): Value[][] {
    return this.get_('values');
  }
  set values(input: Value[][]) {
    this.set_('values', input, () => {
      const rect = this.resolve();
      guard(rect.sheet);
      const at = shaped<Value | null>(rect, input, 'values');
      for (let r = 0; r < rect.rows; r++) {
        for (let c = 0; c < rect.cols; c++) {
          const v = at(r, c);
          if (v === null || v === undefined) continue; // Office.js: null leaves the cell unchanged
          if (typeof v === 'string' && v.length > 32_767)
            fail('InvalidArgument', 'A cell can hold at most 32,767 characters.');
          const cell = ensureCell(rect.sheet, rect.row + r, rect.col + c);
          cell.v = coerce(v, numberFormatOf(rect.sheet, rect.row + r, rect.col + c));
        }
      }
    });
  }
  get numberFormat(): string[][] {
    return this.get_('numberFormat');
  }
  set numberFormat(input: string[][]) {
    this.set_('numberFormat', input, () => {
      const rect = this.resolve();
      if (Array.isArray(input)) {
        const at = shaped<string>(rect, input, 'numberFormat');
        eachCell(
          rect,
          (cell, r, c) => {
            cell.f = at(r - rect.row, c - rect.col);
          },
          true,
        );
      } else
        formatRects([rect], (c) => {
          c.f = input as unknown as string;
        });
    });
  }
  set columnHidden(v: boolean) {
    this.set_('columnHidden', v, () => {
      const r = this.resolve();
      for (let c = r.col; c < r.col + r.cols; c++) {
        r.sheet.hidden = r.sheet.hidden.filter((h) => h !== c);
        if (v) r.sheet.hidden.push(c);
      }
    });
  }
  get address(): string {
    return this.get_('address');
  }
  get rowIndex(): number {
    return this.get_('rowIndex');
  }
  get columnIndex(): number {
    return this.get_('columnIndex');
  }
  get rowCount(): number {
    return this.get_('rowCount');
  }
  get columnCount(): number {
    return this.get_('columnCount');
  }

  load(arg?: unknown): this {
    return this.loadWith(arg ?? 'values,address,rowIndex,columnIndex,rowCount,columnCount', (p) => {
      const r = this.resolve();
      switch (p) {
        case 'values':
          if (r.rows * r.cols > 5_000_000) fail('InvalidArgument', 'The range is too large to read.');
          return Array.from({ length: r.rows }, (_, i) =>
            Array.from({ length: r.cols }, (_, j) => cellValue(r.sheet, r.row + i, r.col + j)),
          );
        case 'numberFormat':
          return Array.from({ length: r.rows }, (_, i) =>
            Array.from({ length: r.cols }, (_, j) => numberFormatOf(r.sheet, r.row + i, r.col + j)),
          );
        case 'address':
          return rectAddress(r);
        case 'rowIndex':
          return r.row;
        case 'columnIndex':
          return r.col;
        case 'rowCount':
          return r.rows;
        case 'columnCount':
          return r.cols;
        default:
          return fail('InvalidArgument', `Cannot load ${p} in this fake.`);
      }
    });
  }

  private sub(name: string, f: (r: Rect) => Rect): RangeProxy {
    return new RangeProxy(this.ctx, `${this.path}.${name}`, () => {
      const out = f(this.resolve());
      if (
        out.row < 0 ||
        out.col < 0 ||
        out.rows < 1 ||
        out.cols < 1 ||
        out.row + out.rows > MAX_ROWS ||
        out.col + out.cols > MAX_COLS
      )
        fail('InvalidArgument', `Range out of bounds: ${name}`);
      return out;
    });
  }
  getRow(i: number): RangeProxy {
    return this.sub(`getRow(${i})`, (r) => ({ ...r, row: r.row + i, rows: 1 }));
  }
  getColumn(i: number): RangeProxy {
    return this.sub(`getColumn(${i})`, (r) => ({ ...r, col: r.col + i, cols: 1 }));
  }
  getCell(i: number, j: number): RangeProxy {
    return this.sub(`getCell(${i},${j})`, (r) => ({ ...r, row: r.row + i, col: r.col + j, rows: 1, cols: 1 }));
  }
  getResizedRange(dr: number, dc: number): RangeProxy {
    return this.sub(`getResizedRange(${dr},${dc})`, (r) => ({ ...r, rows: r.rows + dr, cols: r.cols + dc }));
  }
  getEntireColumn(): RangeProxy {
    return this.sub('getEntireColumn()', (r) => ({ ...r, row: 0, rows: MAX_ROWS }));
  }
  select(): void {
    this.ctx.enqueue({ a: 'select', t: this.path }, () => {
      const r = this.resolve();
      this.ctx.wb.selection = { sheetId: r.sheet.id, address: rectAddress(r) };
      this.ctx.wb.activeSheetId = r.sheet.id;
    });
  }
  clear(applyTo: string = 'All'): void {
    this.ctx.enqueue({ a: 'clear', t: this.path, k: applyTo }, () => {
      const r = this.resolve();
      const all = applyTo === 'All';
      if (all || applyTo === 'Formats') {
        for (let c = r.col; c < r.col + r.cols && r.rows > HUGE; c++) delete r.sheet.columnFormats[c];
      }
      eachCell(
        r,
        (cell, row, col) => {
          if (all || applyTo === 'Contents') cell.v = '';
          if (all || applyTo === 'Formats') {
            for (const k of Object.keys(cell) as (keyof CellModel)[]) if (k !== 'v' && k !== 'dv') delete cell[k];
            delete cell.dv;
          }
          if (all) delete r.sheet.notes[`${row},${col}`];
        },
        false,
      );
    });
  }
}

class RangeAreasProxy extends Proxy_ {
  readonly format: FormatProxy;
  constructor(ctx: FakeContext, path: string, rects: () => Rect[]) {
    super(ctx, path);
    this.format = new FormatProxy(ctx, `${path}.format`, rects);
  }
}

class NoteProxy extends Proxy_ {
  constructor(
    ctx: FakeContext,
    path: string,
    private readonly resolve: () => { sheet: SheetModel; key: string } | null,
  ) {
    super(ctx, path);
  }
  get isNullObject(): boolean {
    return this.get_('isNullObject');
  }
  get content(): string {
    return this.get_('content');
  }
  set content(v: string) {
    this.set_('content', v, () => {
      const n = this.resolve() ?? fail('ItemNotFound', 'The note does not exist.');
      n.sheet.notes[n.key] = v;
    });
  }
  delete(): void {
    this.ctx.enqueue({ a: 'note.delete', t: this.path }, () => {
      const n = this.resolve() ?? fail('ItemNotFound', 'The note does not exist.');
      delete n.sheet.notes[n.key];
    });
  }
  load(arg?: unknown): this {
    return this.loadWith(arg ?? 'content', (p) => {
      const n = this.resolve();
      if (p === 'isNullObject') return n === null;
      if (n === null) return p === 'content' ? '' : null;
      return n.sheet.notes[n.key];
    });
  }
  /** Office.js fills isNullObject whenever anything of a *OrNullObject proxy is loaded. */
  markNullness(): void {
    this.ctx.enqueue({ a: 'note.null?', t: this.path }, () => {
      this.loaded.isNullObject = this.resolve() === null;
    });
  }
}

class NoteCollectionProxy extends Proxy_ {
  private list: NoteProxy[] | null = null;
  constructor(
    ctx: FakeContext,
    path: string,
    private readonly sheet: () => SheetModel,
    private readonly enabled: boolean,
  ) {
    super(ctx, path);
  }
  private key(address: string): string {
    if (!this.enabled) fail('ApiNotFound', 'Notes need ExcelApi 1.18.');
    const a = parseAddress(address);
    if (a.rows !== 1 || a.cols !== 1) fail('InvalidArgument', 'A note belongs to one cell.');
    return `${a.row},${a.col}`;
  }
  add(address: string, content: string): NoteProxy {
    const ref = { sheet: null as SheetModel | null, key: '' };
    this.ctx.enqueue({ a: 'note.add', t: this.path, c: address, v: content }, () => {
      const sheet = this.sheet();
      guard(sheet);
      const key = this.key(address);
      if (key in sheet.notes) fail('InvalidArgument', `The cell ${address} already has a note.`);
      sheet.notes[key] = content;
      ref.sheet = sheet;
      ref.key = key;
    });
    return new NoteProxy(this.ctx, `${this.path}.add(${address})`, () =>
      ref.sheet ? { sheet: ref.sheet, key: ref.key } : null,
    );
  }
  getItem(address: string): NoteProxy {
    return new NoteProxy(this.ctx, `${this.path}.getItem(${address})`, () => {
      const sheet = this.sheet();
      const key = this.key(address);
      return key in sheet.notes ? { sheet, key } : fail('ItemNotFound', `No note at ${address}.`);
    });
  }
  getItemOrNullObject(address: string): NoteProxy {
    const note = new NoteProxy(this.ctx, `${this.path}.getItemOrNullObject(${address})`, () => {
      const sheet = this.sheet();
      const key = this.key(address);
      return key in sheet.notes ? { sheet, key } : null;
    });
    note.markNullness();
    return note;
  }
  get items(): NoteProxy[] {
    return this.list ?? fail('PropertyNotLoaded', 'The property items is not available; load it first.');
  }
  load(_arg?: unknown): this {
    this.ctx.enqueue({ a: 'notes.load', t: this.path }, () => {
      const sheet = this.sheet();
      if (!this.enabled) fail('ApiNotFound', 'Notes need ExcelApi 1.18.');
      this.list = Object.keys(sheet.notes).map((key) => {
        const n = new NoteProxy(this.ctx, `${this.path}[${key}]`, () => (key in sheet.notes ? { sheet, key } : null));
        (n as unknown as { loaded: Record<string, unknown> }).loaded.content = sheet.notes[key];
        return n;
      });
      return Object.values(sheet.notes).reduce((n, s) => n + utf8(s), 0);
    });
    return this;
  }
}

function checkSheetName(wb: WorkbookModel, name: string, self?: SheetModel): void {
  if (!name || name.length > 31 || /[\\/?*[\]:]/.test(name) || /^'|'$/.test(name))
    fail('InvalidArgument', `Invalid sheet name «${name}».`);
  if (wb.sheets.some((s) => s !== self && s.name.toLowerCase() === name.toLowerCase()))
    fail('ItemAlreadyExists', `A sheet named «${name}» already exists.`);
}

export class WorksheetProxy extends Proxy_ {
  constructor(
    ctx: FakeContext,
    path: string,
    readonly resolve: () => SheetModel | null,
  ) {
    super(ctx, path);
  }
  private sheet = (): SheetModel =>
    this.resolve() ?? fail('ItemNotFound', `The worksheet ${this.path} does not exist.`);

  get isNullObject(): boolean {
    return this.get_('isNullObject');
  }
  get name(): string {
    return this.get_('name');
  }
  set name(v: string) {
    this.set_('name', v, () => {
      const s = this.sheet();
      checkSheetName(this.ctx.wb, v, s);
      s.name = v;
    });
  }
  get id(): string {
    return this.get_('id');
  }
  get position(): number {
    return this.get_('position');
  }
  set position(v: number) {
    this.set_('position', v, () => {
      const s = this.sheet();
      const list = this.ctx.wb.sheets.filter((x) => x !== s);
      list.splice(Math.min(v, list.length), 0, s);
      this.ctx.wb.sheets = list;
    });
  }
  set visibility(v: 'Visible' | 'Hidden' | 'VeryHidden') {
    this.set_('visibility', v, () => {
      const s = this.sheet();
      if (v !== 'Visible' && this.ctx.wb.sheets.filter((x) => x.visibility === 'Visible' && x !== s).length === 0)
        fail('InvalidOperation', 'A workbook must keep at least one visible sheet.');
      s.visibility = v;
    });
  }
  load(arg?: unknown): this {
    return this.loadWith(arg ?? 'name,id,position,visibility', (p) => {
      const s = this.resolve();
      if (p === 'isNullObject') return s === null;
      if (s === null) return null;
      switch (p) {
        case 'name':
          return s.name;
        case 'id':
          return s.id;
        case 'position':
          return this.ctx.wb.sheets.indexOf(s);
        case 'visibility':
          return s.visibility;
        default:
          return fail('InvalidArgument', `Cannot load ${p}`);
      }
    }).withNullness();
  }
  /** A load on a *OrNullObject proxy also tells whether it is null. */
  private withNullness(): this {
    this.ctx.enqueue({ a: 'null?', t: this.path }, () => {
      this.loaded.isNullObject = this.resolve() === null;
    });
    return this;
  }

  getRange(address?: string): RangeProxy {
    return new RangeProxy(this.ctx, `${this.path}.getRange(${address ?? ''})`, () => {
      const a = address ? parseAddress(address) : { row: 0, col: 0, rows: MAX_ROWS, cols: MAX_COLS };
      return { sheet: this.sheet(), ...a };
    });
  }
  getRangeByIndexes(row: number, col: number, rows: number, cols: number): RangeProxy {
    return new RangeProxy(this.ctx, `${this.path}.getRangeByIndexes(${row},${col},${rows},${cols})`, () => {
      if (row < 0 || col < 0 || rows < 1 || cols < 1 || row + rows > MAX_ROWS || col + cols > MAX_COLS)
        fail('InvalidArgument', `Invalid range ${row},${col},${rows},${cols}`);
      return { sheet: this.sheet(), row, col, rows, cols };
    });
  }
  getRanges(address: string): RangeAreasProxy {
    return new RangeAreasProxy(this.ctx, `${this.path}.getRanges(${address})`, () => {
      if (address.length > 8192) fail('InvalidArgument', 'The address of a RangeAreas is too long.');
      const sheet = this.sheet();
      return address.split(',').map((part) => ({ sheet, ...parseAddress(part) }));
    });
  }
  get tables() {
    return {
      add: (where: string | RangeProxy, hasHeaders: boolean) =>
        addTable(this.ctx, () => this.sheet(), where, hasHeaders),
    };
  }
  private notes_?: NoteCollectionProxy;
  get notes(): NoteCollectionProxy {
    return (this.notes_ ??= new NoteCollectionProxy(
      this.ctx,
      `${this.path}.notes`,
      () => this.sheet(),
      versionAtLeast(this.ctx.host.apiVersion, '1.18'),
    ));
  }
  private protection_?: WorksheetProtectionProxy;
  get protection(): WorksheetProtectionProxy {
    return (this.protection_ ??= new WorksheetProtectionProxy(this.ctx, `${this.path}.protection`, this.sheet));
  }
  get freezePanes() {
    const set = (freeze: SheetModel['freeze'], what: string) =>
      this.ctx.enqueue({ a: 'freeze', t: this.path, w: what }, () => {
        this.sheet().freeze = freeze;
      });
    return {
      freezeAt: (r: RangeProxy) =>
        this.ctx.enqueue({ a: 'freezeAt', t: this.path }, () => {
          const x = r.resolve();
          this.sheet().freeze = { rows: x.row + x.rows, cols: x.col + x.cols };
        }),
      freezeRows: (n: number) => set({ rows: n, cols: 0 }, `rows ${n}`),
      unfreeze: () => set(null, 'none'),
    };
  }
  activate(): void {
    this.ctx.enqueue({ a: 'activate', t: this.path }, () => {
      const s = this.sheet();
      if (s.visibility !== 'Visible') fail('InvalidOperation', 'A hidden sheet cannot be activated.');
      this.ctx.wb.activeSheetId = s.id;
    });
  }
  delete(): void {
    this.ctx.enqueue({ a: 'delete', t: this.path }, () => {
      const s = this.sheet();
      const wb = this.ctx.wb;
      if (wb.sheets.filter((x) => x.visibility === 'Visible' && x !== s).length === 0)
        fail('InvalidOperation', 'The last visible sheet cannot be deleted.');
      wb.sheets = wb.sheets.filter((x) => x !== s);
      wb.tables = wb.tables.filter((t) => t.sheetId !== s.id);
      if (wb.activeSheetId === s.id) wb.activeSheetId = wb.sheets.find((x) => x.visibility === 'Visible')!.id;
    });
  }
}

export function versionAtLeast(have: string, want: string): boolean {
  const [a1_, a2] = have.split('.').map(Number);
  const [b1, b2] = want.split('.').map(Number);
  return a1_! > b1! || (a1_ === b1 && a2! >= b2!);
}

const TABLE_NAME = /^[A-Za-z_\\][A-Za-z0-9_.]*$/;

function checkTableName(wb: WorkbookModel, name: string, self?: TableModel): void {
  if (!TABLE_NAME.test(name) || /^[A-Za-z]{1,3}\d+$/.test(name) || name.length > 255)
    fail('InvalidArgument', `Invalid table name «${name}».`);
  if (wb.tables.some((t) => t !== self && t.name.toLowerCase() === name.toLowerCase()))
    fail('InvalidArgument', `A table named «${name}» already exists.`);
}

function addTable(
  ctx: FakeContext,
  sheet: () => SheetModel,
  where: string | RangeProxy,
  hasHeaders: boolean,
): TableProxy {
  const ref: { table: TableModel | null } = { table: null };
  ctx.enqueue({ a: 'tables.add', w: typeof where === 'string' ? where : where.path, h: hasHeaders }, () => {
    const s = sheet();
    const rect = typeof where === 'string' ? { sheet: s, ...parseAddress(where) } : where.resolve();
    if (rect.sheet !== s) fail('InvalidArgument', 'The range is on another sheet.');
    if (!hasHeaders) fail('InvalidArgument', 'This fake only makes tables whose first row is the header.');
    if (rect.rows < 2) fail('InvalidArgument', 'A table needs a header row and at least one row.');
    for (const t of ctx.wb.tables) {
      if (
        t.sheetId === s.id &&
        rect.row < t.row + t.rows &&
        t.row < rect.row + rect.rows &&
        rect.col < t.col + t.cols &&
        t.col < rect.col + rect.cols
      ) {
        fail('InvalidOperation', 'A table cannot overlap another table.');
      }
    }
    // Excel turns header cells into unique text, naming blank ones "ColumnN".
    const seen = new Set<string>();
    for (let c = 0; c < rect.cols; c++) {
      const cell = ensureCell(s, rect.row, rect.col + c);
      let text = String(cell.v ?? '').trim() || `Column${c + 1}`;
      for (let k = 2; seen.has(text.toLowerCase()); k++) text = `${String(cell.v)}${k}`;
      seen.add(text.toLowerCase());
      cell.v = text;
    }
    let n = ctx.wb.tables.length + 1;
    while (ctx.wb.tables.some((t) => t.name === `Table${n}`)) n++;
    ref.table = {
      name: `Table${n}`,
      sheetId: s.id,
      row: rect.row,
      col: rect.col,
      rows: rect.rows,
      cols: rect.cols,
      style: 'TableStyleMedium2',
      showBandedRows: true,
    };
    ctx.wb.tables.push(ref.table);
  });
  return new TableProxy(
    ctx,
    'tables.add()',
    () => ref.table ?? fail('InvalidObjectPath', 'The table was not created.'),
  );
}

class WorksheetProtectionProxy extends Proxy_ {
  constructor(
    ctx: FakeContext,
    path: string,
    private readonly sheet: () => SheetModel,
  ) {
    super(ctx, path);
  }
  get protected(): boolean {
    return this.get_('protected');
  }
  protect(_options?: unknown, _password?: string): void {
    this.ctx.enqueue({ a: 'protect', t: this.path }, () => {
      const s = this.sheet();
      if (s.protected) fail('InvalidOperation', 'The sheet is already protected.');
      s.protected = true;
    });
  }
  unprotect(_password?: string): void {
    this.ctx.enqueue({ a: 'unprotect', t: this.path }, () => {
      this.sheet().protected = false;
    });
  }
  load(arg?: unknown): this {
    return this.loadWith(arg ?? 'protected', (p) =>
      p === 'protected' ? this.sheet().protected === true : fail('InvalidArgument', `Cannot load ${p}`),
    );
  }
}

export class TableProxy extends Proxy_ {
  constructor(
    ctx: FakeContext,
    path: string,
    readonly resolve: () => TableModel | null,
  ) {
    super(ctx, path);
  }
  private table = (): TableModel => this.resolve() ?? fail('ItemNotFound', `The table ${this.path} does not exist.`);
  private sheetOf = (t: TableModel) => this.ctx.wb.sheets.find((s) => s.id === t.sheetId)!;

  get isNullObject(): boolean {
    return this.get_('isNullObject');
  }
  get name(): string {
    return this.get_('name');
  }
  set name(v: string) {
    this.set_('name', v, () => {
      const t = this.table();
      checkTableName(this.ctx.wb, v, t);
      t.name = v;
    });
  }
  set style(v: string) {
    this.set_('style', v, () => {
      this.table().style = v;
    });
  }
  set showBandedRows(v: boolean) {
    this.set_('showBandedRows', v, () => {
      this.table().showBandedRows = v;
    });
  }
  load(arg?: unknown): this {
    this.loadWith(arg ?? 'name', (p) => {
      const t = this.resolve();
      if (p === 'isNullObject') return t === null;
      if (!t) return null;
      if (p === 'name') return t.name;
      if (p === 'style') return t.style;
      return fail('InvalidArgument', `Cannot load ${p}`);
    });
    this.ctx.enqueue({ a: 'null?', t: this.path }, () => {
      this.loaded.isNullObject = this.resolve() === null;
    });
    return this;
  }
  get worksheet(): WorksheetProxy {
    return new WorksheetProxy(this.ctx, `${this.path}.worksheet`, () => this.sheetOf(this.table()));
  }
  getHeaderRowRange(): RangeProxy {
    return new RangeProxy(this.ctx, `${this.path}.header`, () => {
      const t = this.table();
      return { sheet: this.sheetOf(t), row: t.row, col: t.col, rows: 1, cols: t.cols };
    });
  }
  getDataBodyRange(): RangeProxy {
    return new RangeProxy(this.ctx, `${this.path}.body`, () => {
      const t = this.table();
      return { sheet: this.sheetOf(t), row: t.row + 1, col: t.col, rows: t.rows - 1, cols: t.cols };
    });
  }
  getRange(): RangeProxy {
    return new RangeProxy(this.ctx, `${this.path}.range`, () => {
      const t = this.table();
      return { sheet: this.sheetOf(t), row: t.row, col: t.col, rows: t.rows, cols: t.cols };
    });
  }
  delete(): void {
    this.ctx.enqueue({ a: 'table.delete', t: this.path }, () => {
      const t = this.table();
      this.ctx.wb.tables = this.ctx.wb.tables.filter((x) => x !== t);
    });
  }
}

class WorksheetCollectionProxy extends Proxy_ {
  private list: WorksheetProxy[] | null = null;
  private byName(name: string): SheetModel | null {
    return this.ctx.wb.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase()) ?? null;
  }
  add(name: string): WorksheetProxy {
    const ref: { sheet: SheetModel | null } = { sheet: null };
    this.ctx.enqueue({ a: 'worksheets.add', n: name }, () => {
      checkSheetName(this.ctx.wb, name);
      ref.sheet = newSheet(this.ctx.wb, name);
    });
    return new WorksheetProxy(
      this.ctx,
      `worksheets.add(${name})`,
      () => ref.sheet ?? fail('InvalidObjectPath', 'The sheet was not created.'),
    );
  }
  getItem(name: string): WorksheetProxy {
    return new WorksheetProxy(
      this.ctx,
      `worksheets[${name}]`,
      () => this.byName(name) ?? fail('ItemNotFound', `No sheet «${name}».`),
    );
  }
  getItemOrNullObject(name: string): WorksheetProxy {
    return new WorksheetProxy(this.ctx, `worksheets?[${name}]`, () => this.byName(name));
  }
  get items(): WorksheetProxy[] {
    return this.list ?? fail('PropertyNotLoaded', 'The property items is not available; load it first.');
  }
  load(_arg?: unknown): this {
    this.ctx.enqueue({ a: 'worksheets.load' }, () => {
      this.list = this.ctx.wb.sheets.map((s) => {
        const p = new WorksheetProxy(this.ctx, `worksheets[${s.id}]`, () =>
          this.ctx.wb.sheets.includes(s) ? s : null,
        );
        Object.assign((p as unknown as { loaded: Record<string, unknown> }).loaded, {
          name: s.name,
          id: s.id,
          visibility: s.visibility,
          position: this.ctx.wb.sheets.indexOf(s),
          isNullObject: false,
        });
        return p;
      });
      return this.list.length * 40;
    });
    return this;
  }
  get onChanged() {
    return {
      add: (handler: (args: ChangedArgs) => unknown) => {
        this.ctx.host.handlers.add(handler);
        return {
          context: this.ctx,
          remove: () => this.ctx.enqueue({ a: 'handler.remove' }, () => void this.ctx.host.handlers.delete(handler)),
        };
      },
    };
  }
}

class TableCollectionProxy extends Proxy_ {
  private list: TableProxy[] | null = null;
  private byName(name: string): TableModel | null {
    return this.ctx.wb.tables.find((t) => t.name.toLowerCase() === name.toLowerCase()) ?? null;
  }
  getItem(name: string): TableProxy {
    return new TableProxy(
      this.ctx,
      `tables[${name}]`,
      () => this.byName(name) ?? fail('ItemNotFound', `No table «${name}».`),
    );
  }
  getItemOrNullObject(name: string): TableProxy {
    return new TableProxy(this.ctx, `tables?[${name}]`, () => this.byName(name));
  }
  get items(): TableProxy[] {
    return this.list ?? fail('PropertyNotLoaded', 'The property items is not available; load it first.');
  }
  load(_arg?: unknown): this {
    this.ctx.enqueue({ a: 'tables.load' }, () => {
      this.list = this.ctx.wb.tables.map((t) => {
        const p = new TableProxy(this.ctx, `tables[${t.name}]`, () => (this.ctx.wb.tables.includes(t) ? t : null));
        Object.assign((p as unknown as { loaded: Record<string, unknown> }).loaded, {
          name: t.name,
          isNullObject: false,
        });
        return p;
      });
      return this.list.length * 40;
    });
    return this;
  }
}

class WorkbookProxy extends Proxy_ {
  readonly worksheets: WorksheetCollectionProxy;
  readonly tables: TableCollectionProxy;
  constructor(ctx: FakeContext) {
    super(ctx, 'workbook');
    this.worksheets = new WorksheetCollectionProxy(ctx, 'worksheets');
    this.tables = new TableCollectionProxy(ctx, 'tables');
  }
}
