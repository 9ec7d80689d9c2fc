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
  budgetFraction,
  containmentBound,
  EPSILON,
  type NameForms,
  SUBSTITUTION_WEIGHT,
  similarityFraction,
  type TokenSet,
  taskFraction,
  tversky,
  type Vocabulary,
} from './vocabulary.js';

/**
 * Postings by token rank: flat [set id, weight of that set's tokens before this one, …]. The
 * weight travels with the posting so that a visit reads no other memory to bound the score.
 */
type Postings = (number[] | undefined)[];

function post(postings: Postings, id: number, set: TokenSet, length: number, weights: Float64Array): void {
  let before = 0;
  for (let i = 0; i < length; i++) {
    const list = postings[set.ranks[i]!];
    if (list) list.push(id, before);
    else postings[set.ranks[i]!] = [id, before];
    before += weights[set.ranks[i]!]!;
  }
}

/**
 * Call `found(later, earlier, score)` for pairs of items whose names reach `threshold`
 * (`Vocabulary.nameSimilarity`), except pairs of items with the same sole group (two rows of one
 * agency), and unless `skip(later, earlier)`. `soleGroup[i]` is the one group item i belongs to,
 * or -1 when it stands for rows of several.
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
  soleGroup: Int32Array,
  vocabulary: Vocabulary,
  threshold: number,
  skip: (later: number, earlier: number) => boolean,
  found: (later: number, earlier: number, score: number) => void,
): void {
  const { sets, weights } = vocabulary;
  const fraction = similarityFraction(threshold);
  const floor = threshold - EPSILON;
  const limit = SUBSTITUTION_WEIGHT - EPSILON;
  const totals = Float64Array.from(sets, (s) => s.total);
  // Prefix lengths, set when a set gets its first owner.
  const similarLength = new Int32Array(sets.length);
  const distinctiveLength = new Int32Array(sets.length);
  const owners: (number[] | undefined)[] = new Array(sets.length);
  // The sole group of all of a set's owners, or -1: a set that only the probing item's own
  // agency sent is passed over without looking at its owners.
  const setGroup = new Int32Array(sets.length);
  const bySimilar: Postings = new Array(weights.length);
  const byDistinctive: Postings = new Array(weights.length);
  const seenSet = new Int32Array(sets.length);
  const seenItem = new Int32Array(items.length);
  let stamp = 0;

  for (let item = 0; item < items.length; item++) {
    const forms = items[item]!;
    const group = soleGroup[item]!;
    for (const id of forms) {
      const set = sets[id]!;
      if (set.ranks.length === 0) continue;
      if (owners[id] === undefined) {
        similarLength[id] = vocabulary.prefixLength(set, fraction);
        distinctiveLength[id] = vocabulary.distinctivePrefixLength(set);
      }
      stamp++;
      // Similarity prefix against earlier distinctive prefixes, then distinctive against similarity.
      for (let pass = 0; pass < 2; pass++) {
        const postings = pass === 0 ? byDistinctive : bySimilar;
        const length = pass === 0 ? similarLength[id]! : distinctiveLength[id]!;
        let mine = 0;
        for (let at = 0; at < length; mine += weights[set.ranks[at++]!]!) {
          const list = postings[set.ranks[at]!];
          if (list === undefined) continue;
          for (let k = 0; k < list.length; k += 2) {
            const other = list[k]!;
            if (seenSet[other] === stamp || (group >= 0 && setGroup[other] === group)) continue;
            seenSet[other] = stamp;
            // At the first common token: what comes before it on either side is not shared, and
            // whatever one name weighs beyond what they can share is missing from the other.
            const shared = Math.min(set.total - mine, totals[other]! - list[k + 1]!);
            const onlyHere = set.total - shared;
            const onlyThere = totals[other]! - shared;
            if ((onlyHere >= limit && onlyThere >= limit) || tversky(shared, onlyHere, onlyThere) < floor) continue;
            for (const earlier of owners[other]!) {
              if (seenItem[earlier] === item + 1 || (group >= 0 && soleGroup[earlier] === group)) continue;
              seenItem[earlier] = item + 1;
              if (skip(item, earlier)) continue;
              const score = vocabulary.nameSimilarity(forms, items[earlier]!, threshold);
              if (score >= threshold) found(item, earlier, score);
            }
          }
        }
      }
    }
    for (const id of forms) {
      const set = sets[id]!;
      if (set.ranks.length === 0) continue;
      const list = owners[id];
      if (list === undefined) {
        owners[id] = [item];
        setGroup[id] = group;
        post(bySimilar, id, set, similarLength[id]!, weights);
        post(byDistinctive, id, set, distinctiveLength[id]!, weights);
      } else if (list[list.length - 1] !== item) {
        list.push(item);
        if (setGroup[id] !== group) setGroup[id] = -1;
      }
    }
  }
}

/**
 * For each probe (a budget line's forms), the target (a task's forms) whose name it contains
 * best at `threshold` or more, or -1; ties go to the lower target index.
 */
export function bestContainers(
  targets: readonly NameForms[],
  probes: readonly NameForms[],
  vocabulary: Vocabulary,
  threshold: number,
): Int32Array {
  const { sets, weights } = vocabulary;
  // Equal sets score equally, so each set only needs its first owner.
  const firstOwner = new Int32Array(sets.length).fill(-1);
  const postings: Postings = new Array(weights.length);
  targets.forEach((forms, t) => {
    for (const id of forms) {
      const set = sets[id]!;
      if (set.ranks.length === 0 || firstOwner[id]! >= 0) continue;
      firstOwner[id] = t;
      post(postings, id, set, vocabulary.prefixLength(set, taskFraction(threshold)), weights);
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
    for (const id of forms) {
      const set = sets[id]!;
      // Per form: a target passed over for the whole name may still fit the head.
      stamp++;
      const length = set.ranks.length === 0 ? 0 : vocabulary.prefixLength(set, budgetFraction(threshold));
      let mine = 0;
      for (let i = 0; i < length; mine += weights[set.ranks[i++]!]!) {
        const list = postings[set.ranks[i]!];
        if (!list) continue;
        for (let k = 0; k < list.length; k += 2) {
          const other = list[k]!;
          if (seen[other] === stamp) continue;
          seen[other] = stamp;
          const target = sets[other]!;
          const reachable = Math.min(target.total - list[k + 1]!, set.total - mine);
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
