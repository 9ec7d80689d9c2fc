/**
 * possible_duplicate: near-identical task names sent by different agencies, in the tasks table
 * and in the budget table separately. Rows of two agencies are joined when their names are
 * alike (`Vocabulary.nameSimilarity`); each connected set of rows is one flag. Rows already
 * reported as one task with conflicting money or leads are not reported again as duplicates of
 * each other.
 */
import type { CheckedTable, RoundContext, RowFacts } from '../context.js';
import type { Flag } from '../flag.js';
import { makeFlag } from '../ids.js';
import { flagMessages, place } from '../messages.js';
import { findSimilarPairs } from '../search.js';
import { UnionFind } from '../union-find.js';
import type { NameForms } from '../vocabulary.js';

/**
 * Threshold measured on the real plan 003, with each row's best match (its highest similarity to
 * another row of its table, whatever the agency):
 * - tasks, 200 items: 0 for 133 (nothing passes the substitution rule), below 0.5: 7, 0.5–0.6: 11,
 *   0.6–0.7: 13, 0.7–0.8: 10, 0.8–0.9: 16, 0.9–1: 10. A task written twice scores 0.86–1: "Mở
 *   rộng hợp tác quốc tế về KH&CN và ĐMST" = "… về khoa học – công nghệ và đổi mới sáng tạo" 1.0;
 *   "Triển khai cơ chế hợp tác công – tư (PPP) (trong chuyển đổi số)" 0.92; "Phát triển kho dữ
 *   liệu dùng chung (và nền tảng dữ liệu số) của tỉnh" 0.88; "Phát triển kinh tế số trong (lĩnh
 *   vực) y tế" 0.86. Different tasks sharing words stay below: "Phát triển chính quyền số" / "…
 *   các nền tảng chính quyền số thông minh" 0.72, "Xây dựng mô hình điểm chuyển đổi số theo lĩnh
 *   vực" / "Chuyển đổi số trong lĩnh vực xây dựng" 0.78. The one repeat missed is "Bảo đảm an
 *   toàn, an ninh dữ liệu (và vận hành thông suốt)" at 0.79.
 * - budget, 68 items: 0 for 62; then "Phát triển các nền tảng tiện ích số phục vụ cộng đồng: …"
 *   / "…, các mô hình xã, phường chuyển đổi số" (IV 11 / IV 12) 1.0 and "Phát triển kho dữ liệu
 *   dùng chung của tỉnh, …" / "… và nền tảng dữ liệu số của tỉnh: …" (I/B 5 / IV 10) 0.88, the two
 *   pairs MISTAKES.md lists; the next is 0.62.
 * 0.8 takes every repeat but one and none of the overlaps read by hand.
 */
export const DUPLICATE_THRESHOLD = 0.8;
/** Rows listed by name in one message; a longer set ends with "và … dòng khác". */
const LISTED = 6;

export function possibleDuplicates(ctx: RoundContext, table: CheckedTable, reported: readonly number[][]): Flag[] {
  const facts = ctx.facts[table];
  const reportedGroup = new Int32Array(facts.length).fill(-1);
  reported.forEach((group, g) => group.forEach((i) => (reportedGroup[i] = g)));
  const rows = new UnionFind(facts.length);
  const best = new Float64Array(facts.length);
  const joinAll = (members: readonly number[], score: number) => {
    let root = rows.find(members[0]!);
    let top = Math.max(score, best[root]!);
    for (const i of members) {
      top = Math.max(top, best[rows.find(i)]!);
      root = rows.union(root, i);
    }
    best[root] = top;
  };

  // Rows with the same forms (the same name) are one search item: a template sent by ninety-nine
  // communes is compared once. They name one task, so they belong together when two agencies sent
  // them and no conflict flag has said so already.
  const classes = nameClasses(facts);
  // A class is whole once all its rows are in one set; two whole classes in one set need no score.
  const whole = Uint8Array.from(classes, (c) => (c.rows.length === 1 ? 1 : 0));
  classes.forEach((c, i) => {
    if (c.group >= 0 || reportedGroup[c.rows[0]!]! >= 0) return;
    joinAll(c.rows, 1);
    whole[i] = 1;
  });
  findSimilarPairs(
    classes.map((c) => c.forms),
    Int32Array.from(classes, (c) => c.group),
    ctx.vocabulary,
    DUPLICATE_THRESHOLD,
    (i, j) => {
      const [a, b] = [classes[i]!, classes[j]!];
      const reportedA = reportedGroup[a.rows[0]!]!;
      if (reportedA >= 0 && reportedA === reportedGroup[b.rows[0]!]) return true;
      return whole[i] === 1 && whole[j] === 1 && rows.find(a.rows[0]!) === rows.find(b.rows[0]!);
    },
    (i, j, score) => {
      joinAll([...classes[i]!.rows, ...classes[j]!.rows], score);
      whole[i] = whole[j] = 1;
    },
  );
  return rows
    .groups(2)
    .filter((group) => new Set(group.map((i) => facts[i]!.row.agencyId)).size >= 2)
    .map((group) =>
      flagOf(
        ctx,
        table,
        group.map((i) => facts[i]!),
        best[rows.find(group[0]!)]!,
      ),
    );
}

interface NameClass {
  forms: NameForms;
  rows: number[];
  /** The agency index of all its rows, or -1 when rows of several agencies share the name. */
  group: number;
}

function nameClasses(facts: readonly RowFacts[]): NameClass[] {
  const agencies = new Map<string, number>();
  const byForms = new Map<string, NameClass>();
  for (const f of facts) {
    let agency = agencies.get(f.row.agencyId);
    if (agency === undefined) agencies.set(f.row.agencyId, (agency = agencies.size));
    const key = f.forms.join(',');
    const c = byForms.get(key);
    if (!c) byForms.set(key, { forms: f.forms, rows: [f.index], group: agency });
    else {
      c.rows.push(f.index);
      if (c.group !== agency) c.group = -1;
    }
  }
  return [...byForms.values()];
}

function flagOf(ctx: RoundContext, table: CheckedTable, rows: readonly RowFacts[], score: number): Flag {
  const { input, budgetDef } = ctx;
  const total = (f: RowFacts) => (table === 'budget' ? f.amounts[budgetDef.totalKey!]! : null);
  return makeFlag({
    code: 'possible_duplicate',
    table,
    rows: rows.map((f) => f.row),
    message: flagMessages.possibleDuplicate(
      rows.slice(0, LISTED).map((f) => ({
        name: f.name,
        where: place(f.row.section, f.row.code),
        agency: input.agencyName(f.row.agencyId),
        total: total(f),
      })),
      Math.max(0, rows.length - LISTED),
    ),
    figures: {
      similarity: Math.round(score * 100) / 100,
      ...(table === 'budget' ? { totals: Object.fromEntries(rows.map((f) => [f.row.uid, total(f)])) } : {}),
    },
  });
}
