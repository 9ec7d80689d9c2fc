/**
 * A loose bound to catch quadratic behaviour, not a benchmark: 40,000 rows with names that share
 * their wording by the thousand must not be compared pair by pair.
 */
import { describe, expect, it } from 'vitest';
import { computeFlags } from '../../domain/index.js';
import { generatedRound } from './generated-rows.js';
import { inputOf, PLAN_TOTALS } from './input.js';
import { realRound } from './real-rows.js';

describe('computeFlags at the size of a province round', () => {
  it('handles 40,000 rows in well under two seconds', () => {
    const rows = generatedRound(40_000);
    expect(new Set(rows.map((r) => r.cells.name)).size).toBeGreaterThan(10_000);
    computeFlags(inputOf(realRound(), { declaredTotals: PLAN_TOTALS })); // compile the hot paths first
    // The best of two runs: other test files share the machine.
    let best = Infinity;
    let flags: ReturnType<typeof computeFlags> = [];
    for (let run = 0; run < 2 && best > 1_000; run++) {
      const start = performance.now();
      flags = computeFlags(inputOf(rows, { declaredTotals: PLAN_TOTALS }));
      best = Math.min(best, performance.now() - start);
    }
    expect(best, `${Math.round(best)} ms`).toBeLessThan(2_000);
    // It did the work: copies into other sheets and siblings across agencies are found.
    expect(flags.filter((f) => f.code === 'possible_duplicate').length).toBeGreaterThan(100);
    expect(flags.filter((f) => f.code === 'declared_total_mismatch').length).toBeGreaterThan(0);
  });
});
