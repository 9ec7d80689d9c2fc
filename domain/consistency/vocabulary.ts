/**
 * How alike two task names are.
 *
 * A name is the set of its identifying syllables (names.ts), each weighted by rarity in the
 * round, idf = ln(1 + N / df): "phát triển" says little, "kho", "dùng chung" say which task it
 * is. Two measures on these weighted sets:
 *
 * - `similarity`, for duplicates: the symmetric Tversky index (Jimenez et al., 2013)
 *   shared / (shared + β·(α·min(onlyA, onlyB) + (1 − α)·max(onlyA, onlyB))), α = 0.8, β = 2.
 *   A name that only adds words to the other ("… an ninh dữ liệu" / "… an ninh dữ liệu và vận
 *   hành thông suốt") is penalised little; names that each have words the other lacks, much.
 *   When each side lacks a distinctive word of the other (weight ≥ SUBSTITUTION_WEIGHT) the
 *   score is 0: "… lĩnh vực Y tế" / "… lĩnh vực Tài chính", "… khối Đảng" / "… khối Nhà nước"
 *   are sibling items of one list, not one task written twice.
 * - `containment`, for budget → task: how much of the task's name the budget line's name holds,
 *   shared / (task + γ·onlyBudget), γ = 0.25, since a budget line elaborates its task ("Phát
 *   triển đô thị thông minh" → "Dự án phát triển đô thị thông minh tại một số đô thị…").
 *
 * Sets hold token ranks, rarest first, so a merge meets the distinctive words first and can stop
 * as soon as the outcome is known.
 */

const ALPHA = 0.8;
const BETA = 2;
const GAMMA = 0.25;
/**
 * The weight of a distinctive word: a syllable found in 6% of the round's names, ln(1 + 1/0.06)
 * = 2.87. In plan 003 sibling items differ, on the side that differs least, by 3.07 ("lĩnh vực
 * Công Thương" / "… Khoa học và Công nghệ"), 3.22 ("… công nghiệp" / "… y tế"), 3.67 ("Y tế" /
 * "Tài chính"), 4.50 ("khối Đảng" / "khối Nhà nước"); one task written twice by at most 2.68
 * ("Mở rộng" / "Phát triển dịch vụ công trực tuyến toàn trình"). 2.87 sits between.
 */
export const SUBSTITUTION_WEIGHT = Math.log(1 + 1 / 0.06);
export const EPSILON = 1e-9;

/** A name as the ranks of its tokens (ascending: rarest first) and their total weight. */
export interface TokenSet {
  readonly ranks: Int32Array;
  readonly total: number;
}

/** The forms of one name, as ids of interned token sets: the whole name, then its head when it has one. */
export type NameForms = readonly number[];

export function tversky(shared: number, onlyA: number, onlyB: number): number {
  const small = Math.min(onlyA, onlyB);
  return shared / (shared + BETA * (ALPHA * small + (1 - ALPHA) * (onlyA + onlyB - small)));
}

/** Share of a set's weight that a partner reaching `threshold` must share: shared ≥ t·c/(1 − t + t·c)·total, c = β(1 − α). */
export function similarityFraction(threshold: number): number {
  const c = BETA * (1 - ALPHA);
  return (threshold * c) / (1 - threshold + threshold * c);
}

/** Containment ≥ t needs the task side to share t of its weight… */
export const taskFraction = (threshold: number) => threshold;
/** …and the budget side t·γ/(1 − t + t·γ) of its own. */
export const budgetFraction = (threshold: number) => (threshold * GAMMA) / (1 - threshold + threshold * GAMMA);

export const containmentBound = (shared: number, task: number, budget: number) =>
  shared / (task + GAMMA * (budget - shared));

/** Token weights for one round (rarity is the round's own) and its names' token sets. */
export class Vocabulary {
  /** Weight by rank; rank 0 is the rarest token. */
  readonly weights: Float64Array;
  /** Interned token sets: equal sets share one id, so a template sent by every commune is one set. */
  readonly sets: TokenSet[] = [];
  private readonly rankOf: Int32Array;
  private readonly byHash = new Map<number, number[]>();
  private scratch = new Int32Array(64);

  /**
   * `documents`: the distinct token ids of each row's whole name; ids are below `idCount`.
   * `round`: the rarity of the whole round when these rows are only part of it.
   */
  constructor(
    documents: readonly (readonly number[])[],
    idCount: number,
    round?: { documents: number; frequency(id: number): number },
  ) {
    const df = new Int32Array(idCount);
    let maxDf = 0;
    for (const ids of documents) for (const id of ids) maxDf = Math.max(maxDf, ++df[id]!);
    if (round) {
      maxDf = 0;
      // A syllable of these rows is in at least one row of the round.
      for (let id = 0; id < idCount; id++)
        if (df[id]! > 0) maxDf = Math.max(maxDf, (df[id] = Math.max(round.frequency(id), 1)));
    }
    // Rarest first (counting sort by document frequency, ties by id). Any fixed order keeps the
    // candidate search exact, and the scores do not depend on it.
    const start = new Int32Array(maxDf + 2);
    for (let id = 0; id < idCount; id++) if (df[id]! > 0) start[df[id]! + 1]!++;
    for (let f = 1; f < start.length; f++) start[f]! += start[f - 1]!;
    this.rankOf = new Int32Array(idCount).fill(-1);
    const n = Math.max(round?.documents ?? documents.length, 1);
    this.weights = new Float64Array(start[maxDf + 1]!);
    for (let id = 0; id < idCount; id++) {
      if (df[id] === 0) continue;
      const rank = start[df[id]!]!++;
      this.rankOf[id] = rank;
      this.weights[rank] = Math.log(1 + n / df[id]!);
    }
  }

  /** Id of the token set of these token ids. */
  intern(ids: readonly number[]): number {
    if (this.scratch.length < ids.length) this.scratch = new Int32Array(ids.length * 2);
    const ranks = this.scratch;
    let k = 0;
    for (const id of ids) {
      const r = id < this.rankOf.length ? this.rankOf[id]! : -1;
      if (r < 0) continue;
      // Insertion sort: a name has a few dozen tokens at most.
      let j = k++;
      while (j > 0 && ranks[j - 1]! > r) ranks[j] = ranks[--j]!;
      ranks[j] = r;
    }
    let hash = 0x811c9dc5;
    for (let i = 0; i < k; i++) hash = Math.imul(hash ^ ranks[i]!, 0x01000193);
    const bucket = this.byHash.get(hash);
    if (bucket) for (const id of bucket) if (sameRanks(this.sets[id]!.ranks, ranks, k)) return id;
    const sorted = ranks.slice(0, k);
    let total = 0;
    for (const r of sorted) total += this.weights[r]!;
    const id = this.sets.length;
    this.sets.push({ ranks: sorted, total });
    if (bucket) bucket.push(id);
    else this.byHash.set(hash, [id]);
    return id;
  }

  /**
   * Symmetric Tversky index with the substitution rule, 0..1. Below `floor` the result is 0 or
   * some value below `floor`: the merge stops once the floor is out of reach.
   */
  similarity(a: TokenSet, b: TokenSet, floor = 0): number {
    const score = this.merge(a, b, floor);
    return Math.max(score, 0);
  }

  /**
   * The guarded index of two sets, or -1 when they are siblings: the substitution rule applies
   * although, word for word, they are at least `floor` alike. Stops as soon as the answer is known.
   */
  private merge(a: TokenSet, b: TokenSet, floor: number): number {
    if (a.total === 0 || b.total === 0) return 0;
    const w = this.weights;
    const x = a.ranks;
    const y = b.ranks;
    const limit = SUBSTITUTION_WEIGHT - EPSILON;
    const reach = floor - EPSILON;
    let substituted = false;
    let shared = 0;
    let onlyA = 0;
    let onlyB = 0;
    let i = 0;
    let j = 0;
    while (i < x.length && j < y.length) {
      const p = x[i]!;
      const q = y[j]!;
      if (p === q) {
        shared += w[p]!;
        i++;
        j++;
        continue;
      }
      if (p < q) {
        onlyA += w[p]!;
        i++;
      } else {
        onlyB += w[q]!;
        j++;
      }
      if (!substituted && onlyA >= limit && onlyB >= limit) {
        if (floor <= 0) return 0;
        substituted = true;
      }
      if (
        floor > 0 &&
        tversky(shared + Math.min(a.total - shared - onlyA, b.total - shared - onlyB), onlyA, onlyB) < reach
      )
        return 0;
    }
    onlyA = a.total - shared;
    onlyB = b.total - shared;
    const plain = tversky(shared, onlyA, onlyB);
    if (substituted || Math.min(onlyA, onlyB) >= limit) return floor > 0 && plain >= reach ? -1 : 0;
    return plain;
  }

  /** Share of the task's name found in the budget line's name, its extra words counting a quarter. */
  containment(task: TokenSet, budget: TokenSet, floor = 0): number {
    if (task.total === 0 || budget.total === 0) return 0;
    const w = this.weights;
    const x = task.ranks;
    const y = budget.ranks;
    let shared = 0;
    let onlyTask = 0;
    let i = 0;
    let j = 0;
    while (i < x.length && j < y.length) {
      const p = x[i]!;
      const q = y[j]!;
      if (p === q) {
        shared += w[p]!;
        i++;
        j++;
      } else if (p < q) {
        onlyTask += w[p]!;
        i++;
        if (floor > 0 && containmentBound(task.total - onlyTask, task.total, budget.total) < floor - EPSILON) return 0;
      } else j++;
    }
    return containmentBound(shared, task.total, budget.total);
  }

  /**
   * Number of leading (rarest) tokens such that any set sharing at least `fraction` of this
   * set's weight shares one of them: the tokens left out weigh less than that fraction.
   */
  prefixLength(set: TokenSet, fraction: number): number {
    const bound = fraction * set.total - EPSILON;
    let rest = 0;
    let k = set.ranks.length;
    while (k > 0 && rest + this.weights[set.ranks[k - 1]!]! < bound) rest += this.weights[set.ranks[--k]!]!;
    return k;
  }

  /**
   * Number of leading tokens that weigh at least the substitution weight: a set lacking all of
   * them lacks a distinctive word, so it can only be alike if the other set lacks none.
   */
  distinctivePrefixLength(set: TokenSet): number {
    let sum = 0;
    for (let k = 0; k < set.ranks.length; k++) {
      sum += this.weights[set.ranks[k]!]!;
      if (sum >= SUBSTITUTION_WEIGHT - 2 * EPSILON) return k + 1;
    }
    return set.ranks.length;
  }

  /**
   * Best similarity of two names over their whole names and their cores (head, or whole name
   * when there is no head), or some value below `threshold`. Whole names at least `threshold`
   * alike but for a distinctive word are siblings ("Dự án X, …, giai đoạn 1" / "…, giai đoạn 2")
   * and score 0 even though their heads are equal.
   */
  nameSimilarity(a: NameForms, b: NameForms, threshold: number): number {
    const sets = this.sets;
    const whole = this.merge(sets[a[0]!]!, sets[b[0]!]!, threshold);
    if (whole < 0) return 0;
    if (a.length === 1 && b.length === 1) return whole;
    const core = this.similarity(sets[a[a.length - 1]!]!, sets[b[b.length - 1]!]!, Math.max(threshold, whole));
    return Math.max(whole, core);
  }
}

function sameRanks(a: Int32Array, b: Int32Array, length: number): boolean {
  if (a.length !== length) return false;
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return false;
  return true;
}
