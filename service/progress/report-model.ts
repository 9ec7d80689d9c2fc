/**
 * What SKH&CN reads about one progress round, worked out from its task rows alone: counts of the
 * four derived statuses by section and by agency, the overdue list by lateness, disbursed against
 * plan by year and funding source, each agency's timeliness across recent periods, and what
 * changed since the previous period. The console page and the merged report both read this, so
 * the figures on screen and in the file are the same figures.
 */
import { z } from 'zod';
import {
  DERIVED_STATUS_LABELS,
  DERIVED_STATUSES,
  type DerivedStatus,
  type TASK_PROGRESS_STATUSES,
} from '../../domain/index.js';

/** The four statuses in the order reports list them, with the government's wording. */
export const DERIVED_KEYS = DERIVED_STATUSES;
export type DerivedKey = DerivedStatus;
export const DERIVED_LABELS: Record<DerivedKey, string> = DERIVED_STATUS_LABELS;

export const TIMELINESS_KEYS = ['on_time', 'late', 'missing', 'pending'] as const;
export type TimelinessKey = (typeof TIMELINESS_KEYS)[number];
export const TIMELINESS_LABELS: Record<TimelinessKey, string> = {
  on_time: 'Đúng hạn',
  late: 'Muộn',
  missing: 'Chưa gửi',
  pending: 'Chưa đến hạn',
};

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const progressTaskSchema = z.object({
  uid: z.string(),
  section: z.string(),
  code: z.string().nullable(),
  name: z.string(),
  leadId: z.string(),
  leadName: z.string(),
  /** ISO date of the deadline inside this period, or null for a continuous task. */
  deadline: isoDate.nullable(),
  /** The plan's time frame as written («Trước ngày 20/5/2026», «2026-2030»). */
  timeframe: z.string(),
  derived: z.enum(DERIVED_KEYS),
  /** The reported status (Chưa triển khai, Đang triển khai, Hoàn thành, Tạm dừng), null when not reported. */
  status: z.string().nullable(),
  completedOn: isoDate.nullable(),
  result: z.string(),
  difficulties: z.string(),
  proposals: z.string(),
  disbursed: z.number().nullable(),
  /** Planned amount for the plan year, triệu đồng, from the budget appendix. */
  planned: z.number().nullable(),
  fundingSource: z.string().nullable(),
  year: z.number().int(),
  /** The same task's derived status and reported status in the previous period, when there was one. */
  previous: z.object({ derived: z.enum(DERIVED_KEYS), status: z.string().nullable() }).nullable(),
});
export type ProgressTask = z.infer<typeof progressTaskSchema>;

export const timelinessSchema = z.object({
  agencyId: z.string(),
  agencyName: z.string(),
  /** Oldest first; at most the last six periods are shown. */
  periods: z.array(z.object({ label: z.string(), status: z.enum(TIMELINESS_KEYS), sentAt: z.string().nullable() })),
});
export type Timeliness = z.infer<typeof timelinessSchema>;

export const progressInputSchema = z.object({
  roundId: z.string(),
  planTitle: z.string(),
  periodLabel: z.string(),
  /** «trước ngày 20/5/2026» */
  dueText: z.string(),
  /** ISO date the lateness of overdue tasks is counted to. */
  today: isoDate,
  tasks: z.array(progressTaskSchema),
  timeliness: z.array(timelinessSchema),
});
export type ProgressInput = z.infer<typeof progressInputSchema>;

export type StatusCounts = Record<DerivedKey, number>;

export interface CountRow {
  label: string;
  counts: StatusCounts;
  total: number;
}

export interface OverdueItem {
  task: ProgressTask;
  daysLate: number;
}

export interface DisbursedRow {
  year: number;
  fundingSource: string;
  disbursed: number;
  planned: number;
}

export interface Changes {
  newlyDone: ProgressTask[];
  newlyOverdue: ProgressTask[];
  regressions: ProgressTask[];
}

export interface ProgressReport {
  input: ProgressInput;
  total: StatusCounts;
  bySection: CountRow[];
  byAgency: CountRow[];
  overdue: OverdueItem[];
  disbursed: DisbursedRow[];
  timeliness: Timeliness[];
  changes: Changes;
}

const SHOWN_PERIODS = 6;
// One collator for every sort: `localeCompare(x, 'vi')` builds a new one on each call.
const byName = new Intl.Collator('vi').compare;
const NO_SOURCE = 'Chưa ghi nguồn vốn';
const DONE: (typeof TASK_PROGRESS_STATUSES)[number] = 'Hoàn thành';

const zero = (): StatusCounts => ({ done_on_time: 0, done_late: 0, open_on_time: 0, open_overdue: 0 });
const isDone = (k: DerivedKey) => k === 'done_on_time' || k === 'done_late';

/** Days from an ISO date to another (UTC dates, so no daylight-saving edge). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function countBy(tasks: readonly ProgressTask[], key: (t: ProgressTask) => string): CountRow[] {
  const rows = new Map<string, CountRow>();
  for (const t of tasks) {
    const label = key(t);
    let row = rows.get(label);
    if (!row) rows.set(label, (row = { label, counts: zero(), total: 0 }));
    row.counts[t.derived]++;
    row.total++;
  }
  return [...rows.values()];
}

/**
 * The report of a round. Sections keep the plan's order (first appearance); agencies are sorted
 * by how many of their tasks are overdue, then by name, so the ones to call come first.
 *
 * @example
 * const report = buildProgressReport(progressInputSchema.parse(json));
 * report.overdue[0].daysLate; // the latest task
 */
export function buildProgressReport(input: ProgressInput): ProgressReport {
  const { tasks } = input;
  const total = zero();
  for (const t of tasks) total[t.derived]++;
  const byAgency = countBy(tasks, (t) => t.leadName).sort(
    (a, b) => b.counts.open_overdue - a.counts.open_overdue || byName(a.label, b.label),
  );
  const overdue = tasks
    .filter((t) => t.derived === 'open_overdue' && t.deadline !== null)
    .map((task) => ({ task, daysLate: Math.max(0, daysBetween(task.deadline!, input.today)) }))
    .sort((a, b) => b.daysLate - a.daysLate || byName(a.task.leadName, b.task.leadName));
  const money = new Map<string, DisbursedRow>();
  for (const t of tasks) {
    if (t.disbursed === null && t.planned === null) continue;
    const fundingSource = t.fundingSource ?? NO_SOURCE;
    const k = `${t.year}\u0000${fundingSource}`;
    let row = money.get(k);
    if (!row) money.set(k, (row = { year: t.year, fundingSource, disbursed: 0, planned: 0 }));
    row.disbursed += t.disbursed ?? 0;
    row.planned += t.planned ?? 0;
  }
  const disbursed = [...money.values()].sort((a, b) => a.year - b.year || byName(a.fundingSource, b.fundingSource));
  const withPrevious = tasks.filter((t) => t.previous !== null);
  const changes: Changes = {
    newlyDone: withPrevious.filter((t) => isDone(t.derived) && !isDone(t.previous!.derived)),
    newlyOverdue: withPrevious.filter((t) => t.derived === 'open_overdue' && t.previous!.derived !== 'open_overdue'),
    regressions: withPrevious.filter((t) => t.previous!.status === DONE && t.status !== DONE),
  };
  const timeliness = input.timeliness
    .map((a) => ({ ...a, periods: a.periods.slice(-SHOWN_PERIODS) }))
    .sort((a, b) => byName(a.agencyName, b.agencyName));
  return {
    input,
    total,
    bySection: countBy(tasks, (t) => t.section),
    byAgency,
    overdue,
    disbursed,
    timeliness,
    changes,
  };
}
