/**
 * How many live rows each section path of a round's table holds: an outline edit must not take
 * away a section that agencies' rows still sit in.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';

/** @example const used = await sectionRowCounts(db, 'de-an-11', 'tasks'); used.get('II/B'); // 12 */
export async function sectionRowCounts(
  db: Kysely<Database>,
  roundId: string,
  table: string,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('sheet_rows')
    .select(['section', (eb) => eb.fn.countAll().as('n')])
    .where('round_id', '=', roundId)
    .where('table_name', '=', table)
    .where('deleted_at', 'is', null)
    .groupBy('section')
    .execute();
  return new Map(rows.map((r) => [r.section, Number(r.n)]));
}
