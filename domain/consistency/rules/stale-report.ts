/**
 * stale_report: a task not done whose answer (every column the agency fills) is the same in this
 * period and the two before it: three reports in a row that say nothing new.
 */
import { periodLabel } from '../../progress/period.js';
import { tableDef } from '../../tables.js';
import type { RoundContext } from '../context.js';
import type { Flag } from '../flag.js';
import { makeFlag } from '../ids.js';
import { flagMessages, place } from '../messages.js';
import { answersOf } from '../progress-input.js';
import { reportedStatus } from './overdue.js';

/** How many periods in a row an unchanged answer makes stale. */
export const STALE_PERIODS = 3;

const answerKeys = tableDef('progress')
  .columns.filter((c) => !c.locked)
  .map((c) => c.key);
const said = (cells: Readonly<Record<string, unknown>>) =>
  JSON.stringify(answerKeys.map((k) => (cells[k] === null || cells[k] === undefined ? '' : String(cells[k]).trim())));

export function staleReport(ctx: RoundContext): Flag[] {
  const { progress, agencyName } = ctx.input;
  if (!progress || progress.periods.length < STALE_PERIODS) return [];
  const periods = progress.periods.slice(0, STALE_PERIODS);
  const answers = periods.map((_, back) => answersOf(progress, back, 'progress'));
  const out: Flag[] = [];
  for (const task of progress.tasks) {
    const rows = answers.map((a) => a.get(task.uid));
    const now = rows[0];
    if (!now || rows.some((r) => r === undefined) || reportedStatus(now.cells) === 'Hoàn thành') continue;
    if (new Set(rows.map((r) => said(r!.cells))).size !== 1) continue;
    const labels = periods.map((p) => periodLabel(p.period)).reverse();
    out.push(
      makeFlag({
        code: 'stale_report',
        table: 'progress',
        rows: [now],
        agencyIds: [task.reporter],
        message: flagMessages.staleReport(
          String(task.cells.name ?? ''),
          place(task.section, task.code),
          agencyName(task.reporter),
          labels,
        ),
        figures: { periods: labels },
      }),
    );
  }
  return out;
}
