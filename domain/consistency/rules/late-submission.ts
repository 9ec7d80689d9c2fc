/**
 * late_submission: an agency whose first report of the round arrived on or after its due day
 * («trước ngày 20/5/2026»: a report of 20/5 is late). An agency that has sent nothing is
 * missing_submission's, once the due day is over.
 */
import { onTime, vnDate } from '../../progress/period.js';
import type { RoundContext } from '../context.js';
import type { Flag } from '../flag.js';
import { makeFlag } from '../ids.js';
import { flagMessages } from '../messages.js';

export function lateSubmissions(ctx: RoundContext): Flag[] {
  const { progress, dueDate, agencyName } = ctx.input;
  if (!progress || dueDate === null) return [];
  const due = dueDate.slice(0, 10);
  return Object.entries(progress.firstSyncByAgency)
    .filter(([, at]) => !onTime(new Date(at), due))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, at]) => {
      const sentOn = vnDate(new Date(at));
      return makeFlag({
        code: 'late_submission',
        table: null,
        rows: [],
        aggregateKey: `agency:${id}`,
        agencyIds: [id],
        message: flagMessages.lateSubmission(agencyName(id), due, sentOn),
        figures: { dueDate: due, sentOn },
      });
    });
}
