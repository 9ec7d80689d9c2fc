/**
 * Working out again every flag of the open rounds, one transaction per round. A sync works out
 * only the flags of the rows it changes, but a change of the registry (a new alias, a renamed
 * agency) moves flags on rows that no one changed: who leads a row, whether its sender is
 * involved in it, the names a message gives.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import type { AgencyMatcher } from '../../domain/index.js';
import { toRound } from '../rounds/round.js';
import { refreshFlags } from './refresh.js';

/** Returns how many rounds were worked out again. */
export async function recomputeOpenRounds(db: Kysely<Database>, matcher: AgencyMatcher, now: Date): Promise<number> {
  const rounds = await db.selectFrom('rounds').selectAll().where('status', '=', 'open').orderBy('id').execute();
  for (const row of rounds) {
    const round = toRound(row);
    await db.transaction().execute((trx) => refreshFlags(trx, { round, matcher, now }));
  }
  return rounds.length;
}
