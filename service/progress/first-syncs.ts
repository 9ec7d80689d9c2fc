/**
 * When each agency first sent a progress report (either progress table) in each of the given
 * rounds: the audit trail's first insert. The console's timeliness and the `late_submission`
 * flag read this one answer, so they cannot disagree about who was late.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import { PROGRESS_TABLES } from './plan-rows.js';

export const firstSyncKey = (roundId: string, agencyId: string) => `${roundId}\u0000${agencyId}`;

export async function firstProgressSyncs(
  db: Kysely<Database> | Transaction<Database>,
  roundIds: readonly string[],
): Promise<Map<string, Date>> {
  if (roundIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('audit_log')
    .select(['round_id', 'agency_id', sql<Date>`min(at)`.as('first')])
    .where('round_id', 'in', [...roundIds])
    .where('table_name', 'in', [...PROGRESS_TABLES])
    .where('action', '=', 'insert')
    .groupBy(['round_id', 'agency_id'])
    .execute();
  return new Map(
    rows
      .filter((r) => r.round_id !== null && r.agency_id !== null)
      .map((r) => [firstSyncKey(r.round_id!, r.agency_id!), new Date(r.first)]),
  );
}
