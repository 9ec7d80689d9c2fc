/**
 * Names missing from the registry, proposed by whoever met them (an agency's clerk in Excel,
 * through the API) and settled by an administrator in one click: the name becomes another name
 * of an agency, or a new agency; or the request is turned down. Accepting goes through
 * `saveAgency`, so the conflict check, the audit record and the flags' refresh are the same as
 * for any registry change.
 */
import type { Kysely } from 'kysely';
import type { Database, NameRequestRecord } from '../../db/schema/index.js';
import { type AgencyKind, agencyKey, unmarkedKey } from '../../domain/index.js';
import { type Actor, recordChange } from '../audit.js';
import { ApiError } from '../errors.js';
import type { RegistryStore } from '../registry-store.js';
import { type SavedAgency, saveAgency } from './save-agency.js';

export const MAX_NAME_CHARS = 200;

export interface NameProposal {
  name: string;
  note?: string | undefined;
}

/**
 * Record a proposed name. A name the registry already knows is refused with the agency it
 * means (`conflict`); the same name proposed again while open returns the open request.
 *
 * @example await proposeName(db, registry, principal, { name: 'Trung tâm Kiểm soát bệnh tật tỉnh', note: 'Đơn vị sự nghiệp thuộc Sở Y tế' });
 */
export async function proposeName(
  db: Kysely<Database>,
  registry: RegistryStore,
  actor: Actor,
  proposal: NameProposal,
): Promise<{ request: NameRequestRecord; created: boolean }> {
  const name = proposal.name.normalize('NFC').replace(/\s+/g, ' ').trim();
  const note = (proposal.note ?? '').normalize('NFC').trim();
  if (name === '') throw new ApiError('validation_failed', 'Cần ghi tên cơ quan, đơn vị đề nghị bổ sung.');
  if (name.length > MAX_NAME_CHARS)
    throw new ApiError('validation_failed', `Tên đề nghị dài quá ${MAX_NAME_CHARS} ký tự.`);
  const known = (await registry.matcher()).lookup(name);
  if (known)
    throw new ApiError('conflict', `«${name}» đã có trong danh mục: là tên của «${known.agency.name}».`, {
      agencyId: known.agency.id,
    });
  const open = await db.selectFrom('name_requests').selectAll().where('status', '=', 'open').execute();
  const same = open.find((r) => agencyKey(r.name) === agencyKey(name));
  if (same) return { request: same, created: false };
  const request = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('name_requests')
      .values({
        name,
        note,
        requested_by: actor.label,
        requested_role: actor.role,
        requester_agency_id: actor.agencyId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordChange(trx, actor, {
      action: 'name_request',
      table: 'name_requests',
      uid: String(row.id),
      after: { name, note },
    });
    return row;
  });
  return { request, created: true };
}

/** Open requests, oldest first (the administrator's list). */
export function openNameRequests(db: Kysely<Database>): Promise<NameRequestRecord[]> {
  return db.selectFrom('name_requests').selectAll().where('status', '=', 'open').orderBy('id').execute();
}

export type Settlement = { as: 'alias'; agencyId: string } | { as: 'agency'; kind: AgencyKind } | { as: 'reject' };

/**
 * Settle an open request: the name added as an alias of `agencyId`, as a new agency of `kind`,
 * or turned down. `not_found` when the request is not open any more.
 *
 * @example await settleNameRequest(db, registry, principal, 3, { as: 'alias', agencyId: 'so-y-te' });
 */
export async function settleNameRequest(
  db: Kysely<Database>,
  registry: RegistryStore,
  actor: Actor,
  id: number,
  settlement: Settlement,
): Promise<{ request: NameRequestRecord; saved: SavedAgency | null }> {
  const request = await db
    .selectFrom('name_requests')
    .selectAll()
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (!request) throw new ApiError('not_found', 'Không có đề nghị này, hoặc đề nghị đã được xử lý.');
  let saved: SavedAgency | null = null;
  if (settlement.as === 'alias') {
    const agency = await registry.get(settlement.agencyId);
    if (!agency) throw new ApiError('validation_failed', 'Hãy chọn một cơ quan trong danh mục.');
    saved = await saveAgency(db, registry, actor, agency.id, {
      name: agency.name,
      kind: agency.kind,
      aliases: [...agency.aliases, request.name],
      formerly: agency.formerly,
    });
  } else if (settlement.as === 'agency') {
    saved = await saveAgency(db, registry, actor, await freeId(registry, request.name), {
      name: request.name,
      kind: settlement.kind,
      aliases: [],
      formerly: [],
    });
  }
  const now = new Date();
  const settled = await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('name_requests')
      .set({
        status: settlement.as === 'reject' ? 'rejected' : 'accepted',
        agency_id: saved?.agency.id ?? null,
        resolved_by: actor.label,
        resolved_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordChange(trx, actor, {
      at: now,
      action: settlement.as === 'reject' ? 'name_request_reject' : 'name_request_accept',
      table: 'name_requests',
      uid: String(id),
      before: { name: request.name, status: 'open' },
      after: { status: row.status, agencyId: row.agency_id },
    });
    return row;
  });
  return { request: settled, saved };
}

/** A registry id from a name, «Trung tâm Kiểm soát bệnh tật» → `trung-tam-kiem-soat-benh-tat`, numbered if taken. */
async function freeId(registry: RegistryStore, name: string): Promise<string> {
  const base =
    unmarkedKey(name)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'co-quan';
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!(await registry.get(id))) return id;
  }
}
