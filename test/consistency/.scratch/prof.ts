import { DEFAULT_PERIOD } from '../../../domain/index.js';
import { matcher, agencyName } from '../real-rows.js';
import { generatedRound } from '../generated-rows.js';
import { buildContext } from '../../../domain/consistency/context.js';
import { sameTaskGroups } from '../../../domain/consistency/same-task.js';
import { linkBudgetToTasks } from '../../../domain/consistency/links.js';
import { possibleDuplicates } from '../../../domain/consistency/rules/possible-duplicate.js';
import { submitterNotInvolved } from '../../../domain/consistency/rules/submitter-not-involved.js';
import { conflictingAmounts } from '../../../domain/consistency/rules/conflicting-amounts.js';
const rows = generatedRound(40000);
const input = { rows, matcher, period: DEFAULT_PERIOD, declaredTotals: { grand: 1 }, expectedAgencies: [], lastSyncByAgency: {}, dueDate: null, now: new Date(), agencyName };
for (let k = 0; k < 3; k++) {
let t = process.cpuUsage().user / 1000;
const lap = (l: string) => { const n = process.cpuUsage().user / 1000; console.log(l, (n - t).toFixed(0)); t = n; };
const ctx = buildContext(input); lap('context ' + ctx.facts.tasks.length + ' ' + ctx.facts.budget.length);
const gb = sameTaskGroups(ctx.facts.budget, ctx.vocabulary); lap('same budget ' + gb.length);
const gt = sameTaskGroups(ctx.facts.tasks, ctx.vocabulary); lap('same tasks ' + gt.length);
const am = conflictingAmounts(ctx, gb); lap('amounts ' + am.flags.length);
const links = linkBudgetToTasks(ctx.facts.tasks, ctx.facts.budget, ctx.vocabulary); lap('links ' + links.filter(x => x >= 0).length);
const d1 = possibleDuplicates(ctx, 'tasks', []); lap('dup tasks ' + d1.length);
const d2 = possibleDuplicates(ctx, 'budget', am.reported); lap('dup budget ' + d2.length);
const s1 = submitterNotInvolved(ctx, 'tasks'); lap('submitter ' + s1.length);
if (k === 0) { for (const f of am.flags.slice(0, 2)) console.log(f.message, JSON.stringify(f.rows)); }
}
