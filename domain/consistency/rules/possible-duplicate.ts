/**
 * possible_duplicate: near-identical task names sent by different agencies, in the tasks table
 * and in the budget table separately. Rows are joined when their names are alike (see
 * `Vocabulary.similarity`); each connected set of rows that spans two agencies is one flag.
 * Groups already reported as one task with conflicting money or leads are not reported again.
 */
import type { CheckedTable, RoundContext, RowFacts } from '../context.js';
import type { Flag } from '../flag.js';
import { makeFlag } from '../ids.js';
import { flagMessages, place } from '../messages.js';
import { findSimilarPairs } from '../search.js';
import { UnionFind } from '../union-find.js';

/**
 * Threshold measured on the real plan 003 with the best-match score of each row (the highest
 * similarity to another row of its table, any agency):
 * - tasks, 200 items: 129 score 0 (no other name passes the substitution rule), 23 in 0.35–0.6,
 *   16 in 0.6–0.7, 14 in 0.7–0.8, 18 in 0.8–0.9, 10 in 0.9–1.
 *   Real repeats of one task sit at 0.86–1: "Mở rộng hợp tác quốc tế về KH&CN và ĐMST" (IX 4.4)
 *   = "… về khoa học – công nghệ và đổi mới sáng tạo" (V 4) 1.0; "Phát huy vai trò Tổ công nghệ số
 *   cộng đồng" (VI 3 / X 1.8) 1.0; "Phát triển kinh tế số trong (lĩnh vực) y tế" (I 2.9 / VIII 3.7)
 *   0.86; "Phát triển kho dữ liệu dùng chung (và nền tảng dữ liệu số) của tỉnh" (VII 2.5 / X 2.3)
 *   0.88. Different tasks whose words overlap sit at 0.72–0.78: "Phát triển chính quyền số" /
 *   "Phát triển các nền tảng chính quyền số thông minh" 0.72, "Xây dựng mô hình điểm chuyển đổi
 *   số theo lĩnh vực" / "Chuyển đổi số trong lĩnh vực xây dựng" 0.78.
 * - budget, 68 items: 56 score 0; the top three are the near-duplicates MISTAKES.md lists and one
 *   more: IV 11 / IV 12 "Phát triển các nền tảng tiện ích số phục vụ cộng đồng…" 1.0, III/A 1 /
 *   III/A 2 "Xây dựng Không gian trải nghiệm, nghiên cứu…" 0.94, I/B 5 / IV 10 "Phát triển kho
 *   dữ liệu dùng chung…" 0.88; the next is 0.62.
 * 0.8 keeps every real repeat and drops every overlap read by hand.
 */
export const DUPLICATE_THRESHOLD = 0.8;
/** Rows listed by name in one message; a longer set ends with "và … dòng khác". */
const LISTED = 6;

export function possibleDuplicates(ctx: RoundContext, table: CheckedTable, reported: readonly number[][]): Flag[] {
  const facts = ctx.facts[table];
  const { vocabulary } = ctx;
  const reportedGroup = new Int32Array(facts.length).fill(-1);
  reported.forEach((group, g) => group.forEach((i) => (reportedGroup[i] = g)));
  const sets = new UnionFind(facts.length);
  const best = new Float64Array(facts.length);
  const agencies = new Map<string, number>();
  const groups = Int32Array.from(facts, (f) => agencies.get(f.row.agencyId) ?? agencies.set(f.row.agencyId, agencies.size).size - 1);
  findSimilarPairs(
    facts.map((f) => f.forms),
    groups,
    vocabulary,
    DUPLICATE_THRESHOLD,
    // Only the sets matter, so a pair already joined through other rows needs no score.
    (i, j) => (reportedGroup[i]! >= 0 && reportedGroup[i] === reportedGroup[j]) || sets.find(i) === sets.find(j),
    (i, j, score) => {
      const [ri, rj] = [sets.find(i), sets.find(j)];
      best[sets.union(i, j)] = Math.max(best[ri]!, best[rj]!, score);
    },
  );
  return sets.groups(2).map((group) => flagOf(ctx, table, group.map((i) => facts[i]!), best[sets.find(group[0]!)]!));
}

function flagOf(ctx: RoundContext, table: CheckedTable, rows: readonly RowFacts[], score: number): Flag {
  const { input, budgetDef } = ctx;
  const total = (f: RowFacts) => (table === 'budget' ? f.amounts[budgetDef.totalKey!]! : null);
  return makeFlag({
    code: 'possible_duplicate',
    table,
    rows: rows.map((f) => f.row),
    message: flagMessages.possibleDuplicate(
      rows.slice(0, LISTED).map((f) => ({ name: f.name, where: place(f.row.section, f.row.code), agency: input.agencyName(f.row.agencyId), total: total(f) })),
      Math.max(0, rows.length - LISTED),
    ),
    figures: {
      similarity: Math.round(score * 100) / 100,
      names: Object.fromEntries(rows.map((f) => [f.row.uid, f.name])),
      ...(table === 'budget' ? { totals: Object.fromEntries(rows.map((f) => [f.row.uid, total(f)])) } : {}),
    },
  });
}
