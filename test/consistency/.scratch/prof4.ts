import { DEFAULT_PERIOD } from '../../../domain/index.js';
import { matcher, agencyName } from '../real-rows.js';
import { generatedRound } from '../generated-rows.js';
import { buildContext } from '../../../domain/consistency/context.js';
import { possibleDuplicates } from '../../../domain/consistency/rules/possible-duplicate.js';
import { linkBudgetToTasks } from '../../../domain/consistency/links.js';
import { STATS } from '../../../domain/consistency/search.js';
const rows = generatedRound(40000);
const ctx = buildContext({ rows, matcher, period: DEFAULT_PERIOD, declaredTotals: null, expectedAgencies: [], lastSyncByAgency: {}, dueDate: null, now: new Date(), agencyName });
for (const t of ['tasks', 'budget'] as const) {
  for (const k of Object.keys(STATS)) (STATS as any)[k] = 0;
  const c0 = process.cpuUsage().user;
  possibleDuplicates(ctx, t, []);
  console.log(t, JSON.stringify(STATS), (process.cpuUsage().user - c0) / 1000);
}
for (const k of Object.keys(STATS)) (STATS as any)[k] = 0;
const c0 = process.cpuUsage().user;
linkBudgetToTasks(ctx.facts.tasks, ctx.facts.budget, ctx.vocabulary);
console.log('links', JSON.stringify(STATS), (process.cpuUsage().user - c0) / 1000);
