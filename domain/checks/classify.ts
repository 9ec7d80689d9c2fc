/**
 * Working out what each row of a table is (section, sub-section, item, grand total…) and where
 * it sits, so that numbering and totals can be checked against the official structure.
 */
import { type ParsedCode, parseCode } from '../parse/code.js';
import type { TableDef } from '../tables.js';
import { isBlank } from '../text.js';
import type { RowKind } from '../values.js';

export interface RowPlace {
  kind: RowKind;
  code: ParsedCode;
  /** Path of the section the row sits in: "I", "I/A"; "" before any section. */
  section: string;
  /** Index (0-based) of the parent item row for sub-items and unnumbered sub-rows, else -1. */
  parent: number;
  /** True when later rows hang under this item (it then may leave detail cells empty). */
  hasChildren: boolean;
}

/**
 * The places of all rows, kept column-wise while checking (no object per row); `rowPlaces()`
 * builds the `RowPlace` objects for the callers that want them.
 */
export class PlaceTable {
  readonly kinds: RowKind[];
  readonly codes: ParsedCode[];
  readonly sections: string[];
  readonly parents: Int32Array;
  private readonly children: Uint8Array;

  constructor(readonly length: number) {
    // Sized once: growing three arrays of 100 000 entries row by row costs more than filling them.
    this.kinds = new Array<RowKind>(length);
    this.codes = new Array<ParsedCode>(length);
    this.sections = new Array<string>(length);
    this.parents = new Int32Array(length);
    this.children = new Uint8Array(length);
  }

  set(i: number, kind: RowKind, code: ParsedCode, section: string, parent: number, hasChildren: boolean): void {
    this.kinds[i] = kind;
    this.codes[i] = code;
    this.sections[i] = section;
    this.parents[i] = parent;
    this.children[i] = hasChildren ? 1 : 0;
  }

  hasChildren(i: number): boolean {
    return this.children[i] === 1;
  }

  markParent(i: number): void {
    this.children[i] = 1;
  }

  /** A data row: an item or a sub-item. */
  isData(i: number): boolean {
    const kind = this.kinds[i];
    return kind === 'item' || kind === 'subitem';
  }

  rowPlaces(): RowPlace[] {
    const out: RowPlace[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) {
      out[i] = {
        kind: this.kinds[i]!,
        code: this.codes[i]!,
        section: this.sections[i]!,
        parent: this.parents[i]!,
        hasChildren: this.children[i] === 1,
      };
    }
    return out;
  }
}

const codeCache = new Map<string, ParsedCode>();
/**
 * Item numbers written plainly, "0" to "9999" (most rows of a table), by their value: read from
 * the digits without a lookup by text. Each is the code `parseCode` gives its text.
 */
const itemCodes = new Array<ParsedCode | undefined>(10_000);

function cachedCode(cell: unknown): ParsedCode {
  if (typeof cell === 'string') {
    const n = plainItemNumber(cell);
    if (n >= 0) return (itemCodes[n] ??= parseCode(cell));
  } else if (typeof cell !== 'number') return parseCode(cell);
  const key = String(cell);
  let hit = codeCache.get(key);
  if (!hit) {
    hit = parseCode(key);
    if (codeCache.size < 10_000) codeCache.set(key, hit);
  }
  return hit;
}

/** The value of 1 to 4 digits without a leading zero ("7", "1204"), else -1: a code that reads as itself. */
function plainItemNumber(text: string): number {
  const length = text.length;
  if (length === 0 || length > 4 || (length > 1 && text.charCodeAt(0) === 48)) return -1;
  let n = 0;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}

function isColumnNumberRow(def: TableDef, row: Record<string, unknown>): boolean {
  return def.columns.every((c, i) => {
    const v = row[c.key];
    return v !== undefined && v !== null && String(v).trim() === String(i + 1);
  });
}

const TOTAL_LABEL = /^\s*(tổng\s*(cộng|số|chung)?|cộng)\s*:?\s*$/iu;

function isGrandTotal(def: TableDef, row: Record<string, unknown>): boolean {
  if (def.totalKey === null) return false;
  const name = row[def.nameKey];
  const labelled = isBlank(name) || (typeof name === 'string' && TOTAL_LABEL.test(name.normalize('NFC')));
  return (
    labelled && def.amountKeys.some((k) => !isBlank(row[k])) && (def.leadKey === null || isBlank(row[def.leadKey]))
  );
}

/** Classify the rows of an official appendix (section rows, items, the grand total…). */
export function classifyAppendix(def: TableDef, rows: readonly Record<string, unknown>[]): RowPlace[] {
  return appendixPlaces(def, rows).rowPlaces();
}

/** `classifyAppendix`, kept column-wise. */
export function appendixPlaces(def: TableDef, rows: readonly Record<string, unknown>[]): PlaceTable {
  const places = new PlaceTable(rows.length);
  let section = '';
  let subsection = '';
  let lastSubsectionLetter = 0;
  let lastTopItem = -1;
  // The path of the rows under the current heading, built once per heading rather than per row.
  let path = '';
  // Numbered items under the current heading, by code: indexed only when a sub-item looks for
  // its parent (many tables have no sub-items), from the rows since `indexedTo`.
  const itemByCode = new Map<string, number>();
  let indexedTo = 0;
  const parentOf = (code: string, before: number) => {
    for (; indexedTo < before; indexedTo++) {
      const itemCode = places.codes[indexedTo]!;
      if (places.isData(indexedTo) && itemCode.kind === 'number') itemByCode.set(itemCode.text, indexedTo);
    }
    return itemByCode.get(code) ?? -1;
  };
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    let code = cachedCode(row.code);
    // "I", "V", "X" after "H", "U", "W" are letters of a sub-section run, not new sections.
    if (code.kind === 'roman' && code.text.length === 1 && lastSubsectionLetter === code.text.charCodeAt(0) - 65) {
      code = { kind: 'letter', text: code.text, value: code.text.charCodeAt(0) - 64 };
    }
    let kind: RowKind;
    let parent = -1;
    if (i < 3 && code.kind === 'number' && code.text === '1' && isColumnNumberRow(def, row)) kind = 'column_numbers';
    else if (code.kind === 'blank' && isGrandTotal(def, row)) kind = 'grand_total';
    else if (code.kind === 'roman') {
      kind = 'section';
      section = code.text;
      subsection = '';
      path = section;
      lastSubsectionLetter = 0;
      lastTopItem = -1;
      itemByCode.clear();
      indexedTo = i + 1;
    } else if (code.kind === 'letter') {
      kind = 'subsection';
      subsection = code.text;
      path = `${section}/${subsection}`;
      lastSubsectionLetter = code.value;
      lastTopItem = -1;
      itemByCode.clear();
      indexedTo = i + 1;
    } else if (code.kind === 'number' && code.parts.length === 1) {
      kind = 'item';
      lastTopItem = i;
    } else if (code.kind === 'number') {
      kind = 'subitem';
      parent = parentOf(code.parts.slice(0, -1).join('.'), i);
    } else {
      // Unnumbered sub-rows (Phụ lục I) and rows with an unreadable code hang under the last item.
      kind = code.kind === 'blank' && lastTopItem >= 0 ? 'subitem' : 'item';
      parent = code.kind === 'blank' ? lastTopItem : -1;
    }
    if (parent >= 0) places.markParent(parent);
    places.set(i, kind, code, kind === 'grand_total' || kind === 'column_numbers' ? '' : path, parent, false);
  }
  return places;
}

/** `section|code` of every parent of a dotted code: "II/B|2" for a row "II/B", "2.3". */
export function parentKeysOf(rows: Iterable<{ section: string; code: string }>): Set<string> {
  const keys = new Set<string>();
  for (const r of rows) {
    const parts = r.code.split('.');
    for (let n = 1; n < parts.length; n++) keys.add(`${r.section}|${parts.slice(0, n).join('.')}`);
  }
  return keys;
}

/** Classify the rows of an agency's sheet: items only, each carrying its own `section` path. */
export function classifySheet(rows: readonly Record<string, unknown>[], parentKeys?: ReadonlySet<string>): RowPlace[] {
  return sheetPlaces(rows, parentKeys).rowPlaces();
}

/** `classifySheet`, kept column-wise. */
export function sheetPlaces(rows: readonly Record<string, unknown>[], parentKeys?: ReadonlySet<string>): PlaceTable {
  const places = new PlaceTable(rows.length);
  const itemByKey = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const code = cachedCode(row.code);
    const section = typeof row.section === 'string' ? row.section.trim() : '';
    let parent = -1;
    if (code.kind === 'number' && code.parts.length > 1) {
      parent = itemByKey.get(`${section}|${code.parts.slice(0, -1).join('.')}`) ?? -1;
      if (parent >= 0) places.markParent(parent);
    }
    if (code.kind === 'number') itemByKey.set(`${section}|${code.text}`, i);
    const hasChildren = parentKeys?.has(`${section}|${code.text}`) ?? false;
    places.set(
      i,
      code.kind === 'number' && code.parts.length > 1 ? 'subitem' : 'item',
      code,
      section,
      parent,
      hasChildren,
    );
  }
  return places;
}
