/**
 * Subtotals of the merged table. Only leaf items carry money: an item with sub-items in the same
 * agency's sheet ("1" above "1.1", "1.2") is the sum of its sub-items, so it is not counted again.
 * The relation is looked for inside one agency's rows of one section, as the sheet checks do:
 * another agency's "1.1" says nothing about this agency's "1".
 */
import { parseVnNumber } from '../parse/number.js';
import type { PlacedRow } from './order.js';

/** Blank cells are zero for a year; text that slipped past the checks is read once more, else zero. */
export function amountOf(value: string | number | null | undefined): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : 0;
  if (typeof value !== 'string') return 0;
  const parsed = parseVnNumber(value);
  return parsed.ok && parsed.value !== null ? parsed.value : 0;
}

/** `head` is `parts` or starts it: "1" heads "1", "1.2" and "1.2.3". */
const heads = (head: readonly number[], parts: readonly number[]) => {
  if (head.length > parts.length) return false;
  for (let i = 0; i < head.length; i++) if (head[i] !== parts[i]) return false;
  return true;
};

/**
 * Mark the rows that have sub-items, in rows SORTED by section then number. In that order an
 * item's descendants follow it before any other number of the same agency does, so a stack of
 * open ancestors per agency finds them in one pass. Every ancestor on the stack is marked ("1.1.1"
 * without "1.1" still makes "1" a parent), and so is every copy of a number an agency sent twice.
 */
export function markParents(sorted: readonly PlacedRow[]): void {
  const open = new Map<number, PlacedRow[]>();
  let section = '';
  for (const r of sorted) {
    if (r.rank !== 0) continue;
    if (r.section !== section) {
      open.clear();
      section = r.section;
    }
    let stack = open.get(r.agency);
    if (!stack) open.set(r.agency, (stack = []));
    while (stack.length > 0 && !heads(stack[stack.length - 1]!.parts, r.parts)) stack.pop();
    for (const ancestor of stack) if (ancestor.parts.length < r.parts.length) ancestor.hasChildren = true;
    stack.push(r);
  }
}

export class Sums {
  /** Path → running sums by amount-column index; typed arrays keep the hot loop off string keys. */
  private readonly acc = new Map<string, Float64Array>();
  private readonly grandAcc: Float64Array;

  constructor(private readonly keys: readonly string[]) {
    this.grandAcc = new Float64Array(keys.length);
  }

  private of(path: string): Float64Array {
    let a = this.acc.get(path);
    if (!a) this.acc.set(path, (a = new Float64Array(this.keys.length)));
    return a;
  }

  /**
   * Add the leaf rows (after `markParents`) to the subtotal of their group, and each group's
   * subtotal to the grand total and to the group's paths. Read `placed` in arrival order: the rows
   * sit in memory in that order, and reading 40,000 of them in sorted order instead costs about
   * three times as much in cache misses.
   */
  addLeaves(placed: readonly PlacedRow[], groupPaths: readonly (readonly string[])[]): void {
    const keys = this.keys;
    const n = keys.length;
    const locals = groupPaths.map(() => new Float64Array(n));
    for (let i = 0; n > 0 && i < placed.length; i++) {
      const r = placed[i]!;
      if (r.hasChildren) continue;
      const local = locals[r.group]!;
      const cells = r.row.cells;
      for (let k = 0; k < n; k++) {
        const raw = cells[keys[k]!];
        if (typeof raw === 'number') {
          if (Number.isFinite(raw)) local[k]! += raw;
        } else if (raw !== null && raw !== undefined) local[k]! += amountOf(raw);
      }
    }
    groupPaths.forEach((paths, g) => {
      for (const target of [this.grandAcc, ...paths.map((p) => this.of(p))]) {
        for (let k = 0; k < n; k++) target[k]! += locals[g]![k]!;
      }
    });
  }

  /** The sums as records, rounded to the three decimals amounts are written with (no 0.1 + 0.2 noise). */
  result(): { grand: Record<string, number>; sections: Record<string, Record<string, number>> } {
    const record = (a: Float64Array) =>
      Object.fromEntries(this.keys.map((k, i) => [k, Math.round(a[i]! * 1000) / 1000]));
    const sections: Record<string, Record<string, number>> = {};
    for (const [path, a] of this.acc) sections[path] = record(a);
    return { grand: record(this.grandAcc), sections };
  }
}
