/**
 * The similarity measures on the real names, with the figures the thresholds were chosen from,
 * and the candidate search checked against comparing every pair.
 */
import { describe, expect, it } from 'vitest';
import { buildContext, type RowFacts } from '../../domain/consistency/context.js';
import { LINK_THRESHOLD } from '../../domain/consistency/links.js';
import { DUPLICATE_THRESHOLD } from '../../domain/consistency/rules/possible-duplicate.js';
import { bestContainers, findSimilarPairs } from '../../domain/consistency/search.js';
import type { Vocabulary } from '../../domain/consistency/vocabulary.js';
import { generatedRound } from './generated-rows.js';
import { inputOf } from './input.js';
import { realRound } from './real-rows.js';

const ctx = buildContext(inputOf(realRound()));
const v = ctx.vocabulary;
const at = (table: 'tasks' | 'budget', section: string, code: string) =>
  ctx.facts[table].find((f) => f.row.section === section && f.row.code === code)!;
const similarity = (a: RowFacts, b: RowFacts) => v.nameSimilarity(a.forms, b.forms, DUPLICATE_THRESHOLD);

describe('name similarity on plan 003', () => {
  it('scores the same task written twice at or above the duplicate threshold', () => {
    expect(similarity(at('tasks', 'V', '4'), at('tasks', 'IX', '4.4'))).toBe(1); // "… về KH&CN và ĐMST"
    expect(similarity(at('budget', 'IV', '11'), at('budget', 'IV', '12'))).toBe(1); // equal heads
    expect(similarity(at('budget', 'I/B', '5'), at('budget', 'IV', '10'))).toBeCloseTo(0.88, 2);
    expect(similarity(at('tasks', 'I', '2.9'), at('tasks', 'VIII', '3.7'))).toBeCloseTo(0.86, 2);
  });

  it('keeps different tasks that share words below it', () => {
    const chinhQuyen = v.nameSimilarity(at('tasks', 'II', '1.4').forms, at('tasks', 'X', '2').forms, 0.5);
    expect(chinhQuyen).toBeCloseTo(0.72, 2);
    const xayDung = v.nameSimilarity(at('tasks', 'VIII', '2.4').forms, at('tasks', 'VIII', '3.3').forms, 0.5);
    expect(xayDung).toBeCloseTo(0.78, 2);
    expect(xayDung).toBeLessThan(DUPLICATE_THRESHOLD);
  });

  it('scores sibling items of a list 0: they differ by a distinctive word each', () => {
    expect(similarity(at('budget', 'II/A', '3'), at('budget', 'II/A', '4'))).toBe(0); // lĩnh vực Y tế / Tài chính
    expect(similarity(at('budget', 'I/C', '5'), at('budget', 'I/C', '6'))).toBe(0); // khối Đảng / khối Nhà nước
    expect(similarity(at('tasks', 'I', '2.5'), at('tasks', 'I', '2.6'))).toBe(0); // xây dựng / công thương
  });

  it('reads how much of a task a budget line holds', () => {
    const contained = (b: RowFacts, t: RowFacts) =>
      Math.max(...b.forms.flatMap((x) => t.forms.map((y) => v.containment(v.sets[y]!, v.sets[x]!))));
    expect(contained(at('budget', 'I/C', '3'), at('tasks', 'VII', '3.5'))).toBeCloseTo(0.88, 2); // đô thị thông minh
    expect(contained(at('budget', 'V', '1'), at('tasks', 'III', '3.1'))).toBeLessThan(LINK_THRESHOLD); // the first wrong link, 0.58
  });
});

describe('the candidate search', () => {
  const groupsOf = (facts: readonly RowFacts[]) => {
    const agencies = new Map<string, number>();
    return Int32Array.from(
      facts,
      (f) => agencies.get(f.row.agencyId) ?? agencies.set(f.row.agencyId, agencies.size).size - 1,
    );
  };
  const everyPair = (vocabulary: Vocabulary, facts: readonly RowFacts[]) => {
    const out: string[] = [];
    facts.forEach((a, i) =>
      facts.forEach((b, j) => {
        if (
          j < i &&
          a.row.agencyId !== b.row.agencyId &&
          vocabulary.nameSimilarity(a.forms, b.forms, DUPLICATE_THRESHOLD) >= DUPLICATE_THRESHOLD
        )
          out.push(`${i}-${j}`);
      }),
    );
    return out.sort();
  };
  const searched = (vocabulary: Vocabulary, facts: readonly RowFacts[]) => {
    const out = new Set<string>();
    findSimilarPairs(
      facts.map((f) => f.forms),
      groupsOf(facts),
      vocabulary,
      DUPLICATE_THRESHOLD,
      () => false,
      (i, j) => out.add(`${i}-${j}`),
    );
    return [...out].sort();
  };

  it('finds exactly the pairs that comparing all pairs finds, on the real names', () => {
    for (const table of ['tasks', 'budget'] as const)
      expect(searched(v, ctx.facts[table])).toEqual(everyPair(v, ctx.facts[table]));
  });

  it('finds exactly those pairs among a thousand generated names with shared wording', () => {
    const big = buildContext(inputOf(generatedRound(1000, 3)));
    for (const table of ['tasks', 'budget'] as const) {
      const expected = everyPair(big.vocabulary, big.facts[table]);
      expect(expected.length).toBeGreaterThan(table === 'tasks' ? 100 : 10);
      expect(searched(big.vocabulary, big.facts[table])).toEqual(expected);
    }
  });

  it('links each budget line to a best task, as comparing all pairs does', () => {
    const { tasks, budget } = ctx.facts;
    const score = (t: RowFacts, b: RowFacts) =>
      Math.max(...t.forms.flatMap((x) => b.forms.map((y) => v.containment(v.sets[x]!, v.sets[y]!))));
    const links = bestContainers(
      tasks.map((t) => t.forms),
      budget.map((b) => b.forms),
      v,
      LINK_THRESHOLD,
    );
    budget.forEach((b, i) => {
      const best = Math.max(...tasks.map((t) => score(t, b)));
      expect(links[i]! >= 0).toBe(best >= LINK_THRESHOLD);
      if (links[i]! >= 0) expect(score(tasks[links[i]!]!, b)).toBeCloseTo(best, 9);
    });
  });
});
