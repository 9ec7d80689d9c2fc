/** A budget round of the benches, as a coordinator opens it on deadline day. */
import type { Kysely } from 'kysely';
import { toJsonb } from '../db/jsonb.js';
import type { Database } from '../db/schema/index.js';
import { demoItems } from '../service/demo/demo-round.js';

/** The outline of Phụ lục III of plan 003. */
export const budgetOutline = () => ({ budget: demoItems('budget').outline });

/** Opens round `id` expecting `expected`, due today in Vietnam (nobody is missing yet), with the plan's declared totals. */
export async function benchRound(
  db: Kysely<Database>,
  id: string,
  expected: readonly string[],
  outline: object = budgetOutline(),
): Promise<void> {
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  await db
    .insertInto('rounds')
    .values({
      id,
      name: `Đợt đo hiệu năng ${id}`,
      period_start: 2026,
      period_end: 2030,
      due_date: today,
      outline: toJsonb(outline),
      expected_agencies: toJsonb(expected),
      // The plan's own declared totals: the merged sums are compared with them on every sync.
      declared_totals: toJsonb({
        grand: 9_615_243,
        years: { '2026': 1_625_520, '2027': 2_230_820, '2028': 2_417_820, '2029': 2_012_563, '2030': 1_328_520 },
        sources: { provincial: 5_966_098, central: 576_145, non_state: 3_073_000 },
      }),
    })
    .execute();
}
