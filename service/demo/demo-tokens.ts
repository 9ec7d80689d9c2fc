/** Fresh demo tokens at every start (earlier demo tokens are revoked), one per role. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import { createToken, type NewToken } from '../auth/tokens.js';
import { COORDINATOR_AGENCY } from './demo-round.js';

export const DEMO_AGENCY = 'so-y-te';

export async function createDemoTokens(db: Kysely<Database>): Promise<NewToken[]> {
  await db.updateTable('tokens').set({ revoked_at: new Date() }).where('label', 'like', 'demo:%').where('revoked_at', 'is', null).execute();
  return [
    await createToken(db, { role: 'coordinator', agencyId: COORDINATOR_AGENCY, label: 'demo:coordinator' }),
    await createToken(db, { role: 'validator', label: 'demo:validator' }),
    await createToken(db, { role: 'admin', label: 'demo:admin' }),
    await createToken(db, { role: 'agency', agencyId: DEMO_AGENCY, label: 'demo:agency' }),
  ];
}
