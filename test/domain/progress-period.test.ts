import { describe, expect, it } from 'vitest';
import { parseTimeframe, type Timeframe } from '../../domain/index.js';
import {
  checkedPeriodSchema,
  dueDate,
  formatDueDate,
  nextPeriod,
  onTime,
  type Period,
  periodLabel,
  periodRange,
  previousPeriod,
} from '../../domain/progress/period.js';
import { DERIVED_STATUS_LABELS, deriveStatus } from '../../domain/progress/status.js';

const month = (year: number, index: number): Period => ({ kind: 'month', year, index });
const tf = (text: string): Timeframe | null => {
  const r = parseTimeframe(text);
  if (!r.ok) throw new Error(text);
  return r.value;
};

describe('periods', () => {
  it('gives the due date of each cadence, across month and year ends', () => {
    expect(dueDate(month(2026, 5))).toBe('2026-05-20');
    expect(dueDate(month(2026, 12))).toBe('2026-12-20');
    expect(dueDate({ kind: 'quarter', year: 2026, index: 2 })).toBe('2026-06-15');
    expect(dueDate({ kind: 'quarter', year: 2026, index: 4 })).toBe('2026-12-15');
    expect(dueDate({ kind: 'half', year: 2026, index: 1 })).toBe('2026-06-15');
    expect(dueDate({ kind: 'half', year: 2026, index: 2 }, { halfYearDay: 10 })).toBe('2026-12-10');
    expect(dueDate({ kind: 'year', year: 2027, index: 1 })).toBe('2027-12-15');
    expect(dueDate({ kind: 'year', year: 2027, index: 1 }, { yearDay: 31 })).toBe('2027-12-31');
    expect(formatDueDate(dueDate(month(2026, 5)))).toBe('trước ngày 20/5/2026');
  });

  it('steps to the next and previous period over the year end', () => {
    expect(nextPeriod(month(2026, 12))).toEqual(month(2027, 1));
    expect(previousPeriod(month(2027, 1))).toEqual(month(2026, 12));
    expect(nextPeriod({ kind: 'quarter', year: 2026, index: 4 })).toEqual({ kind: 'quarter', year: 2027, index: 1 });
    expect(previousPeriod({ kind: 'half', year: 2026, index: 1 })).toEqual({ kind: 'half', year: 2025, index: 2 });
    expect(nextPeriod({ kind: 'year', year: 2026, index: 1 })).toEqual({ kind: 'year', year: 2027, index: 1 });
  });

  it('labels and ranges periods as official letters do', () => {
    expect(periodLabel(month(2026, 5))).toBe('Tháng 5/2026');
    expect(periodLabel({ kind: 'quarter', year: 2026, index: 2 })).toBe('Quý II/2026');
    expect(periodLabel({ kind: 'half', year: 2026, index: 1 })).toBe('6 tháng đầu năm 2026');
    expect(periodLabel({ kind: 'year', year: 2026, index: 1 })).toBe('Năm 2026');
    expect(periodRange(month(2028, 2))).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodRange({ kind: 'quarter', year: 2026, index: 3 })).toEqual({ from: '2026-07-01', to: '2026-09-30' });
  });

  it('refuses an index its kind does not have', () => {
    expect(checkedPeriodSchema.safeParse(month(2026, 13)).success).toBe(false);
    expect(checkedPeriodSchema.safeParse({ kind: 'year', year: 2026, index: 2 }).success).toBe(false);
    expect(checkedPeriodSchema.safeParse({ kind: 'quarter', year: 2026, index: 4 }).success).toBe(true);
  });

  it('counts a report as on time only when it arrives, in Vietnam, before the due day', () => {
    // 16:59 UTC on 19/5 is 23:59 on 19/5 in Hà Nội; 17:00 UTC is already 20/5.
    expect(onTime(new Date('2026-05-19T16:59:00Z'), '2026-05-20')).toBe(true);
    expect(onTime(new Date('2026-05-19T17:00:00Z'), '2026-05-20')).toBe(false);
  });
});

describe('deriveStatus', () => {
  const planEnd = '2030-12-31';
  const base = { period: month(2026, 6), planEnd };
  const derive = (status: 'Hoàn thành' | 'Đang triển khai', completedOn: string | null, frame: string) =>
    deriveStatus({ ...base, status, completedOn, timeframe: tf(frame) }).status;

  it('judges a «trước ngày» deadline: finishing on the named day is late', () => {
    // Source 002: «xong trước ngày 30/6/2026».
    expect(derive('Hoàn thành', '2026-06-29', 'xong trước ngày 30/6/2026')).toBe('done_on_time');
    expect(derive('Hoàn thành', '2026-06-30', 'xong trước ngày 30/6/2026')).toBe('done_late');
    expect(derive('Đang triển khai', null, 'trước ngày 20/5/2026')).toBe('open_overdue');
    expect(derive('Đang triển khai', null, 'xong trước ngày 30/6/2026')).toBe('open_overdue');
    expect(
      deriveStatus({
        ...base,
        asOf: '2026-06-10',
        status: 'Đang triển khai',
        completedOn: null,
        timeframe: tf('xong trước ngày 30/6/2026'),
      }).status,
    ).toBe('open_on_time');
  });

  it('judges a one-off frame by its last day', () => {
    expect(derive('Hoàn thành', '2026-06-30', 'Quý II/2026')).toBe('done_on_time');
    expect(derive('Hoàn thành', '2026-07-01', 'Quý II/2026')).toBe('done_late');
    expect(derive('Đang triển khai', null, 'Quý III/2026')).toBe('open_on_time');
    expect(derive('Đang triển khai', null, 'Quý I/2026')).toBe('open_overdue');
  });

  it('judges a recurring frame by its current occurrence', () => {
    // Source 003: «Định kỳ 6 tháng, hằng năm»: in June the six-month occurrence ends on 30/6.
    expect(derive('Đang triển khai', null, 'Định kỳ 6 tháng, hằng năm')).toBe('open_on_time');
    const july = { period: month(2026, 7), planEnd, completedOn: null, status: 'Đang triển khai' as const };
    expect(deriveStatus({ ...july, timeframe: tf('Hằng năm') }).status).toBe('open_on_time');
    expect(deriveStatus({ ...july, timeframe: tf('Hằng tháng'), asOf: '2026-08-02' }).status).toBe('open_overdue');
    expect(derive('Hoàn thành', '2026-06-12', 'Hằng quý')).toBe('done_on_time');
  });

  it('keeps a continuous task within its time until the plan ends', () => {
    expect(derive('Đang triển khai', null, 'Thường xuyên')).toBe('open_on_time');
    expect(derive('Đang triển khai', null, '2026-2030')).toBe('open_on_time');
    expect(
      deriveStatus({
        ...base,
        period: month(2031, 1),
        status: 'Đang triển khai',
        completedOn: null,
        timeframe: tf('Thường xuyên'),
      }).status,
    ).toBe('open_overdue');
    expect(derive('Hoàn thành', '2026-06-01', 'Thường xuyên')).toBe('done_on_time');
  });

  it('has the four Vietnamese labels', () => {
    expect(Object.values(DERIVED_STATUS_LABELS)).toEqual([
      'Hoàn thành đúng hạn',
      'Hoàn thành quá hạn',
      'Chưa hoàn thành, trong hạn',
      'Chưa hoàn thành, quá hạn',
    ]);
  });
});
