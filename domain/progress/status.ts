/**
 * The government's four-way status of a task in a reporting period, derived from what the agency
 * reports (status, completion date) and the deadline its time frame gives.
 */
import type { Cadence, Timeframe } from '../parse/timeframe.js';
import { type Period, periodRange } from './period.js';

export const TASK_PROGRESS_STATUSES = ['Chưa triển khai', 'Đang triển khai', 'Hoàn thành', 'Tạm dừng'] as const;
export type TaskProgressStatus = (typeof TASK_PROGRESS_STATUSES)[number];

export const DERIVED_STATUSES = ['done_on_time', 'done_late', 'open_on_time', 'open_overdue'] as const;
export type DerivedStatus = (typeof DERIVED_STATUSES)[number];

export const DERIVED_STATUS_LABELS: Record<DerivedStatus, string> = {
  done_on_time: 'Hoàn thành đúng hạn',
  done_late: 'Hoàn thành quá hạn',
  open_on_time: 'Chưa hoàn thành, trong hạn',
  open_overdue: 'Chưa hoàn thành, quá hạn',
};

/**
 * A deadline as the last day on which finishing is still on time (ISO), or null when the task has
 * none (an open-ended continuous frame with no plan end).
 */
export type Deadline = { lastOnTimeDay: string; source: 'once' | 'recurring' | 'continuous' | 'plan' };

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function dayBefore(isoDate: string): string {
  const t = Date.parse(`${isoDate}T00:00:00Z`) - 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

const MONTHS: Record<Cadence, number> = { monthly: 1, quarterly: 3, 'half-yearly': 6, yearly: 12 };

/** The end of the occurrence of a cadence that contains a day (a yearly task in May 2026 → 31/12/2026). */
function occurrenceEnd(cadence: Cadence, day: string): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  const n = MONTHS[cadence];
  const last = Math.ceil(m / n) * n;
  return iso(y, last, lastDay(y, last));
}

/**
 * The deadline that applies in a period. A one-off frame ends on its last day; a frame read from
 * «trước …» (no start) ends the day before the date it names. A recurring frame's deadline is the
 * end of its shortest cadence's occurrence containing the period's end. A continuous frame, or a
 * task with no frame, is due at the end of its span or of the plan.
 */
export function taskDeadline(timeframe: Timeframe | null, period: Period, planEnd: string): Deadline {
  if (timeframe === null) return { lastOnTimeDay: planEnd, source: 'plan' };
  if (timeframe.kind === 'once') {
    return { lastOnTimeDay: timeframe.start === null ? dayBefore(timeframe.end) : timeframe.end, source: 'once' };
  }
  if (timeframe.kind === 'recurring') {
    const shortest = [...timeframe.cadences].sort((a, b) => MONTHS[a] - MONTHS[b])[0];
    if (shortest) return { lastOnTimeDay: occurrenceEnd(shortest, periodRange(period).to), source: 'recurring' };
    return { lastOnTimeDay: timeframe.to ?? planEnd, source: 'recurring' };
  }
  return { lastOnTimeDay: timeframe.to ?? planEnd, source: 'continuous' };
}

export interface DeriveInput {
  readonly status: TaskProgressStatus | null;
  /** ISO date the agency reports the task finished. */
  readonly completedOn: string | null;
  readonly timeframe: Timeframe | null;
  readonly period: Period;
  /** Last day of the plan period, ISO (31/12/2030 for a 2026–2030 plan). */
  readonly planEnd: string;
  /** The day the status is judged on; defaults to the period's last day. */
  readonly asOf?: string;
}

export interface Derived {
  readonly status: DerivedStatus;
  readonly deadline: string;
  /** Days past the deadline (on the completion day when done, on asOf when open); 0 when on time. */
  readonly daysLate: number;
}

const days = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export function deriveStatus(input: DeriveInput): Derived {
  const { lastOnTimeDay } = taskDeadline(input.timeframe, input.period, input.planEnd);
  const asOf = input.asOf ?? periodRange(input.period).to;
  if (input.status === 'Hoàn thành') {
    // A task reported done without a date is judged as done on the day it is judged (a row check asks for the date).
    const on = input.completedOn ?? asOf;
    const late = Math.max(0, days(lastOnTimeDay, on));
    return { status: late > 0 ? 'done_late' : 'done_on_time', deadline: lastOnTimeDay, daysLate: late };
  }
  const late = Math.max(0, days(lastOnTimeDay, asOf));
  return { status: late > 0 ? 'open_overdue' : 'open_on_time', deadline: lastOnTimeDay, daysLate: late };
}
