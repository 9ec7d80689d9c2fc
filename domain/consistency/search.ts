/**
 * Finding alike names among tens of thousands without comparing all pairs: prefix filtering
 * (Chaudhuri et al., 2006; Bayardo et al., 2007) on weighted sets. Tokens are ordered rarest
 * first; two sets can reach a threshold only if they share a token among each one's rarest
 * tokens carrying enough of its weight (its prefix), and only prefixes go into the inverted
 * index, so common words never make candidates and no pair that could pass is missed. At the
 * first common token, the weight each set has before it is weight the other lacks, which bounds
 * the score before it is computed (positional filtering, Xiao et al., 2008).
 *
 * Sets are interned (vocabulary.ts), so a template that ninety-nine communes send is one index
 * entry with ninety-nine owners.
 */
import {
  EPSILON,
  SUBSTITUTION_WEIGHT,
  budgetFraction,
  containmentBound,
  similarityFraction,
  taskFraction,
  tversky,
  type NameForms,
  type TokenSet,
  type Vocabulary,
} from './vocabulary.js';

/** Postings by token rank: flat [set id, position of the token in that set, …]. */
type Postings = (number[] | undefined)[];

function post(postings: Postings, id: number, set: TokenSet, length: number): void {
  for (let i = 0; i < length; i++) {
    const list = postings[set.ranks[i]!];
    if (list) list.push(id, i);
    else postings[set.ranks[i]!] = [id, i];
  }
}

/**
 * Call `found(later, earlier, score)` for pairs of items of different groups (agencies) whose
 * names reach `threshold` (`Vocabulary.nameSimilarity`), unless `skip(later, earlier)`.
 *
 * Two sets can score above 0 only if one lacks no distinctive word of the other; say A. Then A's
 * distinctive prefix (its rarest tokens worth SUBSTITUTION_WEIGHT, usually one token) meets B,
 * and for the threshold B's similarity prefix meets A, at their first common token. So each set
 * probes its distinctive prefix against the similarity prefixes of earlier sets, and its
 * similarity prefix against their distinctive prefixes: both lookups stay short even when
 * thousands of names share their wording.
 */
export function findSimilarPairs(
  items: readonly NameForms[],
  groups: Int32Array,
  vocabulary: Vocabulary,
  threshold: number,
  skip: (later: number, earlier: number) => boolean,
  found: (later: number, earlier: number, score: number) => void,
): void {
  const { sets, weights } = vocabulary;
  const fraction = similarityFraction(threshold);
  const similarLength = new Int32Array(sets.length);
  const distinctiveLength = new Int32Array(sets.length);
  const owners: (number[] | undefined)[] = new Array(sets.length);
  const bySimilar: Postings = new Array(weights.length);
  const byDistinctive: Postings = new Array(weights.length);
  const seenSet = new Int32Array(sets.length);
  const seenItem = new Int32Array(items.length);
  let stamp = 0;

  // The item being probed, and the visit of an indexed set met at its first common token.
  let item = 0;
  const visit = (set: TokenSet, at: number, other: number, atOther: number) => {
    const otherSet = sets[other]!;
    // Tokens before the first common one are missing from the other name.
    const onlyHere = vocabulary.leading(set, at);
    const onlyThere = vocabulary.leading(otherSet, atOther);
    if (Math.min(onlyHere, onlyThere) >= SUBSTITUTION_WEIGHT - EPSILON) return;
    const shared = Math.min(set.total - onlyHere, otherSet.total - onlyThere);
    if (tversky(shared, onlyHere, onlyThere) < threshold - EPSILON) return;
    const group = groups[item]!;
    for (const earlier of owners[other]!) {
      if (groups[earlier] === group || seenItem[earlier] === item + 1) continue;
      seenItem[earlier] = item + 1;
      if (skip(item, earlier)) continue;
      const score = vocabulary.nameSimilarity(items[item]!, items[earlier]!, threshold);
      if (score >= threshold) found(item, earlier, score);
    }
  };
  const probe = (postings: Postings, set: TokenSet, length: number) => {
    for (let i = 0; i < length; i++) {
      const list = postings[set.ranks[i]!];
      if (!list) continue;
      for (let k = 0; k < list.length; k += 2) {
        const other = list[k]!;
        if (seenSet[other] === stamp) continue;
        seenSet[other] = stamp;
        visit(set, i, other, list[k + 1]!);
      }
    }
  };

  for (item = 0; item < items.length; item++) {
    const forms = items[item]!;
    for (const id of forms) {
      const set = sets[id]!;
      if (set.ranks.length === 0) continue;
      if (owners[id] === undefined) {
        similarLength[id] = vocabulary.prefixLength(set, fraction);
        distinctiveLength[id] = vocabulary.distinctivePrefixLength(set);
      }
      stamp++;
      // An equal set indexed for earlier items is met at its first token too.
      probe(byDistinctive, set, similarLength[id]!);
      probe(bySimilar, set, distinctiveLength[id]!);
    }
    for (const id of forms) {
      const set = sets[id]!;
      if (set.ranks.length === 0) continue;
      const list = owners[id];
      if (list === undefined) {
        owners[id] = [item];
        post(bySimilar, id, set, similarLength[id]!);
        post(byDistinctive, id, set, distinctiveLength[id]!);
      } else if (list[list.length - 1] !== item) list.push(item);
    }
  }
}

/**
 * For each probe (a budget line's forms), the target (a task's forms) whose name it contains
 * best at `threshold` or more, or -1; ties go to the lower target index.
 */
export function bestContainers(targets: readonly NameForms[], probes: readonly NameForms[], vocabulary: Vocabulary, threshold: number): Int32Array {
  const { sets, weights } = vocabulary;
  // Equal sets score equally, so each set only needs its first owner.
  const firstOwner = new Int32Array(sets.length).fill(-1);
  const postings: Postings = new Array(weights.length);
  targets.forEach((forms, t) => {
    for (const id of forms) {
      const set = sets[id]!;
      if (set.ranks.length === 0 || firstOwner[id]! >= 0) continue;
      firstOwner[id] = t;
      post(postings, id, set, vocabulary.prefixLength(set, taskFraction(threshold)));
    }
  });
  const seen = new Int32Array(sets.length);
  const best = new Int32Array(probes.length).fill(-1);
  const answered = new Map<string, number>();
  let stamp = 0;
  probes.forEach((forms, p) => {
    // Equal budget names (a template every commune sends) get the same answer.
    const key = forms.join(',');
    const known = answered.get(key);
    if (known !== undefined) {
      best[p] = known;
      return;
    }
    let bestScore = threshold - EPSILON;
    let bestTarget = -1;
    stamp++;
    for (const id of forms) {
      const set = sets[id]!;
      const length = set.ranks.length === 0 ? 0 : vocabulary.prefixLength(set, budgetFraction(threshold));
      for (let i = 0; i < length; i++) {
        const list = postings[set.ranks[i]!];
        if (!list) continue;
        for (let k = 0; k < list.length; k += 2) {
          const other = list[k]!;
          if (seen[other] === stamp) continue;
          seen[other] = stamp;
          const target = sets[other]!;
          const onlyTarget = vocabulary.leading(target, list[k + 1]!);
          const reachable = Math.min(target.total - onlyTarget, set.total - vocabulary.leading(set, i));
          if (containmentBound(reachable, target.total, set.total) < bestScore - EPSILON) continue;
          const score = vocabulary.containment(target, set, bestScore);
          const owner = firstOwner[other]!;
          if (score > bestScore + EPSILON || (score >= bestScore - EPSILON && (bestTarget < 0 || owner < bestTarget))) {
            bestScore = Math.max(bestScore, score);
            bestTarget = owner;
          }
        }
      }
    }
    best[p] = bestTarget;
    answered.set(key, bestTarget);
  });
  return best;
}
