import { DEFAULT_PERIOD } from '../../../domain/index.js';
import { matcher, agencyName } from '../real-rows.js';
import { generatedRound } from '../generated-rows.js';
import { buildContext } from '../../../domain/consistency/context.js';
const rows = generatedRound(40000);
const ctx = buildContext({ rows, matcher, period: DEFAULT_PERIOD, declaredTotals: null, expectedAgencies: [], lastSyncByAgency: {}, dueDate: null, now: new Date(), agencyName });
const v = ctx.vocabulary; const b = ctx.facts.budget;
for (let k = 0; k < 3; k++) {
const c0 = process.cpuUsage().user; let s = 0;
for (let i = 0; i < 500000; i++) { const x = b[i % b.length]!, y = b[(i * 7) % b.length]!; s += v.similarity(x.forms[0]!, y.forms[0]!); }
console.log('500k similarity', (process.cpuUsage().user - c0) / 1000, s);
}
