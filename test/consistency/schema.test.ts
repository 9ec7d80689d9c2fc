import { describe, expect, it } from 'vitest';
import {
  computeFlags,
  consistencyInputSchema,
  FLAG_CODES,
  FLAG_SEVERITIES,
  FLAG_SEVERITY,
} from '../../domain/index.js';
import { inputOf, PLAN_TOTALS } from './input.js';
import { realRound } from './real-rows.js';

describe('consistency input and flag codes', () => {
  it('accepts the real round as input and computes the same flags from the parsed input', () => {
    const input = inputOf(realRound(), { declaredTotals: PLAN_TOTALS, dueDate: '2026-05-20' });
    const parsed = consistencyInputSchema.parse(input);
    expect(computeFlags(parsed)).toEqual(computeFlags(input));
  });

  it('rejects a malformed due date and a row without a uid', () => {
    const input = inputOf(realRound());
    expect(consistencyInputSchema.safeParse({ ...input, dueDate: '20/5/2026' }).success).toBe(false);
    const [first, ...rest] = input.rows;
    const { uid: _uid, ...noUid } = first!;
    expect(consistencyInputSchema.safeParse({ ...input, rows: [noUid, ...rest] }).success).toBe(false);
  });

  it('gives every code one of the declared severities', () => {
    for (const code of FLAG_CODES) expect(FLAG_SEVERITIES).toContain(FLAG_SEVERITY[code]);
    expect(FLAG_SEVERITY.declared_total_mismatch).toBe('error');
    expect(FLAG_SEVERITY.unlinked_budget).toBe('info');
  });
});
