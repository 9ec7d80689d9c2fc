/**
 * Issuing and revoking tokens (administrators), shared by the API, the web console and the CLI,
 * each with an audit record of who did it (never the token itself). The agency may be named by
 * id or by any name the registry knows, and an agency token must have one.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import type { Agency, Role } from '../../domain/index.js';
import { type Actor, recordChange } from '../audit.js';
import { ApiError } from '../errors.js';
import type { RegistryStore } from '../registry-store.js';
import { createToken, type NewToken, revokeToken } from './tokens.js';

/** Creates the token and its audit record together; named after its agency unless labelled. */
function createTokenBy(
  db: Kysely<Database>,
  actor: Actor,
  input: { role: Role; agency: Agency | null; label?: string | undefined },
): Promise<NewToken> {
  const label = input.label || input.agency?.name;
  return db.transaction().execute(async (trx) => {
    const t = await createToken(trx, {
      role: input.role,
      agencyId: input.agency?.id ?? null,
      ...(label ? { label } : {}),
    });
    await recordChange(trx, actor, {
      action: 'token_create',
      table: 'tokens',
      uid: t.id,
      after: { role: t.role, agencyId: t.agencyId, label: t.label },
    });
    return t;
  });
}

/** Revokes a live token (by id or the token itself) and records who did; false when none matched. */
export function revokeTokenBy(db: Kysely<Database>, actor: Actor, idOrToken: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const revoked = await revokeToken(trx, idOrToken);
    if (revoked)
      await recordChange(trx, actor, {
        action: 'token_revoke',
        table: 'tokens',
        uid: revoked.id,
        before: { role: revoked.role, agencyId: revoked.agencyId, label: revoked.label },
      });
    return revoked !== null;
  });
}

/** @example const t = await issueToken(db, registry, principal, { role: 'agency', agency: 'Sở Y tế' }); // t.token is shown once */
export async function issueToken(
  db: Kysely<Database>,
  registry: RegistryStore,
  actor: Actor,
  input: { role: Role; agency?: string | undefined; label?: string | undefined },
): Promise<NewToken> {
  let agency: Agency | null = null;
  if (input.agency) {
    const match = (await registry.get(input.agency)) ?? (await registry.matcher()).match(input.agency);
    if ('via' in match && match.via === 'unknown') {
      const nearest = match.suggestions.length ? ` Có phải là: ${match.suggestions.join('; ')}?` : '';
      throw new ApiError('not_found', `Không có cơ quan «${input.agency}» trong danh mục.${nearest}`, {
        suggestions: match.suggestions,
      });
    }
    agency = 'via' in match ? match.agency : match;
  }
  if (input.role === 'agency' && !agency)
    throw new ApiError('validation_failed', 'Mã truy cập của cơ quan phải gắn với một cơ quan, đơn vị.');
  return createTokenBy(db, actor, { role: input.role, agency, label: input.label });
}
