/**
 * Totals of the budget appendix: the grand-total row and any section row that states amounts
 * must equal what the items under them add up to. Leaf rows carry the money; a parent item
 * with sub-items is checked against them instead of being counted twice. One fault, one
 * finding: when an amount under a total could not be read (its cell has its own error), that
 * total's column is not compared, and a warning names the cell instead of a second error.
 */
import { messages } from '../messages.js';
import { type Finding, finding } from '../report.js';
import type { TableDef } from '../tables.js';
import type { PlaceTable } from './classify.js';
import type { FactTable } from './facts.js';

const round = (v: number) => Math.round(v * 1000) / 1000;

export interface Totals {
  /** Sum of leaf rows per amount column. */
  grand: Record<string, number>;
  /** Sums per section path ("I", "I/A") per amount column. */
  sections: Map<string, Record<string, number>>;
}

export function computeTotals(def: TableDef, places: PlaceTable, facts: FactTable): Totals {
  const keys = def.amountKeys;
  // Sums are kept in typed arrays by fact-table slot while adding, and become records at the end.
  const zeros = () => new Float64Array(facts.amountKeys.length);
  const slots = keys.map((k) => facts.amountSlot(k));
  const grand = zeros();
  const sections = new Map<string, Float64Array>();
  // Rows come section by section: keep the accumulators of the current path at hand.
  let path: string | null = null;
  let targets: Float64Array[] = [];
  for (let i = 0; i < places.length; i++) {
    if (!places.isData(i) || places.hasChildren(i)) continue;
    if (places.sections[i] !== path) {
      path = places.sections[i]!;
      const slash = path.indexOf('/');
      const paths = slash >= 0 ? [path.slice(0, slash), path] : [path];
      targets = [
        grand,
        ...paths.map((p) => {
          let s = sections.get(p);
          if (!s) sections.set(p, (s = zeros()));
          return s;
        }),
      ];
    }
    facts.addAmounts(i, targets);
  }
  // A key without a column (none today) sums to 0.
  const record = (sums: Float64Array) =>
    Object.fromEntries(keys.map((k, i) => [k, slots[i]! >= 0 ? sums[slots[i]!]! : 0])) as Record<string, number>;
  return { grand: record(grand), sections: new Map([...sections].map(([p, sums]) => [p, record(sums)])) };
}

export function checkTotals(
  def: TableDef,
  places: PlaceTable,
  facts: FactTable,
  out: Finding[],
  rowNumber: (row: number) => number = (row) => row,
): Totals {
  const totals = computeTotals(def, places, facts);
  if (def.amountKeys.length === 0) return totals;
  const columns = new Map(def.columns.map((c) => [c.key, c]));
  const slots = def.amountKeys.map((k) => facts.amountSlot(k));
  const unread: number[] = [];
  for (let i = 0; i < places.length; i++) if (facts.isUnreadable(i)) unread.push(i);
  for (let i = 0; i < places.length; i++) {
    const kind = places.kinds[i]!;
    // Only heading, grand-total and parent rows state totals of other rows.
    if (kind !== 'grand_total' && kind !== 'section' && kind !== 'subsection' && !places.hasChildren(i)) continue;
    let expected: Record<string, number> | undefined;
    let label: string | null = null;
    if (kind === 'grand_total') expected = totals.grand;
    else if (kind === 'section' || kind === 'subsection') {
      expected = totals.sections.get(places.sections[i]!) ?? Object.fromEntries(def.amountKeys.map((k) => [k, 0]));
      label = places.codes[i]!.text;
    } else if (places.hasChildren(i)) {
      expected = childSums(def, places, facts, i);
      label = places.codes[i]!.text;
    }
    if (!expected) continue;
    for (let k = 0; k < def.amountKeys.length; k++) {
      const key = def.amountKeys[k]!;
      const stated = facts.amount(i, slots[k]!);
      if (stated === null || stated === undefined) continue;
      const column = columns.get(key)!;
      const blocking = unread.length === 0 ? [] : unreadUnder(places, facts, i, slots[k]!, unread);
      if (blocking.length > 0) {
        const cells = blocking.map((j) => ({ row: rowNumber(j + 1), code: places.codes[j]!.text }));
        out.push(
          finding(i + 1, column, 'total_unchecked', 'warning', messages.totalUnchecked(label, column.header, cells)),
        );
        continue;
      }
      const sum = round(expected[key] ?? 0);
      if (round(stated) === sum) continue;
      const message =
        label === null
          ? messages.grandTotalMismatch(column.header, stated, sum)
          : messages.sectionTotalMismatch(label, column.header, stated, sum);
      out.push(finding(i + 1, column, 'total_mismatch', 'error', message, String(sum)));
    }
  }
  return totals;
}

/** The rows among `unread` that total row `i` adds up and whose cell in `slot` could not be read. */
function unreadUnder(
  places: PlaceTable,
  facts: FactTable,
  i: number,
  slot: number,
  unread: readonly number[],
): number[] {
  const kind = places.kinds[i]!;
  const path = places.sections[i]!;
  return unread.filter((j) => {
    if (!facts.isUnreadableCell(j, slot)) return false;
    if (kind !== 'grand_total' && kind !== 'section' && kind !== 'subsection') return places.parents[j] === i;
    if (!places.isData(j) || places.hasChildren(j)) return false;
    if (kind === 'grand_total') return true;
    const section = places.sections[j]!;
    return section === path || (!path.includes('/') && section.startsWith(`${path}/`));
  });
}

function childSums(def: TableDef, places: PlaceTable, facts: FactTable, parent: number): Record<string, number> {
  const sums = Object.fromEntries(def.amountKeys.map((k) => [k, 0])) as Record<string, number>;
  for (let j = parent + 1; j < places.length && places.parents[j] === parent; j++) {
    def.amountKeys.forEach((key) => (sums[key]! += facts.amount(j, facts.amountSlot(key)) ?? 0));
  }
  return sums;
}
