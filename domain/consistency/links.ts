/**
 * Which task of the tasks table each budget line funds: the task whose name the budget line's
 * name contains best (see `Vocabulary.containment`), if it contains enough of it.
 */
import type { RowFacts } from './context.js';
import { bestContainers } from './search.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * Measured on the real plan 003 (68 budget items against the 200 task items of Phụ lục II), best
 * containment per budget item: ≥ 0.9: 6, 0.8–0.9: 4, 0.7–0.8: 9, 0.6–0.7: 10, below 0.6: 39.
 * From 0.7 up every link read by hand is right (kho dữ liệu dùng chung → VII 2.5, đô thị thông
 * minh → VII 3.5, nền tảng tiện ích số → X 2.5, the eight "thúc đẩy kinh tế số lĩnh vực …" →
 * I 2.x …); between 0.6 and 0.7 two of ten are wrong ("Thu hút, đào tạo … nhân lực" → "Thu hút
 * các nguồn hỗ trợ quốc tế"). A wrong link makes a false conflicting_lead warning, a missing one
 * only an unlinked_budget note, so the threshold is 0.7: 19 of the 68 real items link.
 */
export const LINK_THRESHOLD = 0.7;

/** For each budget row, the index of its task row, or -1. */
export function linkBudgetToTasks(tasks: readonly RowFacts[], budget: readonly RowFacts[], vocabulary: Vocabulary): Int32Array {
  return bestContainers(tasks.map((t) => t.forms), budget.map((b) => b.forms), vocabulary, LINK_THRESHOLD);
}
