/**
 * declared_total_mismatch: the merged budget (every live budget row of every agency) against the
 * totals the plan text declares: grand total, each year, and funding sources (read from the
 * leads, see sources.ts). In plan 003 the enterprise-led lines add up to exactly the declared
 * 3.073.000.
 */
import type { RoundContext, RowFacts } from '../context.js';
import type { Flag } from '../flag.js';
import { makeFlag } from '../ids.js';
import { flagMessages, totalLabels } from '../messages.js';
import { isEnterpriseLed, leafRows } from '../sources.js';

const round = (v: number) => Math.round(v * 1000) / 1000;

export function declaredTotalMismatch(ctx: RoundContext): Flag[] {
  const declared = ctx.input.declaredTotals;
  if (!declared) return [];
  const { budgetDef } = ctx;
  const totalKey = budgetDef.totalKey!;
  const leaves = leafRows(ctx.facts.budget);
  const sum = (rows: readonly RowFacts[], key: string) => round(rows.reduce((s, f) => s + (f.amounts[key] ?? 0), 0));
  const enterpriseRows = leaves.filter((f) => isEnterpriseLed(f.leads));
  const grand = sum(leaves, totalKey);

  const flags: Flag[] = [];
  const check = (
    key: string,
    label: string,
    actual: number,
    wanted: number | undefined,
    rows: readonly RowFacts[] = [],
  ) => {
    if (wanted === undefined || round(wanted) === actual) return;
    flags.push(
      makeFlag({
        code: 'declared_total_mismatch',
        table: 'budget',
        rows: rows.map((f) => f.row),
        aggregateKey: key,
        message: flagMessages.declaredTotalMismatch(label, actual, wanted),
        figures: { declared: wanted, actual, difference: round(actual - wanted) },
      }),
    );
  };
  check('grand', totalLabels.grand(budgetDef.columns.find((c) => c.key === totalKey)!.header), grand, declared.grand);
  for (const year of Object.keys(declared.years ?? {}).sort()) {
    check(`year:${year}`, totalLabels.year(year), sum(leaves, `y${year}`), declared.years![year]);
  }
  const sources = declared.sources ?? {};
  check('source:non_state', totalLabels.nonState, sum(enterpriseRows, totalKey), sources.non_state, enterpriseRows);
  if (sources.provincial !== undefined && sources.central !== undefined) {
    check(
      'source:state',
      totalLabels.state,
      round(grand - sum(enterpriseRows, totalKey)),
      sources.provincial + sources.central,
    );
  }
  return flags;
}
