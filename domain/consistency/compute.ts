/**
 * The cross-agency consistency rules of a round, run together. Pure: the same input gives the
 * same flags, with the same ids, whatever the order of the rows.
 */
import { buildContext } from './context.js';
import { type ConsistencyInput, FLAG_CODES, FLAG_SEVERITIES, type Flag } from './flag.js';
import { linkBudgetToTasks } from './links.js';
import { conflictingAmounts } from './rules/conflicting-amounts.js';
import { conflictingLinkedLeads, conflictingTaskLeads } from './rules/conflicting-lead.js';
import { declaredTotalMismatch } from './rules/declared-total-mismatch.js';
import { missingSubmissions } from './rules/missing-submission.js';
import { possibleDuplicates } from './rules/possible-duplicate.js';
import { submitterNotInvolved } from './rules/submitter-not-involved.js';
import { unlinkedBudget } from './rules/unlinked-budget.js';
import { sameTaskGroups } from './same-task.js';

/**
 * Compute every flag of a round. Callers validate the input at their boundary
 * (`consistencyInputSchema`); parsing 40,000 rows again here would double the cost.
 *
 * @example
 * const flags = computeFlags({ rows, matcher, period: DEFAULT_PERIOD, declaredTotals: null,
 *   expectedAgencies: [], lastSyncByAgency: {}, dueDate: null, now: new Date(), agencyName });
 */
export function computeFlags(input: ConsistencyInput): Flag[] {
  const ctx = buildContext(input);
  const { tasks, budget } = ctx.facts;
  const amounts = conflictingAmounts(ctx, sameTaskGroups(budget, ctx.vocabulary));
  const leads = conflictingTaskLeads(ctx, sameTaskGroups(tasks, ctx.vocabulary));
  const links = linkBudgetToTasks(tasks, budget, ctx.vocabulary);
  const flags = [
    ...amounts.flags,
    ...leads.flags,
    ...conflictingLinkedLeads(ctx, links),
    ...possibleDuplicates(ctx, 'tasks', leads.reported),
    ...possibleDuplicates(ctx, 'budget', amounts.reported),
    ...submitterNotInvolved(ctx, 'tasks'),
    ...submitterNotInvolved(ctx, 'budget'),
    ...declaredTotalMismatch(ctx),
    ...unlinkedBudget(ctx, links),
    ...missingSubmissions(ctx),
  ];
  return sortFlags(flags);
}

const severityRank = new Map(FLAG_SEVERITIES.map((s, i) => [s, i]));
const codeRank = new Map(FLAG_CODES.map((c, i) => [c, i]));

/** Errors first, then by code in declaration order, then by id. */
function sortFlags(flags: Flag[]): Flag[] {
  const unique = [...new Map(flags.map((f) => [f.id, f])).values()];
  return unique.sort(
    (a, b) =>
      severityRank.get(a.severity)! - severityRank.get(b.severity)! ||
      codeRank.get(a.code)! - codeRank.get(b.code)! ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
