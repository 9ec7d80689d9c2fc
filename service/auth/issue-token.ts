/**
 * Issuing a token (administrators), shared by the API and the web console: the agency may be
 * named by id or by any name the registry knows, and an agency token must have one.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import type { Role } from '../../domain/index.js';
import { ApiError } from '../errors.js';
import type { RegistryStore } from '../registry-store.js';
import { createToken, type NewToken } from './tokens.js';

/** @example const t = await issueToken(db, registry, { role: 'agency', agency: 'Sở Y tế' }); // t.token is shown once */
export async function issueToken(db: Kysely<Database>, registry: RegistryStore, input: { role: Role; agency?: string | undefined; label?: string | undefined }): Promise<NewToken> {
  let agencyId: string | null = null;
  if (input.agency) {
    const agency = (await registry.get(input.agency)) ?? (await registry.matcher()).lookup(input.agency)?.agency;
    if (!agency) throw new ApiError('not_found', `Không có cơ quan «${input.agency}» trong danh mục.`);
    agencyId = agency.id;
  }
  if (input.role === 'agency' && !agencyId) throw new ApiError('validation_failed', 'Mã truy cập của cơ quan phải gắn với một cơ quan (agency).');
  return createToken(db, { role: input.role, agencyId, ...(input.label ? { label: input.label } : {}) });
}
