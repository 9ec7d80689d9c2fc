/**
 * missing_submission: an expected agency that has never synced once its due date is over. A due
 * date is a Vietnamese calendar day, so it ends at midnight Vietnam time (UTC+7, no daylight saving).
 */
import type { RoundContext } from '../context.js';
import type { Flag } from '../flag.js';
import { makeFlag } from '../ids.js';
import { flagMessages } from '../messages.js';

/** End of the due date: the next midnight in Vietnam, or the instant itself when a time is given. */
export function dueInstant(dueDate: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(dueDate)
    ? Date.parse(`${dueDate}T00:00:00+07:00`) + 86_400_000
    : Date.parse(dueDate);
}

export function missingSubmissions(ctx: RoundContext): Flag[] {
  const { dueDate, now, expectedAgencies, lastSyncByAgency, agencyName } = ctx.input;
  if (dueDate === null || !(now.getTime() >= dueInstant(dueDate))) return [];
  return [...new Set(expectedAgencies)]
    .filter((id) => !lastSyncByAgency[id])
    .sort()
    .map((id) =>
      makeFlag({
        code: 'missing_submission',
        table: null,
        rows: [],
        aggregateKey: `agency:${id}`,
        agencyIds: [id],
        message: flagMessages.missingSubmission(agencyName(id), dueDate),
        figures: { dueDate },
      }),
    );
}
