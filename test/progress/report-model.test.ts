import { describe, expect, it } from 'vitest';
import { buildProgressReport, progressInputSchema } from '../../service/progress/report-model.js';
import { INPUT } from './fixtures.js';

describe('progress report figures', () => {
  const report = buildProgressReport(progressInputSchema.parse(INPUT));

  it('counts the four statuses overall, by section in plan order and by agency', () => {
    expect(report.total).toEqual({ done_on_time: 1, done_late: 1, open_on_time: 1, open_overdue: 2 });
    expect(report.bySection.map((s) => [s.label, s.total])).toEqual([
      ['1. Các nhiệm vụ thí điểm', 4],
      ['2. Các nhiệm vụ giai đoạn 2026 - 2030', 1],
    ]);
    // Agencies with overdue tasks first.
    expect(report.byAgency.slice(0, 2).map((a) => a.label)).toEqual(['Đảng ủy phường Sa Pa', 'Đảng ủy xã Yên Bình']);
  });

  it('sorts the overdue list by how late, counting to today', () => {
    expect(report.overdue.map((o) => [o.task.code, o.daysLate])).toEqual([
      ['5', 20],
      ['3', 10],
    ]);
  });

  it('adds disbursed and planned by year and funding source, skipping tasks without money', () => {
    expect(report.disbursed).toEqual([
      { year: 2026, fundingSource: 'Ngân sách tỉnh', disbursed: 120, planned: 800 },
      { year: 2026, fundingSource: 'Ngân sách xã', disbursed: 80, planned: 60 },
    ]);
  });

  it('keeps the last six periods of timeliness', () => {
    const doan = report.timeliness.find((t) => t.agencyId === 'tinh-doan')!;
    expect(doan.periods.map((p) => p.label)).toEqual([
      'Tháng 12/2025',
      'Tháng 1/2026',
      'Tháng 2/2026',
      'Tháng 3/2026',
      'Tháng 4/2026',
      'Tháng 5/2026',
    ]);
  });

  it('finds what changed since the previous period', () => {
    expect(report.changes.newlyDone.map((t) => t.code)).toEqual(['1']);
    expect(report.changes.newlyOverdue.map((t) => t.code)).toEqual(['3', '5']);
    expect(report.changes.regressions.map((t) => t.code)).toEqual(['5']);
  });
});
