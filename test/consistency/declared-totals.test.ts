import { describe, expect, it } from 'vitest';
import { budgetSourceTotals, computeFlags, DEFAULT_PERIOD, type Flag } from '../../domain/index.js';
import { inputOf, PLAN_TOTALS, rowAt, withCode } from './input.js';
import { editRow, matcher, realRound } from './real-rows.js';

const rows = realRound();
const mismatches = (flags: Flag[]) =>
  Object.fromEntries(
    withCode(flags, 'declared_total_mismatch').map((f) => [f.message.split(' cộng từ')[0], f.figures]),
  );

describe('declared_total_mismatch', () => {
  it('finds the real budget equal to the totals of the plan text', () => {
    expect(withCode(computeFlags(inputOf(rows, { declaredTotals: PLAN_TOTALS })), 'declared_total_mismatch')).toEqual(
      [],
    );
  });

  it('reads the enterprise share from the leads: exactly the declared 3.073.000', () => {
    // I/A 1 "Các doanh nghiệp viễn thông" 2.073.000 and I/B 3 "Doanh nghiệp ICT" 1.000.000.
    expect(budgetSourceTotals(rows, matcher, DEFAULT_PERIOD)).toEqual({
      grand: 9_615_243,
      nonState: 3_073_000,
      state: 6_542_243,
    });
    const onlyEnterprises = { sources: { non_state: 3_073_000 } };
    expect(
      withCode(computeFlags(inputOf(rows, { declaredTotals: onlyEnterprises })), 'declared_total_mismatch'),
    ).toEqual([]);
  });

  it('shows the grand total, the year and the state share when a state-funded line grows in 2027', () => {
    // I/B 1, Sở KH&CN: 70.000 in 2027 → 75.000, total 100.000 → 105.000.
    const changed = editRow(rowAt(rows, 'budget', 'I/B', '1'), { y2027: 75_000, total: 105_000 });
    const flags = computeFlags(
      inputOf(
        rows.map((r) => (r.uid === changed.uid ? changed : r)),
        { declaredTotals: PLAN_TOTALS },
      ),
    );
    expect(mismatches(flags)).toEqual({
      'Tổng nhu cầu vốn giai đoạn 2026 - 2030': { declared: 9_615_243, actual: 9_620_243, difference: 5_000 },
      'Tổng kinh phí năm 2027': { declared: 2_230_820, actual: 2_235_820, difference: 5_000 },
      'Kinh phí từ ngân sách nhà nước (ngân sách tỉnh và ngân sách Trung ương hỗ trợ có mục tiêu)': {
        declared: 6_542_243,
        actual: 6_547_243,
        difference: 5_000,
      },
    });
    const year = withCode(flags, 'declared_total_mismatch').find((f) =>
      f.message.startsWith('Tổng kinh phí năm 2027'),
    )!;
    expect(year.severity).toBe('error');
    expect(year.message).toContain('2.235.820 triệu đồng');
    expect(year.message).toContain('2.230.820 triệu đồng');
    expect(year.message).toContain('cao hơn 5.000 triệu đồng');
  });

  it('shows the enterprise share when an enterprise-led line changes', () => {
    const changed = editRow(rowAt(rows, 'budget', 'I/A', '1'), { y2030: 404_600, total: 2_063_000 });
    const flags = computeFlags(
      inputOf(
        rows.map((r) => (r.uid === changed.uid ? changed : r)),
        { declaredTotals: PLAN_TOTALS },
      ),
    );
    const found = mismatches(flags);
    expect(Object.keys(found)).toHaveLength(3);
    expect(found['Tổng kinh phí năm 2030']).toEqual({ declared: 1_328_520, actual: 1_318_520, difference: -10_000 });
    const nonState = withCode(flags, 'declared_total_mismatch').find((f) => f.figures.declared === 3_073_000)!;
    expect(nonState.figures).toEqual({ declared: 3_073_000, actual: 3_063_000, difference: -10_000 });
    expect(nonState.message).toContain('thấp hơn 10.000 triệu đồng');
    // The inferred enterprise lines are listed so the validator can see what was counted.
    expect(nonState.rows.map((r) => `${r.section} ${r.code}`).sort()).toEqual(['I/A 1', 'I/B 3']);
  });

  it('counts a parent item only through its sub-items', () => {
    const parent = {
      ...rowAt(rows, 'budget', 'V', '3'),
      uid: 'budget-parent',
      code: '8',
      cells: { name: 'Hoạt động chung', lead: 'Sở Nội vụ', total: 20_000, y2026: 20_000 },
    };
    const child = { ...rowAt(rows, 'budget', 'V', '3'), code: '8.1' };
    const moved = rows.map((r) => (r.uid === child.uid ? child : r));
    expect(
      withCode(computeFlags(inputOf([...moved, parent], { declaredTotals: PLAN_TOTALS })), 'declared_total_mismatch'),
    ).toEqual([]);
  });
});
