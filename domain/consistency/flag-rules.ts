/**
 * The registry of flag rules: the one list of what the consistency rules report. FLAG_CODES,
 * the severities, the console's labels, computeFlags and the service's incremental engine all
 * read it, so a rule exists once.
 *
 * To add a rule, add its code to FLAG_CODES and its entry to FLAG_RULES, at the same place:
 * - `code`: snake_case, new; `severity`: an error blocks the merged totals, a warning asks a
 *   validator, info informs; `label`: the Vietnamese words the console shows for the code.
 * - `scopes`: how far a change of one row reaches, which is what the incremental engine
 *   recomputes after a sync:
 *   `row` (a flag is about one row alone: recomputed on the changed rows),
 *   `group` (about rows joined as one task or as duplicates: recomputed on the whole group),
 *   `link` (about a budget line and the tasks it can be linked to),
 *   `round` (about the round as a whole: recomputed after every sync, from no rows when the
 *   rule reads none, or from each budget sheet's sums when it reads only those).
 * - `reads`: the inputs the rule reads (FLAG_INPUTS).
 * - `compute`: the rule, on the round's context and the derivations shared between rules.
 * The property test (test/service/flag-rules.property.test.ts) then checks the new rule's
 * incremental flags against a full recompute without further work.
 */
import type { RoundContext } from './context.js';
import type { Flag } from './flag.js';
import { linkBudgetToTasks } from './links.js';
import { conflictingAmounts, type GroupOutcome } from './rules/conflicting-amounts.js';
import { conflictingLinkedLeads, conflictingTaskLeads } from './rules/conflicting-lead.js';
import { declaredTotalMismatch } from './rules/declared-total-mismatch.js';
import { disbursedOverPlan } from './rules/disbursed-over-plan.js';
import { lateSubmissions } from './rules/late-submission.js';
import { missingSubmissions } from './rules/missing-submission.js';
import { overdue } from './rules/overdue.js';
import { possibleDuplicates } from './rules/possible-duplicate.js';
import { staleReport } from './rules/stale-report.js';
import { statusRegression } from './rules/status-regression.js';
import { submitterNotInvolved } from './rules/submitter-not-involved.js';
import { targetBehind } from './rules/target-behind.js';
import { unlinkedBudget } from './rules/unlinked-budget.js';
import { sameTaskGroups } from './same-task.js';

export const FLAG_SEVERITIES = ['error', 'warning', 'info'] as const;
export type FlagSeverity = (typeof FLAG_SEVERITIES)[number];

export const FLAG_SCOPES = ['row', 'group', 'link', 'round'] as const;
export type FlagScope = (typeof FLAG_SCOPES)[number];

/**
 * What a rule reads: `rows` (the live rows, names included), `rarity` (how rare each word of a
 * name is among all the round's rows: a rule that weighs names by it moves, near its thresholds
 * and in its similarity figures, with rows it is not about), `budget_sums` (only the sums and
 * enterprise-led leaves of each budget sheet), `progress` (a progress round's plan rows, this and
 * earlier periods' answers, first syncs: ConsistencyInput.progress), and fields of ConsistencyInput.
 */
export const FLAG_INPUTS = [
  'rows',
  'rarity',
  'budget_sums',
  'declared_totals',
  'expected_agencies',
  'last_sync',
  'due_date',
  'now',
  'progress',
] as const;
export type FlagInput = (typeof FLAG_INPUTS)[number];

/** Results several rules read, worked out at most once per run. */
export class RuleRun {
  #amounts?: GroupOutcome;
  #leads?: GroupOutcome;
  #links?: Int32Array;
  constructor(readonly ctx: RoundContext) {}
  /** conflicting_amounts on the budget's same-task groups, and the groups it reported. */
  get amounts(): GroupOutcome {
    return (this.#amounts ??= conflictingAmounts(this.ctx, sameTaskGroups(this.ctx.facts.budget, this.ctx.vocabulary)));
  }
  /** conflicting_lead on the tasks' same-task groups, and the groups it reported. */
  get leads(): GroupOutcome {
    return (this.#leads ??= conflictingTaskLeads(this.ctx, sameTaskGroups(this.ctx.facts.tasks, this.ctx.vocabulary)));
  }
  /** Each budget line's task, by index (-1: none). */
  get links(): Int32Array {
    return (this.#links ??= linkBudgetToTasks(this.ctx.facts.tasks, this.ctx.facts.budget, this.ctx.vocabulary));
  }
}

/**
 * The codes, in the order flags of one severity are listed. Written out (not read off FLAG_RULES)
 * because the rules' own type names the codes: TypeScript cannot infer a list from itself.
 */
export const FLAG_CODES = [
  'conflicting_amounts',
  'conflicting_lead',
  'possible_duplicate',
  'submitter_not_involved',
  'declared_total_mismatch',
  'unlinked_budget',
  'missing_submission',
  'overdue',
  'disbursed_over_plan',
  'status_regression',
  'target_behind',
  'late_submission',
  'stale_report',
] as const;
export type FlagCode = (typeof FLAG_CODES)[number];

/** The kinds of round: a plan being compiled, or a period's progress report on a plan. */
export const FLAG_ROUND_KINDS = ['plan', 'progress'] as const;
export type FlagRoundKind = (typeof FLAG_ROUND_KINDS)[number];

export interface FlagRule {
  code: FlagCode;
  severity: FlagSeverity;
  label: string;
  /** The kinds of round whose flags the rule can raise (it finds nothing in the others). */
  rounds: readonly FlagRoundKind[];
  scopes: readonly FlagScope[];
  reads: readonly FlagInput[];
  compute: (run: RuleRun) => Flag[];
}

/** One entry per code of FLAG_CODES, in its order. */
export const FLAG_RULES: readonly FlagRule[] = [
  {
    code: 'conflicting_amounts',
    severity: 'warning',
    label: 'Số liệu kinh phí không thống nhất',
    rounds: ['plan'],
    scopes: ['group'],
    reads: ['rows', 'rarity'],
    compute: (run) => run.amounts.flags,
  },
  {
    code: 'conflicting_lead',
    severity: 'warning',
    label: 'Cơ quan chủ trì không thống nhất',
    // Between the tasks of one group, and between a budget line and its task.
    rounds: ['plan'],
    scopes: ['group', 'link'],
    reads: ['rows', 'rarity'],
    compute: (run) => [...run.leads.flags, ...conflictingLinkedLeads(run.ctx, run.links)],
  },
  {
    code: 'possible_duplicate',
    severity: 'warning',
    label: 'Có thể trùng nhiệm vụ',
    rounds: ['plan'],
    scopes: ['group'],
    reads: ['rows', 'rarity'],
    compute: (run) => [
      ...possibleDuplicates(run.ctx, 'tasks', run.leads.reported),
      ...possibleDuplicates(run.ctx, 'budget', run.amounts.reported),
    ],
  },
  {
    code: 'submitter_not_involved',
    severity: 'warning',
    label: 'Cơ quan gửi không chủ trì, không phối hợp',
    rounds: ['plan'],
    scopes: ['row'],
    reads: ['rows'],
    compute: (run) => [...submitterNotInvolved(run.ctx, 'tasks'), ...submitterNotInvolved(run.ctx, 'budget')],
  },
  {
    code: 'declared_total_mismatch',
    severity: 'error',
    label: 'Tổng kinh phí khác số trong kế hoạch',
    rounds: ['plan'],
    scopes: ['round'],
    reads: ['budget_sums', 'declared_totals'],
    compute: (run) => declaredTotalMismatch(run.ctx),
  },
  {
    code: 'unlinked_budget',
    severity: 'info',
    label: 'Kinh phí chưa gắn với nhiệm vụ',
    rounds: ['plan'],
    scopes: ['link'],
    reads: ['rows', 'rarity'],
    compute: (run) => unlinkedBudget(run.ctx, run.links),
  },
  {
    code: 'missing_submission',
    severity: 'warning',
    label: 'Chưa gửi số liệu',
    rounds: ['plan', 'progress'],
    scopes: ['round'],
    reads: ['expected_agencies', 'last_sync', 'due_date', 'now'],
    compute: (run) => missingSubmissions(run.ctx),
  },
  // The progress rules read the progress round's own context, which the service works out for the
  // whole round: they are round-wide, recomputed after every sync (and as the days pass).
  {
    code: 'overdue',
    severity: 'warning',
    label: 'Nhiệm vụ quá hạn chưa hoàn thành',
    rounds: ['progress'],
    scopes: ['round'],
    reads: ['progress', 'now'],
    compute: (run) => overdue(run.ctx),
  },
  {
    code: 'disbursed_over_plan',
    severity: 'warning',
    label: 'Giải ngân vượt kế hoạch năm',
    rounds: ['progress'],
    scopes: ['round'],
    reads: ['progress'],
    compute: (run) => disbursedOverPlan(run.ctx),
  },
  {
    code: 'status_regression',
    severity: 'warning',
    label: 'Nhiệm vụ đã hoàn thành nay báo chưa hoàn thành',
    rounds: ['progress'],
    scopes: ['round'],
    reads: ['progress'],
    compute: (run) => statusRegression(run.ctx),
  },
  {
    code: 'target_behind',
    severity: 'info',
    label: 'Chỉ tiêu chậm so với tiến độ',
    rounds: ['progress'],
    scopes: ['round'],
    reads: ['progress'],
    compute: (run) => targetBehind(run.ctx),
  },
  {
    code: 'late_submission',
    severity: 'info',
    label: 'Gửi báo cáo muộn',
    rounds: ['progress'],
    scopes: ['round'],
    reads: ['progress', 'due_date'],
    compute: (run) => lateSubmissions(run.ctx),
  },
  {
    code: 'stale_report',
    severity: 'info',
    label: 'Báo cáo không thay đổi qua ba kỳ',
    rounds: ['progress'],
    scopes: ['round'],
    reads: ['progress'],
    compute: (run) => staleReport(run.ctx),
  },
];
{
  const listed = FLAG_RULES.map((r) => r.code).join();
  if (listed !== FLAG_CODES.join()) throw new Error(`FLAG_RULES lists ${listed}, FLAG_CODES ${FLAG_CODES.join()}`);
}

/** Each code has one severity. */
export const FLAG_SEVERITY = Object.fromEntries(FLAG_RULES.map((r) => [r.code, r.severity])) as Readonly<
  Record<FlagCode, FlagSeverity>
>;
export const FLAG_LABELS = Object.fromEntries(FLAG_RULES.map((r) => [r.code, r.label])) as Readonly<
  Record<FlagCode, string>
>;

const byCode: ReadonlyMap<string, FlagRule> = new Map(FLAG_RULES.map((r) => [r.code, r]));

/** The rule of a code (undefined for a code no rule reports, such as a stored flag's of an older release). */
export function flagRule(code: string): FlagRule | undefined {
  return byCode.get(code);
}

/** Whether the rule of a code declares this scope (false for a code no rule reports). */
export function hasScope(code: string, scope: FlagScope): boolean {
  return byCode.get(code)?.scopes.includes(scope) ?? false;
}

/** The rules that have this scope. */
export function flagRulesWith(scope: FlagScope): readonly FlagRule[] {
  return FLAG_RULES.filter((r) => r.scopes.includes(scope));
}

/** The codes of the rules that have this scope. */
export function flagCodesWith(scope: FlagScope): ReadonlySet<FlagCode> {
  return new Set(flagRulesWith(scope).map((r) => r.code));
}

const severityRank = new Map<string, number>(FLAG_SEVERITIES.map((s, i) => [s, i]));
const codeRank = new Map<string, number>(FLAG_CODES.map((c, i) => [c, i]));

/** Errors first, then by code in the registry's order, then by id; one flag per id (the last). */
export function sortFlags<F extends { id: string; code: string; severity: string }>(flags: readonly F[]): F[] {
  const unique = [...new Map(flags.map((f) => [f.id, f])).values()];
  return unique.sort(
    (a, b) =>
      severityRank.get(a.severity)! - severityRank.get(b.severity)! ||
      codeRank.get(a.code)! - codeRank.get(b.code)! ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
