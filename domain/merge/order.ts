/**
 * The official order of the item rows under one heading. Numbered items go by number
 * ("1" < "1.1" < "1.2" < "2" < "10"), then rows whose number cannot be read, then unnumbered
 * rows. Ties (the same number sent by several agencies, or unnumbered rows) are broken by agency,
 * then name, then uid, so the merged table never depends on the order the sheets arrived in.
 */
import { compareCodes, type ParsedCode, parseCode } from '../parse/code.js';
import type { SheetRowRecord } from '../round.js';
import type { TableDef } from '../tables.js';

const NO_PARTS: readonly number[] = [];
const collator = new Intl.Collator('vi');

// An item number has at most four parts of at most four digits (see parseCode), so two numbers
// hold it exactly: each part shifted by one (a missing part is 0, so "1" < "1.0"), base 10001.
const BASE = 10_001;
const slot = (parts: readonly number[], i: number) => (i < parts.length ? parts[i]! + 1 : 0);

/** Two numbers that order item numbers exactly as `compareParts` does, compared without a loop. */
export function numberKey(parts: readonly number[]): [major: number, minor: number] {
  return [slot(parts, 0) * BASE + slot(parts, 1), slot(parts, 2) * BASE + slot(parts, 3)];
}

/** What the order needs from a code, worked out once per distinct code of the merge. */
interface CodeInfo {
  /** 0 numbered, 1 unreadable number, 2 unnumbered. */
  rank: 0 | 1 | 2;
  parts: readonly number[];
  /** The number as text ("1.2." is read as "1.2"), or the raw code. */
  code: string;
  major: number;
  minor: number;
}

function codeInfo(text: string): CodeInfo {
  const code: ParsedCode = parseCode(text);
  if (code.kind === 'number') {
    const [major, minor] = numberKey(code.parts);
    return { rank: 0, parts: code.parts, code: code.text, major, minor };
  }
  if (code.kind === 'blank') return { rank: 2, parts: NO_PARTS, code: '', major: 0, minor: 0 };
  // Roman numerals and letters on an item row are not item numbers either; `major` is set to
  // the code's place among them once all are known.
  return { rank: 1, parts: NO_PARTS, code: code.text, major: 0, minor: 0 };
}

// The whole order but the name fits in two exact integers (all < 2^53):
// primary = rank·2^28 + number's major part (< 10001² < 2^27); secondary = minor part·2^20 + agency's place.
const RANK_SHIFT = 2 ** 28;
const AGENCY_SHIFT = 2 ** 20;

/**
 * A row with everything the sort and the sums need, computed once. A class, so that every
 * instance has one shape and the comparator reads plain numeric fields over 40,000 rows.
 */
export class PlacedRow {
  /** The row's section path, trimmed. */
  readonly section: string;
  readonly name: string;
  /** Set by `markParents`: the same agency has deeper numbers under this one in this section. */
  hasChildren = false;
  /** Set by the merge: index of the heading (or of the unplaced rows) the row goes under. */
  group = -1;

  constructor(
    readonly row: SheetRowRecord,
    /** 0 numbered, 1 unreadable number, 2 unnumbered. */
    readonly rank: 0 | 1 | 2,
    /** Item number parts when `rank` is 0, else empty. */
    readonly parts: readonly number[],
    readonly code: string,
    /** The agency's place among the merge's agencies. */
    readonly agency: number,
    readonly primary: number,
    readonly secondary: number,
    name: string | number | null | undefined,
    /** The row's code cell already shows `row.code` (the merged row can share the cells). */
    readonly codeShown: boolean,
  ) {
    this.section = row.section.trim();
    this.name = name === null || name === undefined ? '' : String(name);
  }
}

/**
 * Place every row: parse each distinct code once, give each agency and each unreadable code its
 * place in the order, then build the rows' sort keys. Returns the rows in input order.
 */
export function placeRows(rows: readonly SheetRowRecord[], def: Pick<TableDef, 'nameKey' | 'columns'>): PlacedRow[] {
  const codeKey = def.columns.find((c) => c.type === 'code')?.key;
  const codes = new Map<string, CodeInfo>();
  const agencies = new Map<string, number>();
  for (const row of rows) {
    if (!codes.has(row.code)) codes.set(row.code, codeInfo(row.code));
    agencies.set(row.agencyId, 0);
  }
  if (agencies.size >= AGENCY_SHIFT) throw new RangeError(`Too many agencies in one merge: ${agencies.size}`);
  [...agencies.keys()].sort().forEach((id, i) => agencies.set(id, i));
  const unreadable = [...codes.values()].filter((c) => c.rank === 1);
  unreadable.sort((a, b) => collator.compare(a.code, b.code) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  // " a)" and "a)" read the same: one place for both, so their rows still tie and go by agency.
  unreadable.forEach(
    (c, i) => (c.major = i > 0 && c.code === unreadable[i - 1]!.code ? unreadable[i - 1]!.major : i + 1),
  );

  const placed: PlacedRow[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const c = codes.get(row.code)!;
    const primary = c.rank * RANK_SHIFT + c.major;
    const agency = agencies.get(row.agencyId)!;
    const cells = row.cells;
    const codeShown = codeKey === undefined || cells[codeKey] === row.code;
    placed[i] = new PlacedRow(
      row,
      c.rank,
      c.parts,
      c.code,
      agency,
      primary,
      c.minor * AGENCY_SHIFT + agency,
      cells[def.nameKey],
      codeShown,
    );
  }
  return placed;
}

export function compareRows(a: PlacedRow, b: PlacedRow): number {
  if (a.primary !== b.primary) return a.primary - b.primary;
  if (a.secondary !== b.secondary) return a.secondary - b.secondary;
  if (a.name !== b.name) {
    const byName = collator.compare(a.name, b.name);
    if (byName !== 0) return byName;
  }
  return a.row.uid < b.row.uid ? -1 : a.row.uid > b.row.uid ? 1 : 0;
}

/** Order section paths that are not in the outline: "II" < "II/B" < "VI" < anything unreadable. */
export function compareSections(a: string, b: string): number {
  if (a === b) return 0;
  const [a1 = '', a2 = ''] = a.split('/');
  const [b1 = '', b2 = ''] = b.split('/');
  // An empty path sorts last: it is a row that names no section at all.
  if (a1 === '' || b1 === '') return a1 === '' ? (b1 === '' ? 0 : 1) : -1;
  const bySection = compareCodes(parseCode(a1), parseCode(b1));
  if (bySection !== 0) return bySection;
  if (a2 === '' || b2 === '') return a2 === '' ? -1 : 1;
  return compareCodes(parseCode(a2), parseCode(b2)) || (a < b ? -1 : 1);
}
