import { computeFlags, DEFAULT_PERIOD } from '../../../domain/index.js';
import { matcher, agencyName } from '../real-rows.js';
import { generatedRound } from '../generated-rows.js';
const rows = generatedRound(40000);
for (let k = 0; k < 3; k++) {
  const t = performance.now();
  const flags = computeFlags({ rows, matcher, period: DEFAULT_PERIOD, declaredTotals: { grand: 1 }, expectedAgencies: [], lastSyncByAgency: {}, dueDate: null, now: new Date(), agencyName });
  const counts: Record<string, number> = {};
  for (const f of flags) counts[f.code] = (counts[f.code] ?? 0) + 1;
  console.log('ms', (performance.now() - t).toFixed(0), counts);
}
