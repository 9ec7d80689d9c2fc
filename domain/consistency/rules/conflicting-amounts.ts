/**
 * conflicting_amounts: one budget task sent by several agencies with different money. Each
 * agency's figures are the sum of its rows in the group (what it asks for that task).
 */

import type { RoundContext } from '../context.js';
import type { Flag } from '../flag.js';
import { makeFlag } from '../ids.js';
import { type AmountDifference, flagMessages, place } from '../messages.js';

export interface GroupOutcome {
  flags: Flag[];
  /** Indices of the rows of each group that was reported, for the duplicate rule to leave alone. */
  reported: number[][];
}

export function conflictingAmounts(ctx: RoundContext, groups: readonly number[][]): GroupOutcome {
  const facts = ctx.facts.budget;
  const { input, budgetDef } = ctx;
  const keys = [...budgetDef.yearKeys, budgetDef.totalKey!];
  const headers = new Map(budgetDef.columns.map((c) => [c.key, c.header]));
  const flags: Flag[] = [];
  const reported: number[][] = [];
  for (const group of groups) {
    const byAgency = new Map<string, Record<string, number>>();
    for (const i of group) {
      const f = facts[i]!;
      const sums = byAgency.get(f.row.agencyId) ?? Object.fromEntries(keys.map((k) => [k, 0]));
      for (const k of keys) sums[k]! += f.amounts[k]!;
      byAgency.set(f.row.agencyId, sums);
    }
    const agencies = [...byAgency.keys()].sort();
    const differences: AmountDifference[] = [];
    for (const k of keys) {
      const values = agencies.map((a) => round(byAgency.get(a)![k]!));
      if (values.every((v) => v === values[0])) continue;
      differences.push({
        label: headers.get(k)!,
        values: agencies.map((a, j) => ({ agency: input.agencyName(a), value: values[j]! })),
      });
    }
    if (differences.length === 0) continue;
    const first = facts[group[0]!]!;
    reported.push(group);
    flags.push(
      makeFlag({
        code: 'conflicting_amounts',
        table: 'budget',
        rows: group.map((i) => facts[i]!.row),
        message: flagMessages.conflictingAmounts(
          first.name,
          place(first.row.section, first.row.code),
          agencies.map(input.agencyName),
          differences,
        ),
        figures: {
          agencies: Object.fromEntries(agencies.map((a) => [a, figuresOf(byAgency.get(a)!, ctx)])),
        },
      }),
    );
  }
  return { flags, reported };
}

const round = (v: number) => Math.round(v * 1000) / 1000;

function figuresOf(sums: Record<string, number>, ctx: RoundContext): { total: number; years: Record<string, number> } {
  const { budgetDef } = ctx;
  return {
    total: round(sums[budgetDef.totalKey!]!),
    years: Object.fromEntries(budgetDef.yearKeys.map((k) => [k.slice(1), round(sums[k]!)])),
  };
}
