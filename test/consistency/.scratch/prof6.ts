import { DEFAULT_PERIOD } from '../../../domain/index.js';
import { matcher, agencyName } from '../real-rows.js';
import { generatedRound } from '../generated-rows.js';
import { buildContext } from '../../../domain/consistency/context.js';
import { possibleDuplicates } from '../../../domain/consistency/rules/possible-duplicate.js';
const rows = generatedRound(40000);
const ctx = buildContext({ rows, matcher, period: DEFAULT_PERIOD, declaredTotals: null, expectedAgencies: [], lastSyncByAgency: {}, dueDate: null, now: new Date(), agencyName });
const v = ctx.vocabulary;
(globalThis as any).__dbg = (i: number, j: number) => {
  const a = ctx.facts.tasks[i]!, b = ctx.facts.tasks[j]!;
  const show = (f: typeof a) => f.name + ' :: ' + Array.from(f.forms[0]!.ranks).slice(0, 5).map(r => `${r}/${v.weights[r]!.toFixed(1)}`).join(' ');
  console.log(show(a), '\n   ', show(b), v.nameSimilarity(a.forms, b.forms, 0.8));
};
possibleDuplicates(ctx, 'tasks', []);
let shown = 0;
(globalThis as any).__dbg = undefined;
(globalThis as any).__visit = (item: number, set: any, other: any, at: number, atOther: number, owners: number[]) => {
  if (shown++ > 3 || owners.length < 3) { if (owners.length >= 3) {} return; }
  console.log('VISIT item', item, 'at', at, atOther, 'owners', owners.length, owners.slice(0, 5), Array.from(set.ranks).slice(0, 4), Array.from(other.ranks).slice(0, 4), ctx.facts.tasks[owners[0]!]!.name, '|', ctx.facts.tasks[owners[1]!]!.name);
};
possibleDuplicates(ctx, 'tasks', []);
