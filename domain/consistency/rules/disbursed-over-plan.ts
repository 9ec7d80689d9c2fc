/**
 * disbursed_over_plan, at two levels:
 * - a task whose agency reports more disbursed (cumulative for the plan year) than the budget
 *   lines of the plan that fund it plan for that year. Which lines fund a task is the link rule's
 *   answer on the plan (links.ts): each line funds at most one task, a task may have several;
 * - the province: every agency's disbursed money together above the budget the plan declares
 *   for the year (its declared totals; without them the plan's lines hold group rows whose sums
 *   would count money twice, so nothing is said).
 */
import type { SheetRowRecord } from '../../round.js';
import { yearKey } from '../../tables.js';
import { buildContext, type RoundContext } from '../context.js';
import type { Flag } from '../flag.js';
import { makeFlag } from '../ids.js';
import { linkBudgetToTasks } from '../links.js';
import { flagMessages, place } from '../messages.js';
import { answersOf, cellNumber, type ProgressFlagInput, type ProgressPlanRow } from '../progress-input.js';

const asRecord = (table: 'tasks' | 'budget', r: ProgressPlanRow): SheetRowRecord => ({
  table,
  uid: r.uid,
  agencyId: r.reporter,
  section: r.section,
  code: r.code,
  cells: r.cells,
  rowHash: '',
});

/** The budget lines funding each task, by task uid; kept while the plan's rows are the same arrays. */
const funding = new WeakMap<readonly ProgressPlanRow[], Map<string, ProgressPlanRow[]>>();

function linesByTask(ctx: RoundContext, progress: ProgressFlagInput): Map<string, ProgressPlanRow[]> {
  const known = funding.get(progress.budget);
  if (known) return known;
  const plan = buildContext({
    ...ctx.input,
    rows: [...progress.tasks.map((t) => asRecord('tasks', t)), ...progress.budget.map((b) => asRecord('budget', b))],
    progress: undefined,
    rarity: undefined,
    names: undefined,
  });
  const links = linkBudgetToTasks(plan.facts.tasks, plan.facts.budget, plan.vocabulary);
  const byTask = new Map<string, ProgressPlanRow[]>();
  const budget = new Map(progress.budget.map((b) => [b.uid, b]));
  for (const line of plan.facts.budget) {
    const task = plan.facts.tasks[links[line.index]!];
    if (!task) continue;
    const list = byTask.get(task.row.uid) ?? [];
    list.push(budget.get(line.row.uid)!);
    byTask.set(task.row.uid, list);
  }
  funding.set(progress.budget, byTask);
  return byTask;
}

export function disbursedOverPlan(ctx: RoundContext): Flag[] {
  const { progress, agencyName } = ctx.input;
  if (!progress) return [];
  const year = progress.period.year;
  const column = yearKey(year);
  const answers = answersOf(progress, 0, 'progress');
  const byTask = progress.budget.length > 0 ? linesByTask(ctx, progress) : new Map<string, ProgressPlanRow[]>();
  const out: Flag[] = [];
  let total = 0;
  for (const task of progress.tasks) {
    const answer = answers.get(task.uid);
    const spent = cellNumber(answer?.cells.disbursed);
    if (!answer || spent === null) continue;
    total += spent;
    const lines = byTask.get(task.uid);
    if (!lines) continue;
    const planned = lines.reduce((sum, l) => sum + (cellNumber(l.cells[column]) ?? 0), 0);
    if (spent <= planned) continue;
    out.push(
      makeFlag({
        code: 'disbursed_over_plan',
        table: 'progress',
        rows: [answer],
        agencyIds: [task.reporter],
        message: flagMessages.disbursedOverPlan(
          String(task.cells.name ?? ''),
          place(task.section, task.code),
          agencyName(task.reporter),
          spent,
          planned,
          year,
        ),
        figures: { disbursed: spent, planned, year, lines: lines.map((l) => l.uid) },
      }),
    );
  }
  const { yearPlan } = progress;
  if (yearPlan !== null && total > yearPlan)
    out.push(
      makeFlag({
        code: 'disbursed_over_plan',
        table: 'progress',
        rows: [],
        aggregateKey: `province:${year}`,
        agencyIds: [],
        message: flagMessages.disbursedOverYearPlan(total, yearPlan, year),
        figures: { disbursed: total, planned: yearPlan, year },
      }),
    );
  return out;
}
