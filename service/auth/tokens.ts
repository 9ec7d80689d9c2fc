/**
 * Bearer tokens: random, shown once, stored only as a SHA-256 hash. Each has a role and, for
 * agencies, the one agency it may act for.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import { ROLE_LABELS, type Role } from '../../domain/index.js';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface NewToken {
  id: string;
  token: string;
  role: Role;
  agencyId: string | null;
  label: string;
}

export async function createToken(
  db: Kysely<Database>,
  input: { role: Role; agencyId?: string | null; label?: string },
): Promise<NewToken> {
  const token = `th_${randomBytes(24).toString('base64url')}`;
  const id = randomUUID();
  const agencyId = input.agencyId ?? null;
  // The label is who the audit trail, 'updated by' and comments name: without one, the role as people call it.
  const label = input.label ?? ROLE_LABELS[input.role];
  await db
    .insertInto('tokens')
    .values({ id, token_hash: hashToken(token), role: input.role, agency_id: agencyId, label })
    .execute();
  return { id, token, role: input.role, agencyId, label };
}

/** Revoke by id or by the token itself; the token revoked, or null when no live token matched. */
export async function revokeToken(db: Kysely<Database>, idOrToken: string): Promise<Omit<NewToken, 'token'> | null> {
  const row = await db
    .updateTable('tokens')
    .set({ revoked_at: new Date() })
    .where((eb) => eb.or([eb('id', '=', idOrToken), eb('token_hash', '=', hashToken(idOrToken))]))
    .where('revoked_at', 'is', null)
    .returning(['id', 'role', 'agency_id', 'label'])
    .executeTakeFirst();
  // Its console sessions end with it (the console also checks the token on every page).
  if (row)
    await db
      .updateTable('console_sessions')
      .set({ revoked_at: new Date() })
      .where('token_id', '=', row.id)
      .where('revoked_at', 'is', null)
      .execute();
  return row ? { id: row.id, role: row.role as Role, agencyId: row.agency_id, label: row.label ?? '' } : null;
}
