/**
 * The province-wide appendix: every agency's rows placed under the round's outline in official
 * order, exactly as the printed appendix lays it out, with the grand total and the section
 * subtotals computed from the leaf items. Nothing is dropped: rows whose section is not in the
 * outline end up under a last heading, «Chưa xếp mục».
 */
import type { OutlineEntry, SheetRowRecord } from '../round.js';
import type { Period, TableDef } from '../tables.js';
import type { RowKind, TableName } from '../values.js';
import { compareRows, compareSections, type PlacedRow, placeRows } from './order.js';
import { markParents, Sums } from './sums.js';

export const UNPLACED_TITLE = 'Chưa xếp mục';
/** Key of the unplaced rows' subtotal in `totals.sections`; no outline path can be empty. */
export const UNPLACED_PATH = '';

export interface MergedRow {
  kind: RowKind;
  /** Heading path ("I", "I/A"), the item's own section, or "" for the top rows. */
  section: string;
  code: string;
  /**
   * Column key → value: amounts are numbers, blanks null. Headings and totals carry every column;
   * an item row carries the stored row's own cells object (not a copy: treat it as read-only),
   * in which a blank column may be missing.
   */
  cells: Record<string, string | number | null>;
  /** The sending agency and the stored row, for item rows; null on headings and totals. */
  agencyId: string | null;
  uid: string | null;
}

export interface MergedColumn {
  key: string;
  header: string;
  type: string;
  width: number;
}

export interface MergedTable {
  table: TableName;
  period: Period;
  title: string;
  unit: string | null;
  columns: MergedColumn[];
  rows: MergedRow[];
  totals: {
    /** Amount column → sum of all leaf items (empty for tables without amounts). */
    grand: Record<string, number>;
    /** Heading path → amount column → sum of the leaf items shown under it. */
    sections: Record<string, Record<string, number>>;
  };
}

export interface MergeInput {
  def: TableDef;
  period: Period;
  outline: readonly OutlineEntry[];
  rows: readonly SheetRowRecord[];
}

/**
 * Merge all agencies' rows of one table into the official layout.
 *
 * For a table with amounts (the budget) the result starts with the column-number row and the
 * grand-total row; then each outline heading, with its subtotals, followed by its items sorted
 * by number. A section's subtotal covers its sub-sections.
 *
 * @example
 * const merged = mergeTable({ def: tableDef('budget'), period, outline: outline.budget ?? [], rows });
 * merged.totals.grand.total; // 9615243
 */
export function mergeTable(input: MergeInput): MergedTable {
  const { def, period } = input;
  const headings = dedupe(input.outline);
  const placed = placeRows(input.rows, def);
  // One group per heading, then one for the rows whose section is not in the outline.
  const groups: PlacedRow[][] = [...headings.map(() => []), []];
  const unplacedGroup = headings.length;
  const groupOf = new Map(headings.map((h, i) => [h.path, i]));
  for (const p of placed) {
    p.group = groupOf.get(p.section) ?? unplacedGroup;
    groups[p.group]!.push(p);
  }
  const unplaced = groups[unplacedGroup]!;
  headings.forEach((_, i) => groups[i]!.sort(compareRows));
  const sectionOrder = new Map(
    [...new Set(unplaced.map((p) => p.section))].sort(compareSections).map((s, i) => [s, i]),
  );
  unplaced.sort((a, b) => sectionOrder.get(a.section)! - sectionOrder.get(b.section)! || compareRows(a, b));
  for (const g of groups) markParents(g);

  const sums = new Sums(def.amountKeys);
  const pathsOf = (path: string) => (path.includes('/') ? [path, path.slice(0, path.indexOf('/'))] : [path]);
  sums.addLeaves(placed, [...headings.map((h) => pathsOf(h.path)), unplaced.length > 0 ? [UNPLACED_PATH] : []]);
  const totals = sums.result();

  const out = new Rows(def);
  if (def.amountKeys.length > 0) {
    out.push('column_numbers', '', '', Object.fromEntries(def.columns.map((c, i) => [c.key, String(i + 1)])));
    out.push('grand_total', '', '', totals.grand);
  }
  for (const h of headings) {
    const slash = h.path.indexOf('/');
    out.heading(
      slash < 0 ? 'section' : 'subsection',
      h.path,
      h.path.slice(slash + 1),
      h.title,
      totals.sections[h.path]!,
    );
    out.items(groups[groupOf.get(h.path)!]!);
  }
  if (unplaced.length > 0) {
    out.heading('section', UNPLACED_PATH, '', UNPLACED_TITLE, totals.sections[UNPLACED_PATH]!);
    out.items(unplaced);
  }

  return {
    table: def.name,
    period,
    title: def.title,
    unit: def.unit,
    columns: def.columns.map((c) => ({ key: c.key, header: c.header, type: c.type, width: c.width })),
    rows: out.rows,
    totals,
  };
}

/** The outline in order; a path listed twice keeps its first title (the rows go there once). */
function dedupe(outline: readonly OutlineEntry[]): OutlineEntry[] {
  const seen = new Set<string>();
  return outline.filter((h) => {
    if (seen.has(h.path)) return false;
    seen.add(h.path);
    return true;
  });
}

/** Builds merged rows that carry every column of the table, so the exports never guess. */
class Rows {
  readonly rows: MergedRow[] = [];
  private readonly keys: readonly string[];
  private readonly codeKey: string | undefined;

  constructor(private readonly def: TableDef) {
    this.keys = def.columns.map((c) => c.key);
    this.codeKey = def.columns.find((c) => c.type === 'code')?.key;
  }

  push(kind: RowKind, section: string, code: string, values: Record<string, string | number | null | undefined>): void {
    const cells: Record<string, string | number | null> = {};
    for (const k of this.keys) cells[k] = values[k] ?? null;
    this.rows.push({ kind, section, code, cells, agencyId: null, uid: null });
  }

  heading(kind: RowKind, path: string, code: string, title: string, subtotals: Record<string, number>): void {
    const values: Record<string, string | number> = { ...subtotals, [this.def.nameKey]: title };
    if (this.codeKey) values[this.codeKey] = code;
    this.push(kind, path, code, values);
  }

  items(placed: readonly PlacedRow[]): void {
    for (const p of placed) {
      const { row } = p;
      // The stored code is the one the row was sorted by; show it if the cell says otherwise.
      const cells = p.codeShown || !this.codeKey ? row.cells : { ...row.cells, [this.codeKey]: row.code };
      const kind: RowKind = p.rank === 0 && p.parts.length > 1 ? 'subitem' : 'item';
      this.rows.push({ kind, section: p.section, code: row.code, cells, agencyId: row.agencyId, uid: row.uid });
    }
  }
}
