/**
 * The cross-agency consistency rules of a round, run together. Pure: the same input gives the
 * same flags, with the same ids, whatever the order of the rows.
 */
import { buildContext } from './context.js';
import type { ConsistencyInput, Flag } from './flag.js';
import { FLAG_RULES, type FlagRule, RuleRun, sortFlags } from './flag-rules.js';

/**
 * Compute the flags of a round: of every rule in the registry, or of `rules` only. Callers
 * validate the input at their boundary (`consistencyInputSchema`); parsing 40,000 rows again here
 * would double the cost.
 *
 * @example
 * const flags = computeFlags({ rows, matcher, period: DEFAULT_PERIOD, declaredTotals: null,
 *   expectedAgencies: [], lastSyncByAgency: {}, dueDate: null, now: new Date(), agencyName });
 */
export function computeFlags(input: ConsistencyInput, rules: readonly FlagRule[] = FLAG_RULES): Flag[] {
  const run = new RuleRun(buildContext(input));
  return sortFlags(rules.flatMap((r) => r.compute(run)));
}
