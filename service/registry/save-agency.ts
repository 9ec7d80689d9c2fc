/**
 * Adding or changing an agency of the registry (administrators), shared by the API and the web
 * console. A name or alias that already means another agency would make matching ambiguous, so
 * it is refused.
 */
import type { Kysely } from 'kysely';
import { toJsonb } from '../../db/jsonb.js';
import type { Database } from '../../db/schema/index.js';
import { type Agency, type AgencyMatcher, agencySchema, hiddenMarksRefusal } from '../../domain/index.js';
import { type Actor, recordChange } from '../audit.js';
import { ApiError } from '../errors.js';
import { recomputeOpenRounds } from '../flags/recompute-open-rounds.js';
import type { RegistryStore } from '../registry-store.js';

export type AgencyInput = Omit<Agency, 'id'> & {
  /** Whom to remind of a missing sheet; undefined keeps the stored one, null clears it. */
  contact?: string | null | undefined;
};

/** Names of `input` that the registry already gives to another agency, with that agency's name. */
export function nameConflicts(
  matcher: AgencyMatcher,
  id: string,
  input: Pick<AgencyInput, 'name' | 'aliases'>,
): { name: string; owner: string }[] {
  const out: { name: string; owner: string }[] = [];
  for (const name of [input.name, ...input.aliases]) {
    const hit = matcher.lookup(name);
    if (hit && hit.agency.id !== id) out.push({ name, owner: hit.agency.name });
  }
  return out;
}

/** What a save did: the agency as saved, and whether the open rounds' flags were worked out again. */
export interface SavedAgency {
  agency: Agency;
  /**
   * False when working out the flags failed after the agency was saved: the save stands, and the
   * caller says so rather than report a failure for a save that happened. A coordinator's
   * recompute (POST …/flags/recompute) or the next save brings the flags up to date.
   */
  flagsRecomputed: boolean;
}

/** What the API and the console tell an administrator whose save stood but whose flags were not worked out again. */
export const FLAGS_NOT_RECOMPUTED =
  'Đã lưu cơ quan vào danh mục, nhưng chưa tính lại được các cảnh báo của các đợt đang mở. Đề nghị cán bộ điều phối của Sở Khoa học và Công nghệ bấm «Tính lại cảnh báo» ở trang thiết lập của từng đợt; các cảnh báo hiện có vẫn giữ nguyên cho tới lúc đó.';

/**
 * Insert or update the agency `id`, refresh the registry's matcher, and work out again the flags
 * of the open rounds, which read the registry (recomputeOpenRounds).
 *
 * @example
 * const { agency, flagsRecomputed } = await saveAgency(db, registry, principal, 'so-y-te', { name: 'Sở Y tế', kind: 'department', aliases: ['SYT'], formerly: [] });
 */
export async function saveAgency(
  db: Kysely<Database>,
  registry: RegistryStore,
  actor: Actor,
  id: string,
  input: AgencyInput,
): Promise<SavedAgency> {
  const parsedId = agencySchema.shape.id.safeParse(id);
  if (!parsedId.success) throw new ApiError('validation_failed', parsedId.error.issues[0]!.message);
  // A name the registry matches on must be what it looks like: hidden marks are refused here,
  // for the API and the console alike, rather than stripped into a name no one typed.
  const hidden = [
    hiddenMarksRefusal('Tên cơ quan', input.name),
    ...input.aliases.map((a) => hiddenMarksRefusal('Tên gọi khác', a)),
    ...input.formerly.map((a) => hiddenMarksRefusal('Tên cũ', a)),
  ].find((m) => m !== null);
  if (hidden) throw new ApiError('validation_failed', hidden);
  const [conflict] = nameConflicts(await registry.matcher(), id, input);
  if (conflict) throw new ApiError('conflict', `«${conflict.name}» đã là tên của «${conflict.owner}» trong danh mục.`);
  const agency: Agency = {
    id,
    name: input.name.normalize('NFC'),
    kind: input.kind,
    aliases: input.aliases.map((a) => a.normalize('NFC')),
    formerly: input.formerly.map((a) => a.normalize('NFC')),
  };
  const contact = input.contact === undefined ? {} : { contact: input.contact?.normalize('NFC').trim() || null };
  const values = { ...agency, aliases: toJsonb(agency.aliases), formerly: toJsonb(agency.formerly), ...contact };
  // The agency and its audit record together: who renamed an agency matters to every round that names it.
  await db.transaction().execute(async (trx) => {
    const old = await trx
      .selectFrom('agencies')
      .select(['id', 'name', 'kind', 'aliases', 'formerly'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    await trx
      .insertInto('agencies')
      .values(values)
      .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, updated_at: new Date() }))
      .execute();
    await recordChange(trx, actor, {
      action: old ? 'agency_update' : 'agency_insert',
      table: 'agencies',
      uid: id,
      before: old ?? null,
      after: { ...agency, ...contact },
    });
  });
  registry.invalidate();
  try {
    await recomputeOpenRounds(db, await registry.matcher(), new Date());
  } catch (error) {
    console.error(`Registry: ${id} saved, the open rounds' flags not worked out again:`, error);
    return { agency, flagsRecomputed: false };
  }
  return { agency, flagsRecomputed: true };
}
