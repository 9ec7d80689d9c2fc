/**
 * Reporting periods of a progress round and the due date each cadence gives: monthly reports
 * are due before the 20th of the month, quarterly ones before the 15th of the quarter's last
 * month, six-monthly and yearly ones before a configurable day (default the 15th) of the last month.
 */
import { z } from 'zod';

export const PERIOD_KINDS = ['month', 'quarter', 'half', 'year'] as const;

type Kind = (typeof PERIOD_KINDS)[number];
const PERIODS_PER_YEAR: Record<Kind, number> = { month: 12, quarter: 4, half: 2, year: 1 };
const MONTHS_PER_PERIOD: Record<Kind, number> = { month: 1, quarter: 3, half: 6, year: 12 };

export const periodSchema = z.object({
  kind: z.enum(PERIOD_KINDS),
  year: z.number().int(),
  index: z.number().int(),
});
export type Period = z.infer<typeof periodSchema>;
export type PeriodKind = Period['kind'];

/** The schema for periods a user sends: the index must exist in its kind (month 1–12, quarter 1–4…). */
export const checkedPeriodSchema = periodSchema.refine(
  (p) => p.year >= 1900 && p.year <= 2200 && p.index >= 1 && p.index <= PERIODS_PER_YEAR[p.kind],
  { message: 'Kỳ báo cáo không hợp lệ (tháng 1–12, quý 1–4, 6 tháng 1–2, năm 1).', path: ['index'] },
);

export interface DueDateOptions {
  /** Day of the last month before which a six-monthly or yearly report is due (default 15). */
  readonly halfYearDay?: number;
  readonly yearDay?: number;
}

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** First and last month (1–12) of a period. */
function months(p: Period): { first: number; last: number } {
  const n = MONTHS_PER_PERIOD[p.kind];
  return { first: (p.index - 1) * n + 1, last: p.index * n };
}

/** First and last day of a period, ISO dates. */
export function periodRange(p: Period): { from: string; to: string } {
  const { first, last } = months(p);
  return { from: iso(p.year, first, 1), to: iso(p.year, last, lastDay(p.year, last)) };
}

/** The day D of «trước ngày D» for a period's report, ISO. */
export function dueDate(p: Period, options: DueDateOptions = {}): string {
  const { last } = months(p);
  const day =
    p.kind === 'month'
      ? 20
      : p.kind === 'quarter'
        ? 15
        : p.kind === 'half'
          ? (options.halfYearDay ?? 15)
          : (options.yearDay ?? 15);
  return iso(p.year, last, Math.min(Math.max(1, day), lastDay(p.year, last)));
}

/** «trước ngày 20/5/2026» for an ISO date. */
export function formatDueDate(isoDate: string): string {
  return `trước ngày ${formatVnDate(isoDate)}`;
}

/** 2026-05-20 → «20/5/2026», the way official letters write dates. */
export function formatVnDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${d}/${m}/${y}`;
}

export function nextPeriod(p: Period): Period {
  return p.index < PERIODS_PER_YEAR[p.kind]
    ? { kind: p.kind, year: p.year, index: p.index + 1 }
    : { kind: p.kind, year: p.year + 1, index: 1 };
}

export function previousPeriod(p: Period): Period {
  return p.index > 1
    ? { kind: p.kind, year: p.year, index: p.index - 1 }
    : { kind: p.kind, year: p.year - 1, index: PERIODS_PER_YEAR[p.kind] };
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/** «Tháng 5/2026», «Quý II/2026», «6 tháng đầu năm 2026», «Năm 2026». */
export function periodLabel(p: Period): string {
  switch (p.kind) {
    case 'month':
      return `Tháng ${p.index}/${p.year}`;
    case 'quarter':
      return `Quý ${ROMAN[p.index - 1]}/${p.year}`;
    case 'half':
      return `6 tháng ${p.index === 1 ? 'đầu' : 'cuối'} năm ${p.year}`;
    case 'year':
      return `Năm ${p.year}`;
  }
}

/** A stable slug for round ids: 2026-06, 2026-q2, 2026-h1, 2026. */
export function periodSlug(p: Period): string {
  switch (p.kind) {
    case 'month':
      return `${p.year}-${String(p.index).padStart(2, '0')}`;
    case 'quarter':
      return `${p.year}-q${p.index}`;
    case 'half':
      return `${p.year}-h${p.index}`;
    case 'year':
      return `${p.year}`;
  }
}

/** The calendar date (ISO) of an instant in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
export function vnDate(instant: Date): string {
  return new Date(instant.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** A report is on time when it arrives, by the Vietnamese calendar, strictly before the due day. */
export function onTime(arrived: Date, due: string): boolean {
  return vnDate(arrived) < due;
}
