/**
 * The plan round "nhiem-vu-can-lam-ngay-2026": the notice of the Steering Committee (source 002),
 * its annex of 19 tasks to do at once with their proposers as leads, and the dated directives of
 * its sections 1 and 2 assigned to named agencies.
 *
 * The rows use the `tasks` table, not `priorities`: a plan is followed through its deadlines, and
 * only `tasks` carries a lead, a time frame that the domain parses into a deadline, and the columns
 * a progress report copies. The annex's "Văn bản đề xuất" stays in db/demo/priorities-002.json.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import type { RegistryStore } from '../registry-store.js';
import { openNextRound, progressRoundId } from '../rounds/manage.js';
import { COORDINATOR_AGENCY, type DemoPlan, loadDemoPlan } from './demo-round.js';

export const PRIORITY_ROUND_ID = 'nhiem-vu-can-lam-ngay-2026';

export const PRIORITY_PLAN: DemoPlan = {
  id: PRIORITY_ROUND_ID,
  name: 'Danh mục nhiệm vụ cần làm ngay năm 2026 theo Thông báo kết luận của Thường trực Ban Chỉ đạo (dữ liệu mẫu)',
  tables: ['tasks'],
  periodStart: 2026,
  periodEnd: 2026,
  // «Hoàn thành công tác chuẩn bị thực hiện các nhiệm vụ thí điểm trước ngày 20/5/2026».
  dueDate: '2026-05-20',
  declaredTotals: null,
};

/** Create and fill the priority plan unless it exists. Returns true when it was loaded now. */
export function loadPriorityPlan(db: Kysely<Database>, registry: RegistryStore, now = new Date()): Promise<boolean> {
  return loadDemoPlan(db, registry, PRIORITY_PLAN, now);
}

/** The notice asks for the priority tasks' progress every month, the first report before 20/5/2026. */
export const PRIORITY_PROGRESS_PERIOD = { kind: 'month', year: 2026, index: 5 } as const;
export const PRIORITY_PROGRESS_ROUND_ID = progressRoundId(PRIORITY_ROUND_ID, PRIORITY_PROGRESS_PERIOD);

/** Open the plan's May 2026 progress round (due 20/5/2026) unless it exists. Returns true when it was opened now. */
export async function loadPriorityProgress(db: Kysely<Database>, registry: RegistryStore): Promise<boolean> {
  const exists = await db
    .selectFrom('rounds')
    .select('id')
    .where('id', '=', PRIORITY_PROGRESS_ROUND_ID)
    .executeTakeFirst();
  if (exists) return false;
  const principal = {
    tokenId: 'demo-loader',
    role: 'coordinator',
    agencyId: COORDINATOR_AGENCY,
    label: await registry.name(COORDINATOR_AGENCY),
  } as const;
  await openNextRound({ db, registry, principal }, PRIORITY_ROUND_ID, {
    today: '2026-05-01',
    period: PRIORITY_PROGRESS_PERIOD,
  });
  return true;
}
