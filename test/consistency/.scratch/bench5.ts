import { DEFAULT_PERIOD } from '../../../domain/index.js';
import { matcher, agencyName } from '../real-rows.js';
import { generatedRound } from '../generated-rows.js';
import { buildContext } from '../../../domain/consistency/context.js';
const rows = generatedRound(40000);
for (let k = 0; k < 4; k++) {
  const c = process.cpuUsage().user;
  buildContext({ rows, matcher, period: DEFAULT_PERIOD, declaredTotals: null, expectedAgencies: [], lastSyncByAgency: {}, dueDate: null, now: new Date(), agencyName });
  console.log('context cpu ms', (process.cpuUsage().user - c) / 1000);
}
