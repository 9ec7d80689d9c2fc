import { DEFAULT_PERIOD } from '../../../domain/index.js';
import { matcher, agencyName } from '../real-rows.js';
import { generatedRound } from '../generated-rows.js';
import { buildContext } from '../../../domain/consistency/context.js';
import { possibleDuplicates } from '../../../domain/consistency/rules/possible-duplicate.js';
const rows = generatedRound(40000);
const ctx = buildContext({ rows, matcher, period: DEFAULT_PERIOD, declaredTotals: null, expectedAgencies: [], lastSyncByAgency: {}, dueDate: null, now: new Date(), agencyName });
const v = ctx.vocabulary;
let shown = 0;
(globalThis as any).__visit = (item: number, set: any, other: any, at: number, atOther: number, owners: number[]) => {
  if (owners.includes(item)) return;
  const o = owners[0]!;
  const s = v.nameSimilarity(ctx.facts.tasks[item]!.forms, ctx.facts.tasks[o]!.forms, 0.8);
  if (s > 0 || shown++ > 4) return;
  console.log('at', at, atOther, 'lead', v.leading(set, at).toFixed(1), v.leading(other, atOther).toFixed(1), Array.from(set.ranks).slice(0, 6).map((r: any) => `${r}/${v.weights[r]!.toFixed(1)}`).join(' '), '||', Array.from(other.ranks).slice(0, 6).map((r: any) => `${r}/${v.weights[r]!.toFixed(1)}`).join(' '));
  console.log('   ', ctx.facts.tasks[item]!.name, '|', ctx.facts.tasks[o]!.name);
};
possibleDuplicates(ctx, 'tasks', []);
