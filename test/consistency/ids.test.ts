/**
 * The service keeps a flag's review status by id and reopens it when its fingerprint moves, so
 * ids must not depend on anything but the rows a flag is about, and fingerprints must move
 * exactly when those rows do.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeFlags, type Flag } from '../../domain/index.js';
import { inputOf, PLAN_TOTALS, places, rowAt, withCode } from './input.js';
import { copyRow, editRow, realRound } from './real-rows.js';

const base = realRound();
// Enough to raise every row-based code at once.
const rows = [
  ...base,
  copyRow(rowAt(base, 'budget', 'I/B', '1'), 'so-tai-chinh', { y2027: 75_000 }),
  copyRow(rowAt(base, 'budget', 'I/B', '2'), 'xa-bao-ha'),
];
const extra = {
  declaredTotals: PLAN_TOTALS,
  expectedAgencies: ['so-y-te', 'so-khcn'],
  lastSyncByAgency: { 'so-khcn': '2026-05-01T00:00:00Z' },
  dueDate: '2026-05-20',
  now: new Date('2026-06-01T00:00:00Z'),
};
const summary = (flags: Flag[]) => flags.map((f) => [f.id, f.fingerprint] as const);
const reference = computeFlags(inputOf(rows, extra));

describe('flag ids and fingerprints', () => {
  it('cover every code in this round', () => {
    expect(new Set(reference.map((f) => f.code)).size).toBe(7);
    expect(new Set(reference.map((f) => f.id)).size).toBe(reference.length);
  });

  it('are the same across runs and whatever the order of the rows', () => {
    expect(summary(computeFlags(inputOf(rows, extra)))).toEqual(summary(reference));
    fc.assert(
      fc.property(fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length }), (shuffled) => {
        expect(summary(computeFlags(inputOf(shuffled, extra)))).toEqual(summary(reference));
      }),
      { numRuns: 15 },
    );
  });

  it('keep the id and move the fingerprint when a row of the flag changes, and only then', () => {
    const dup = withCode(reference, 'possible_duplicate').find((f) => places(f).includes('budget IV 12'))!;
    const iv12 = rowAt(rows, 'budget', 'IV', '12');
    const edited = editRow(iv12, { partners: 'Sở Tài chính' });
    const after = computeFlags(
      inputOf(
        rows.map((r) => (r.uid === iv12.uid ? edited : r)),
        extra,
      ),
    );
    const again = after.find((f) => f.id === dup.id)!;
    expect(again.fingerprint).not.toBe(dup.fingerprint);
    // Flags not about IV 12 keep their fingerprints.
    const untouched = reference.filter(
      (f) => !f.rows.some((r) => r.uid === iv12.uid) && f.code !== 'declared_total_mismatch',
    );
    for (const f of untouched) expect(after.find((g) => g.id === f.id)?.fingerprint).toBe(f.fingerprint);
  });

  it('move the fingerprint of a total when its figures change', () => {
    const mismatch = withCode(reference, 'declared_total_mismatch');
    expect(mismatch.length).toBeGreaterThan(0);
    const more = [...rows, copyRow(rowAt(base, 'budget', 'V', '4'), 'so-noi-vu')];
    const after = computeFlags(inputOf(more, extra));
    for (const f of mismatch) {
      const g = after.find((x) => x.id === f.id)!;
      expect(g.fingerprint).not.toBe(f.fingerprint);
    }
  });
});
