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
import { type DemoPlan, loadDemoPlan } from './demo-round.js';

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
