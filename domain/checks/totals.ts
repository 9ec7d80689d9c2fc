/**
 * Totals of the budget appendix: the grand-total row and any section row that states amounts
 * must equal what the items under them add up to. Leaf rows carry the money; a parent item
 * with sub-items is checked against them instead of being counted twice.
 */
import { messages } from '../messages.js';
import { finding, type Finding } from '../report.js';
import type { TableDef } from '../tables.js';
import type { RowFacts } from './cells.js';
import type { RowPlace } from './classify.js';

const round = (v: number) => Math.round(v * 1000) / 1000;

export interface Totals {
  /** Sum of leaf rows per amount column. */
  grand: Record<string, number>;
  /** Sums per section path ("I", "I/A") per amount column. */
  sections: Map<string, Record<string, number>>;
}

export function computeTotals(def: TableDef, places: readonly RowPlace[], facts: readonly RowFacts[]): Totals {
  const keys = def.amountKeys;
  const zero = () => Object.fromEntries(keys.map((k) => [k, 0])) as Record<string, number>;
  const grand = zero();
  const sections = new Map<string, Record<string, number>>();
  // Rows come section by section: keep the accumulators of the current path at hand.
  let path: string | null = null;
  let targets: Record<string, number>[] = [];
  for (let i = 0; i < places.length; i++) {
    const place = places[i]!;
    if ((place.kind !== 'item' && place.kind !== 'subitem') || place.hasChildren) continue;
    if (place.section !== path) {
      path = place.section;
      const slash = path.indexOf('/');
      const paths = slash >= 0 ? [path.slice(0, slash), path] : [path];
      targets = [grand, ...paths.map((p) => {
        let s = sections.get(p);
        if (!s) sections.set(p, (s = zero()));
        return s;
      })];
    }
    const amounts = facts[i]!.amounts;
    for (let k = 0; k < keys.length; k++) {
      const v = amounts[keys[k]!];
      if (v === null || v === undefined) continue;
      for (let t = 0; t < targets.length; t++) targets[t]![keys[k]!]! += v;
    }
  }
  return { grand, sections };
}

export function checkTotals(def: TableDef, places: readonly RowPlace[], facts: readonly RowFacts[], out: Finding[]): Totals {
  const totals = computeTotals(def, places, facts);
  if (def.amountKeys.length === 0) return totals;
  const columns = new Map(def.columns.map((c) => [c.key, c]));
  for (let i = 0; i < places.length; i++) {
    const place = places[i]!;
    const amounts = facts[i]!.amounts;
    let expected: Record<string, number> | undefined;
    let label: string | null = null;
    if (place.kind === 'grand_total') expected = totals.grand;
    else if (place.kind === 'section' || place.kind === 'subsection') {
      expected = totals.sections.get(place.section) ?? Object.fromEntries(def.amountKeys.map((k) => [k, 0]));
      label = place.code.text;
    } else if (place.hasChildren) {
      expected = childSums(def, places, facts, i);
      label = place.code.text;
    }
    if (!expected) continue;
    for (const key of def.amountKeys) {
      const stated = amounts[key];
      if (stated === null || stated === undefined) continue;
      const sum = round(expected[key] ?? 0);
      if (round(stated) === sum) continue;
      const column = columns.get(key)!;
      const message = label === null
        ? messages.grandTotalMismatch(column.header, stated, sum)
        : messages.sectionTotalMismatch(label, column.header, stated, sum);
      out.push(finding(i + 1, column, 'total_mismatch', 'error', message, String(sum)));
    }
  }
  return totals;
}

function childSums(def: TableDef, places: readonly RowPlace[], facts: readonly RowFacts[], parent: number): Record<string, number> {
  const sums = Object.fromEntries(def.amountKeys.map((k) => [k, 0])) as Record<string, number>;
  for (let j = parent + 1; j < places.length && places[j]!.parent === parent; j++) {
    for (const key of def.amountKeys) sums[key]! += facts[j]!.amounts[key] ?? 0;
  }
  return sums;
}
