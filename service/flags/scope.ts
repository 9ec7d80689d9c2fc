/**
 * The rows a sync's flags are computed on: the rows it changed (new, edited, removed), and the
 * rows of the round, the agency's own unchanged rows included, that can share a flag with them,
 * found in the round index instead of by reading the round.
 *
 * - One task, or a possible duplicate (conflicting_amounts, conflicting_lead, possible_duplicate):
 *   the rows joined to an own row by equal names, alike names (≥ DUPLICATE_THRESHOLD) or the same
 *   number with names half alike, and the rows joined to those, and so on: the whole connected
 *   set, since a flag's id names all its rows. Candidates come from the rules' own blocking (two
 *   names can score above 0 only if one meets the other's distinctive prefix, search.ts), and
 *   are scored with the whole round's word weights.
 * - A link (conflicting_lead, unlinked_budget): the tasks an own budget line can be linked to,
 *   and for an own task, the budget lines that can be linked to it with the tasks they can be
 *   linked to instead.
 *
 * The rules then run on these rows alone, weighing words by the whole round's counts
 * (RoundIndex.rarity), so the flags about the syncing agency are those a full recompute finds
 * (test/service/flags.incremental.test.ts). Flags on rows the sync did not change are left as
 * they were: when a sync makes a word rarer or commoner, a pair of them close to a threshold
 * moves only when one of its rows changes, or at a full recompute (POST …/flags/recompute), the
 * reference.
 */

import {
  containmentBound,
  DUPLICATE_THRESHOLD,
  LINK_THRESHOLD,
  MAX_NAMES_PER_NUMBER,
  SAME_NUMBER_SIMILARITY,
  type SheetRowRecord,
  SUBSTITUTION_WEIGHT,
  tableDef,
  tversky,
} from '../../domain/index.js';
import { TimeSlices } from '../time-slices.js';
import { type IndexedRow, nameKey, nameOf, numberKey, type RoundIndex, type Weight } from './round-index.js';

/** A bound on a scope, whatever the round looks like. */
const MAX_SCOPE = 5000;
/** Below this (with the round's weights) two names under one number are taken not to be joined by it. */
const PAD_SIMILARITY = SAME_NUMBER_SIMILARITY * 0.6;
/** Stand-in rows, agency and name, that no rule can pair with anything (see `padNumbers`). */
const PAD_AGENCY = '\u0000pad';

/**
 * The rows a sync's flags are computed on, and which of the computed flags are settled by them
 * (see `Scope`).
 */
export interface Scope {
  rows: SheetRowRecord[];
  /**
   * `table/uid` of the rows whose one-task and duplicate groups (conflicting_amounts,
   * possible_duplicate, conflicting_lead between tasks) lie wholly in the scope: the changed
   * rows, before and after the sync, and every row joined to them. A stored group flag with one
   * of these rows that the scope does not find again is gone, even between two other agencies:
   * a third agency's row joined their group (the group has a new id), or left it.
   */
  grouped: ReadonlySet<string>;
  /**
   * `budget/uid` of the budget lines whose links were weighed against every task they can be
   * linked to (unlinked_budget, conflicting_lead between a line and its task).
   */
  linked: ReadonlySet<string>;
}

export const refKey = (row: { table: string; uid: string }) => `${row.table}/${row.uid}`;

/**
 * `own`: the rows a sync adds or changes, as they are now (not in the index); `previous`: the
 * rows of the index they replace, and those the sync removes (they may have held other rows
 * together). Neither is ever taken from the index.
 */
export async function scopeRows(
  index: RoundIndex,
  own: readonly IndexedRow[],
  previous: readonly IndexedRow[] = [],
  slices = new TimeSlices(),
): Promise<Scope> {
  const weight = index.weights(own, previous);
  const mine = new Set([...own, ...previous]);
  const taken = new Set<IndexedRow>();
  const crowded = crowdedNumbers(index, own, previous);
  // Rows with one name have the same candidates: each name (and name under a number) is looked at once.
  const looked = new Set<string>();
  const queue = [...own, ...previous];
  const take = (other: IndexedRow) => {
    if (taken.has(other) || mine.has(other) || taken.size >= MAX_SCOPE) return;
    taken.add(other);
    queue.push(other);
  };
  while (queue.length > 0) {
    // A batch of 32 first syncs walks millions of postings: readers are answered meanwhile.
    // Nothing else changes the index while the round's flag lock is held (refresh.ts).
    await slices.pause();
    const row = queue.pop()!;
    const name = row.key === null ? nameOf(row) : nameKey(row);
    if (!looked.has(name)) {
      looked.add(name);
      if (row.key !== null) for (const other of index.byName.get(name)) if (!other.dropped) take(other);
      // Rows of the index in the row's table whose names the rules' blocking would compare
      // with its name (search.ts).
      const scores = new Map<string, boolean>();
      const { table } = row.record;
      const filed = index.prefixesOf(row, weight);
      for (const [tokens, postings] of [
        [filed.distinctive, index.similar[table]],
        [filed.similar, index.distinctive[table]],
      ] as const) {
        for (const t of tokens) {
          for (const other of postings.get(t)) {
            if (other.dropped || taken.has(other) || mine.has(other) || other.key === null) continue;
            let alike = scores.get(other.key);
            if (alike === undefined)
              scores.set(
                other.key,
                (alike = nameSimilarity(row, other, weight, DUPLICATE_THRESHOLD) >= DUPLICATE_THRESHOLD),
              );
            if (alike) take(other);
          }
        }
      }
    }
    const number = numberKey(row);
    if (row.record.code.trim() === '' || crowded(number) || looked.has(`${number}\u0000${name}`)) continue;
    looked.add(`${number}\u0000${name}`);
    for (const other of index.byNumber.get(number)) {
      if (
        !other.dropped &&
        !taken.has(other) &&
        !mine.has(other) &&
        nameSimilarity(row, other, weight, SAME_NUMBER_SIMILARITY) >= SAME_NUMBER_SIMILARITY
      )
        take(other);
    }
  }
  const grouped = new Set<string>();
  for (const rows of [own, previous, taken]) for (const r of rows) grouped.add(refKey(r.record));
  const linked = new Set<string>();
  const linkedLine = (line: IndexedRow) => {
    linked.add(refKey(line.record));
    // The tasks of the index that the line can be linked to.
    for (const t of index.prefixesOf(line, weight).linkable) {
      for (const task of index.linkable.tasks.get(t))
        if (!task.dropped && !mine.has(task) && !taken.has(task) && linkable(task, line, weight)) taken.add(task);
    }
  };
  for (const row of own) if (row.record.table === 'budget') linkedLine(row);
  // A removed line's links are gone with it.
  for (const row of previous) if (row.record.table === 'budget') linked.add(refKey(row.record));
  for (const row of [...own, ...previous]) {
    if (row.record.table !== 'tasks') continue;
    for (const t of index.prefixesOf(row, weight).linkable) {
      for (const line of index.linkable.budget.get(t)) {
        if (line.dropped || mine.has(line) || linked.has(refKey(line.record)) || !linkable(row, line, weight)) continue;
        taken.add(line);
        linkedLine(line);
      }
    }
  }
  const rows = [...own.map((r) => r.record), ...[...taken].map((r) => r.record)];
  return {
    rows: [...rows, ...padNumbers(own, taken, crowded, weight), ...padTasks(index, rows, own, previous)],
    grouped,
    linked,
  };
}

/**
 * unlinked_budget says nothing while the round has no task rows at all. A scope of budget lines
 * with no task among them, in a round that has tasks, gets a stand-in task that no line can be
 * linked to.
 */
function padTasks(
  index: RoundIndex,
  rows: readonly SheetRowRecord[],
  own: readonly IndexedRow[],
  previous: readonly IndexedRow[],
): SheetRowRecord[] {
  if (rows.some((r) => r.table === 'tasks') || !rows.some((r) => r.table === 'budget')) return [];
  const tasks = (rows: readonly IndexedRow[]) => rows.filter((r) => r.record.table === 'tasks').length;
  if (index.counts.tasks - tasks(previous) + tasks(own) === 0) return [];
  const uid = `${PAD_AGENCY}task`;
  return [
    {
      table: 'tasks',
      uid,
      agencyId: PAD_AGENCY,
      section: '',
      code: '',
      cells: { [tableDef('tasks').nameKey]: 'tonghopdemtask' },
      rowHash: uid,
    },
  ];
}

/**
 * `Vocabulary.nameSimilarity` with the round's weights: the symmetric Tversky index of whole
 * names, or of their cores (head, or whole name) when the whole names are not siblings.
 */
function nameSimilarity(a: IndexedRow, b: IndexedRow, weight: Weight, threshold: number): number {
  const whole = compare(a.forms[0]!, b.forms[0]!, weight, threshold);
  if (whole < 0) return 0;
  if (a.forms.length === 1 && b.forms.length === 1) return whole;
  return Math.max(whole, compare(a.forms.at(-1)!, b.forms.at(-1)!, weight, Math.max(threshold, whole)));
}

/** Tversky index of two token sets; -1 for siblings (each lacks a distinctive word of the other, yet they reach `floor`). */
function compare(x: readonly number[], y: readonly number[], weight: Weight, floor: number): number {
  const { shared, onlyX, onlyY } = overlap(x, y, weight);
  if (shared + onlyX === 0 || shared + onlyY === 0) return 0;
  const plain = tversky(shared, onlyX, onlyY);
  if (Math.min(onlyX, onlyY) >= SUBSTITUTION_WEIGHT) return plain >= floor ? -1 : 0;
  return plain;
}

/** `Vocabulary.containment` over all forms: can the budget line be linked to the task? */
function linkable(task: IndexedRow, line: IndexedRow, weight: Weight): boolean {
  for (const t of task.forms) {
    for (const b of line.forms) {
      const { shared, onlyX, onlyY } = overlap(t, b, weight);
      if (shared > 0 && containmentBound(shared, shared + onlyX, shared + onlyY) >= LINK_THRESHOLD) return true;
    }
  }
  return false;
}

function overlap(
  x: readonly number[],
  y: readonly number[],
  weight: Weight,
): { shared: number; onlyX: number; onlyY: number } {
  let shared = 0;
  let onlyX = 0;
  let onlyY = 0;
  for (const t of x) y.includes(t) ? (shared += weight(t)) : (onlyX += weight(t));
  for (const t of y) if (!x.includes(t)) onlyY += weight(t);
  return { shared, onlyX, onlyY };
}

/** Whether a number carries more than MAX_NAMES_PER_NUMBER names in the round as the sync leaves it. */
function crowdedNumbers(
  index: RoundIndex,
  own: readonly IndexedRow[],
  previous: readonly IndexedRow[],
): (number: string) => boolean {
  // Per number and name: how many rows the sync adds, less how many of the index's it takes out.
  const change = new Map<string, Map<string, number>>();
  const count = (r: IndexedRow, by: number) => {
    if (r.record.code.trim() === '') return;
    const names = change.get(numberKey(r)) ?? new Map<string, number>();
    names.set(nameOf(r), (names.get(nameOf(r)) ?? 0) + by);
    change.set(numberKey(r), names);
  };
  for (const r of own) count(r, 1);
  for (const r of previous) count(r, -1);
  return (number) => {
    const theirs = index.namesByNumber.get(number);
    let names = theirs?.size ?? 0;
    for (const [name, by] of change.get(number) ?? []) {
      const before = theirs?.get(name) ?? 0;
      if (before === 0 && by > 0) names++;
      else if (before > 0 && before + by <= 0) names--;
    }
    return names > MAX_NAMES_PER_NUMBER;
  };
}

/**
 * The same-number rule gives up on a number that carries more than MAX_NAMES_PER_NUMBER names in
 * the round. A scope holds a few of them, so the rule would run where the whole round's does
 * not: stand-in rows with names of their own bring the count over the limit again.
 */
function padNumbers(
  own: readonly IndexedRow[],
  taken: ReadonlySet<IndexedRow>,
  crowded: (number: string) => boolean,
  weight: Weight,
): SheetRowRecord[] {
  const inScope = new Map<string, IndexedRow[]>();
  for (const rows of [own, taken])
    for (const r of rows) if (r.record.code.trim() !== '') push(inScope, numberKey(r), r);
  const pads: SheetRowRecord[] = [];
  for (const [number, rows] of inScope) {
    if (rows.length < 2 || !crowded(number)) continue;
    const count = names(rows);
    // Needed only where the rule could join two of them (names far from half alike need none),
    // and only while the scope holds no more names than the rule takes.
    if (
      count < 2 ||
      count > MAX_NAMES_PER_NUMBER ||
      !rows.some((a, i) =>
        rows.some((b, j) => j > i && a.key !== b.key && nameSimilarity(a, b, weight, PAD_SIMILARITY) >= PAD_SIMILARITY),
      )
    )
      continue;
    const { table, section, code } = rows[0]!.record;
    const nameKey = tableDef(table).nameKey;
    for (let i = count; i <= MAX_NAMES_PER_NUMBER; i++) {
      const uid = `${PAD_AGENCY}${pads.length}`;
      pads.push({
        table,
        uid,
        agencyId: PAD_AGENCY,
        section,
        code,
        cells: { [nameKey]: `tonghopdem${letters(pads.length)}` },
        rowHash: uid,
      });
    }
  }
  return pads;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Distinct names as the same-number rule counts them. */
function names(rows: readonly IndexedRow[]): number {
  return new Set(rows.map(nameOf)).size;
}

/** 0 → "a", 25 → "z", 26 → "ba": one word of letters only, so it reads as one syllable. */
function letters(n: number): string {
  let s = '';
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return s;
}
