/**
 * A loose bound to catch quadratic behaviour, not a benchmark: 40,000 rows with names that share
 * their wording by the thousand must not be compared pair by pair.
 */
import { describe, expect, it } from 'vitest';
import { computeFlags } from '../../domain/index.js';
import { generatedRound } from './generated-rows.js';
import { inputOf, PLAN_TOTALS } from './input.js';

describe('computeFlags at the size of a province round', () => {
  // How long it takes is bench/merge.ts's and bench/sync.ts's business, not a test's.
  it('finds the copies and the totals of a 40,000-row round', () => {
    const rows = generatedRound(40_000);
    expect(new Set(rows.map((r) => r.cells.name)).size).toBeGreaterThan(10_000);
    const flags = computeFlags(inputOf(rows, { declaredTotals: PLAN_TOTALS }));
    // It did the work: copies into other sheets and siblings across agencies are found.
    expect(flags.filter((f) => f.code === 'possible_duplicate').length).toBeGreaterThan(100);
    expect(flags.filter((f) => f.code === 'declared_total_mismatch').length).toBeGreaterThan(0);
  });
});
