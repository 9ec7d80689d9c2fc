/**
 * status_regression: a task its agency reported «Hoàn thành» last period and reports otherwise
 * now. A row left without a status says nothing new and is not a regression.
 */
import { periodLabel } from '../../progress/period.js';
import type { RoundContext } from '../context.js';
import type { Flag } from '../flag.js';
import { makeFlag } from '../ids.js';
import { flagMessages, place } from '../messages.js';
import { answersOf } from '../progress-input.js';
import { reportedStatus } from './overdue.js';

export function statusRegression(ctx: RoundContext): Flag[] {
  const { progress, agencyName } = ctx.input;
  const before = progress?.periods[1];
  if (!progress || !before) return [];
  const now = answersOf(progress, 0, 'progress');
  const then = answersOf(progress, 1, 'progress');
  const out: Flag[] = [];
  for (const task of progress.tasks) {
    const answer = now.get(task.uid);
    const status = reportedStatus(answer?.cells);
    if (!answer || status === null || status === 'Hoàn thành') continue;
    if (reportedStatus(then.get(task.uid)?.cells) !== 'Hoàn thành') continue;
    out.push(
      makeFlag({
        code: 'status_regression',
        table: 'progress',
        rows: [answer],
        agencyIds: [task.reporter],
        message: flagMessages.statusRegression(
          String(task.cells.name ?? ''),
          place(task.section, task.code),
          agencyName(task.reporter),
          periodLabel(before.period),
          status,
        ),
        figures: { previous: 'Hoàn thành', status },
      }),
    );
  }
  return out;
}
