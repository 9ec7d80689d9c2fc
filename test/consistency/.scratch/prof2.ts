import { DEFAULT_PERIOD } from '../../../domain/index.js';
import { matcher, agencyName } from '../real-rows.js';
import { generatedRound } from '../generated-rows.js';
import { buildContext } from '../../../domain/consistency/context.js';
import { forEachCandidatePair } from '../../../domain/consistency/similarity.js';
const rows = generatedRound(40000);
const input = { rows, matcher, period: DEFAULT_PERIOD, declaredTotals: null, expectedAgencies: [], lastSyncByAgency: {}, dueDate: null, now: new Date(), agencyName };
const ctx = buildContext(input);
const v = ctx.vocabulary;
const f = ctx.facts.tasks;
let pairs = 0;
const t = performance.now();
forEachCandidatePair(f.map(x => x.forms), v, 0.8, () => { pairs++; });
console.log('candidate pairs', pairs, (performance.now() - t).toFixed(0));
// prefix stats
let sp = 0, dp = 0, n = 0;
for (const x of f) for (const s of x.forms) { sp += v.prefixLength(s, 0.615); dp += v.distinctivePrefixLength(s); n++; }
console.log('avg similar prefix', sp / n, 'distinctive', dp / n);
const x = f[5]!; console.log(x.name, Array.from(x.forms[0]!.ranks).map(r => v.weights[r]!.toFixed(2)).join(' '));
const cnt = new Map<number, number>();
for (const x of f) for (const s of x.forms) { const k = v.distinctivePrefixLength(s); for (let i = 0; i < k; i++) cnt.set(s.ranks[i]!, (cnt.get(s.ranks[i]!) ?? 0) + 1); }
const top = [...cnt].sort((a, b) => b[1] - a[1]).slice(0, 5);
console.log(top.map(([r, c]) => `${r}:${c}:w=${v.weights[r]!.toFixed(2)}`));
const long = f.filter(x => x.forms.some(s => v.distinctivePrefixLength(s) > 1)).slice(0, 3).map(x => x.name + ' | ' + x.forms.map(s => Array.from(s.ranks).map(r => v.weights[r]!.toFixed(1)).join(' ')).join(' || '));
console.log(long);
