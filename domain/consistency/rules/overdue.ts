/**
 * overdue: a task of the plan whose deadline has passed and which is not done, as the four-way
 * status derives it (domain/progress/status.ts) on the day the period is judged. A recurring task
 * («Hằng năm», «Định kỳ trước ngày 20 hàng tháng») is done again each occurrence, and the report of
 * this period's occurrence is what the round asks for: it is overdue when this period's row says
 * nothing once the round's due date is over (as missing_submission counts it, for a whole sheet).
 */
import { parseTimeframe, type Timeframe } from '../../parse/timeframe.js';
import { parseVnDate } from '../../progress/checks.js';
import { periodLabel } from '../../progress/period.js';
import { deriveStatus, TASK_PROGRESS_STATUSES, type TaskProgressStatus, taskDeadline } from '../../progress/status.js';
import type { RoundContext } from '../context.js';
import type { Flag } from '../flag.js';
import { makeFlag } from '../ids.js';
import { flagMessages, place } from '../messages.js';
import { answersOf, judgedDay, standIn } from '../progress-input.js';
import { dueInstant } from './missing-submission.js';

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());

/** The reported status, or null when none (or none of the list) is given. */
export function reportedStatus(cells: Readonly<Record<string, unknown>> | undefined): TaskProgressStatus | null {
  const s = text(cells?.status);
  return (TASK_PROGRESS_STATUSES as readonly string[]).includes(s) ? (s as TaskProgressStatus) : null;
}

/** A plan task's time frame as the domain reads it (null: none, or unreadable). */
export function timeframeOf(cells: Readonly<Record<string, unknown>>): Timeframe | null {
  const read = parseTimeframe(cells.timeframe);
  return read.ok ? read.value : null;
}

export function overdue(ctx: RoundContext): Flag[] {
  const { progress, now, agencyName, dueDate } = ctx.input;
  if (!progress) return [];
  const due = dueDate?.slice(0, 10) ?? null;
  const reportDue = due !== null && now.getTime() >= dueInstant(due);
  const answers = answersOf(progress, 0, 'progress');
  const asOf = judgedDay(progress, now);
  const planEnd = `${ctx.input.period.to}-12-31`;
  const out: Flag[] = [];
  for (const task of progress.tasks) {
    const name = text(task.cells.name);
    if (name === '') continue;
    const answer = answers.get(task.uid);
    const status = reportedStatus(answer?.cells);
    const timeframe = timeframeOf(task.cells);
    const derived = deriveStatus({
      status,
      completedOn: parseVnDate(answer?.cells.completedOn),
      timeframe,
      period: progress.period,
      planEnd,
      asOf,
    });
    const recurring = taskDeadline(timeframe, progress.period, planEnd).source === 'recurring';
    if (recurring ? status !== null || !reportDue : derived.status !== 'open_overdue') continue;
    const deadline = recurring ? due! : derived.deadline;
    const where = place(task.section, task.code);
    const who = agencyName(task.reporter);
    out.push(
      makeFlag({
        code: 'overdue',
        table: 'progress',
        rows: [answer ?? standIn(task, 'progress')],
        agencyIds: [task.reporter],
        message: recurring
          ? flagMessages.overdueOccurrence(name, where, who, periodLabel(progress.period), deadline)
          : flagMessages.overdue(name, where, who, deadline),
        // Nothing that moves with the clock: a sync rewrites a flag only when its rows change.
        figures: { deadline, status, recurring },
      }),
    );
  }
  return out;
}
