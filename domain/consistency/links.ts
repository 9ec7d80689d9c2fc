/**
 * Which task of the tasks table each budget line funds: the task whose name the budget line's
 * name contains best (see `Vocabulary.containment`), if it contains enough of it.
 */
import type { RowFacts } from './context.js';
import { bestContainers } from './search.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * Measured on the real plan 003, the best containment of each of its 68 budget items in one of
 * the 200 task items of Phụ lục II: ≥ 0.9: 6, 0.8–0.9: 4, 0.7–0.8: 7, 0.65–0.7: 2, 0.6–0.65: 5,
 * 0.5–0.6: 14, below 0.5: 30. Every link from 0.6 up reads right by hand ("Phát triển kho dữ liệu
 * dùng chung của tỉnh, …" → VII 2.5, "Dự án phát triển đô thị thông minh …" → VII 3.5, the
 * "Nhiệm vụ thúc đẩy kinh tế số lĩnh vực …" lines → I 2.x); the first wrong one is at 0.58 ("Thu
 * hút, đào tạo, hỗ trợ nguồn nhân lực …" → "Thu hút các nguồn hỗ trợ quốc tế"), and below 0.6
 * they are often wrong. A wrong link makes a false conflicting_lead warning, a missing one only an
 * unlinked_budget note, so 0.65 keeps a margin: 19 of the 68 real items link.
 */
export const LINK_THRESHOLD = 0.65;

/** For each budget row, the index of its task row, or -1. */
export function linkBudgetToTasks(
  tasks: readonly RowFacts[],
  budget: readonly RowFacts[],
  vocabulary: Vocabulary,
): Int32Array {
  return bestContainers(
    tasks.map((t) => t.forms),
    budget.map((b) => b.forms),
    vocabulary,
    LINK_THRESHOLD,
  );
}
