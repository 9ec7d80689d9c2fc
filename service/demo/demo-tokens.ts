/** Fresh demo tokens at every start (earlier demo tokens are revoked), one per role. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import { createToken, type NewToken } from '../auth/tokens.js';
import { COORDINATOR_AGENCY } from './demo-round.js';

export const DEMO_AGENCY = 'so-y-te';

/** What the demo's people are called wherever a name is shown (the console, the audit trail, comments). */
const DEMO_LABELS = {
  coordinator: 'Cán bộ điều phối Sở KH&CN (tài khoản mẫu)',
  validator: 'Chuyên viên thẩm định (tài khoản mẫu)',
  admin: 'Quản trị hệ thống (tài khoản mẫu)',
  agency: 'Cán bộ Sở Y tế (tài khoản mẫu)',
} as const;

export async function createDemoTokens(db: Kysely<Database>): Promise<NewToken[]> {
  // Earlier demo tokens, by these labels or the ones before them ("demo:validator").
  await db
    .updateTable('tokens')
    .set({ revoked_at: new Date() })
    .where((eb) => eb.or([eb('label', 'like', 'demo:%'), eb('label', 'in', Object.values(DEMO_LABELS))]))
    .where('revoked_at', 'is', null)
    .execute();
  return [
    await createToken(db, { role: 'coordinator', agencyId: COORDINATOR_AGENCY, label: DEMO_LABELS.coordinator }),
    await createToken(db, { role: 'validator', label: DEMO_LABELS.validator }),
    await createToken(db, { role: 'admin', label: DEMO_LABELS.admin }),
    await createToken(db, { role: 'agency', agencyId: DEMO_AGENCY, label: DEMO_LABELS.agency }),
  ];
}
