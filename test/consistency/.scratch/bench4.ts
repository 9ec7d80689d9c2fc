import { computeFlags, DEFAULT_PERIOD } from '../../../domain/index.js';
import { matcher, agencyName } from '../real-rows.js';
import { generatedRound } from '../generated-rows.js';
const rows = generatedRound(40000);
for (let k = 0; k < 2; k++) {
  const t = performance.now();
  computeFlags({ rows, matcher, period: DEFAULT_PERIOD, declaredTotals: { grand: 1 }, expectedAgencies: [], lastSyncByAgency: {}, dueDate: null, now: new Date(), agencyName });
  console.log('ms', (performance.now() - t).toFixed(0));
}
