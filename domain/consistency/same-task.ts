/**
 * Rows of different agencies that are the same task: the same name once folded, or the same
 * number in the same section with a recognisably similar name. Agencies number their own sheets,
 * so a shared number alone is not enough: two sheets' "II/A 1" are usually two different tasks.
 */
import type { RowFacts } from './context.js';
import { UnionFind } from './union-find.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * Similarity at which a renamed row under the same number is still the same task: half the
 * evidence of a duplicate. In the real plan 003 no two items share a number in a section (once
 * the repeated sub-section letter is fixed), so this only decides for edited copies.
 */
export const SAME_NUMBER_SIMILARITY = 0.5;
/**
 * More different names than this under one number are independent numbering, not one task:
 * edited copies of one task come in a handful of spellings.
 */
export const MAX_NAMES_PER_NUMBER = 16;

/** Groups of rows (indices into `facts`) that name one task and come from at least two agencies. */
export function sameTaskGroups(facts: readonly RowFacts[], vocabulary: Vocabulary): number[][] {
  const sets = new UnionFind(facts.length);
  const byName = new Map<number, number>();
  const byNumber = new Map<string, number[]>();
  const nameOf = (f: RowFacts) => (vocabulary.sets[f.forms[0]!]!.ranks.length > 0 ? f.forms[0]! : -1 - f.index);
  for (const f of facts) {
    const name = nameOf(f);
    const first = byName.get(name);
    if (first === undefined) byName.set(name, f.index);
    else sets.union(first, f.index);
    if (f.row.code.trim() !== '') {
      const key = `${f.row.section}|${f.row.code.trim()}`;
      const list = byNumber.get(key);
      if (list) list.push(f.index);
      else byNumber.set(key, [f.index]);
    }
  }
  for (const rows of byNumber.values()) {
    // One representative per distinct name: equal names are already joined.
    const distinct = [...new Map(rows.map((i) => [nameOf(facts[i]!), i])).values()];
    if (distinct.length < 2 || distinct.length > MAX_NAMES_PER_NUMBER) continue;
    for (let a = 0; a < distinct.length; a++) {
      for (let b = a + 1; b < distinct.length; b++) {
        const x = facts[distinct[a]!]!;
        const y = facts[distinct[b]!]!;
        if (sets.find(x.index) === sets.find(y.index)) continue;
        if (vocabulary.nameSimilarity(x.forms, y.forms, SAME_NUMBER_SIMILARITY) >= SAME_NUMBER_SIMILARITY)
          sets.union(x.index, y.index);
      }
    }
  }
  return sets.groups(2).filter((g) => new Set(g.map((i) => facts[i]!.row.agencyId)).size >= 2);
}
