/**
 * Storing computed flags: a flag keeps its review while its rows are unchanged (same id, same
 * fingerprint) and comes back open when they change; a flag no longer found is resolved.
 * One statement each, whatever the number of flags (see service/sync/recordset.ts).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import { EXCERPT_LENGTH, type Flag, type FlagRowRef } from '../../domain/index.js';
import { anyOf, recordset } from '../sync/recordset.js';

export interface StoredFlag {
  id: string;
  code: string;
  fingerprint: string;
  status: string;
  agency_ids: string[];
  resolved_at: Date | null;
  /** Read only where the caller needs the flag's rows (openFlagsOnRows). */
  row_refs?: FlagRowRef[];
  /** Read only for the flags about some agencies (storedFlags with `about`): to report them. */
  severity?: string;
  /** The message's first EXCERPT_LENGTH + 1 characters: all that flagExcerpt reads of it. */
  excerpt?: string;
}

const FLAG_COLUMNS = {
  id: 'text',
  code: 'text',
  severity: 'text',
  table_name: 'text',
  agency_ids: 'jsonb',
  row_refs: 'jsonb',
  message: 'text',
  figures: 'jsonb',
  fingerprint: 'text',
} as const;
const TEXT_COLUMNS = { id: 'text', message: 'text', figures: 'jsonb' } as const;

/**
 * The stored flags of a round, or only the open ones about some agencies and of the round-wide
 * codes, these with their severity and the start of their message. A sync needs no resolved
 * flag: one found again is written whether or not it was stored (writeFlags), and a round keeps
 * hundreds of them once its template rows have changed hands a few times.
 */
export function storedFlags(
  db: Kysely<Database> | Transaction<Database>,
  roundId: string,
  about?: { agencyIds: readonly string[]; codes: readonly string[] },
): Promise<StoredFlag[]> {
  const query = db
    .selectFrom('flags')
    .select(['id', 'code', 'fingerprint', 'status', 'agency_ids', 'resolved_at'])
    .where('round_id', '=', roundId);
  if (!about) return query.execute();
  return query
    .select(['severity', sql<string>`left(message, ${EXCERPT_LENGTH + 1})`.as('excerpt')])
    .where('resolved_at', 'is', null)
    .where((eb) => eb.or([...about.agencyIds.map((id) => namesAgency(id)), eb('code', 'in', [...about.codes])]))
    .execute();
}

// One containment test per agency: the GIN index (jsonb_path_ops) answers `@>`, not `?|`.
const namesAgency = (id: string) => sql<boolean>`agency_ids @> cast(${JSON.stringify([id])} as jsonb)`;

/**
 * The open flags of `codes` that name one of these rows (`table/uid`), with their rows. Filtered
 * here rather than in SQL: matching each flag's rows against a few hundred keys there costs more
 * than reading the round's open flags of these codes.
 */
export async function openFlagsOnRows(
  db: Kysely<Database> | Transaction<Database>,
  roundId: string,
  codes: readonly string[],
  rows: ReadonlySet<string>,
  /** Also the open flags of these codes that name one of these agencies, on these rows. */
  about?: { codes: readonly string[]; agencyIds: readonly string[] },
): Promise<(StoredFlag & { row_refs: FlagRowRef[] })[]> {
  if (rows.size === 0) return [];
  const open = await db
    .selectFrom('flags')
    .select(['id', 'code', 'fingerprint', 'status', 'agency_ids', 'resolved_at', 'row_refs'])
    .where('round_id', '=', roundId)
    .where('resolved_at', 'is', null)
    .where((eb) =>
      about && about.agencyIds.length > 0 && about.codes.length > 0
        ? eb.or([
            eb('code', 'in', [...codes]),
            eb.and([eb('code', 'in', [...about.codes]), eb.or(about.agencyIds.map(namesAgency))]),
          ])
        : eb('code', 'in', [...codes]),
    )
    .execute();
  return open
    .map((f) => ({ ...f, row_refs: f.row_refs as FlagRowRef[] }))
    .filter((f) => f.row_refs.some((r) => rows.has(`${r.table}/${r.uid}`)));
}

/** The review a flag keeps: its stored status while it is the same flag about the same rows. */
export function reviewStatus(flag: Flag, stored: StoredFlag | undefined): string {
  return stored && stored.fingerprint === flag.fingerprint && stored.resolved_at === null ? stored.status : 'open';
}

/**
 * Writes the flags that are new or changed (reopened), and resolves the stored ones listed in
 * `gone`. With `texts`, also the new words of flags found again about the same rows.
 */
export async function writeFlags(
  db: Kysely<Database> | Transaction<Database>,
  roundId: string,
  flags: readonly Flag[],
  before: ReadonlyMap<string, StoredFlag>,
  gone: readonly string[],
  now: Date,
  texts = false,
): Promise<void> {
  const changed = flags.filter((f) => {
    const old = before.get(f.id);
    return !old || old.fingerprint !== f.fingerprint || old.resolved_at !== null;
  });
  if (changed.length > 0) {
    const rows = changed.map((f) => ({
      id: f.id,
      code: f.code,
      severity: f.severity,
      table_name: f.table ?? '',
      agency_ids: f.agencyIds,
      row_refs: f.rows,
      message: f.message,
      figures: f.figures,
      fingerprint: f.fingerprint,
    }));
    await sql`
      insert into flags (id, round_id, code, severity, table_name, agency_ids, row_refs, message, figures, fingerprint, status, created_at, updated_at)
      select x.id, ${roundId}, x.code, x.severity, x.table_name, x.agency_ids, x.row_refs, x.message, x.figures, x.fingerprint, 'open', cast(${now} as timestamptz), cast(${now} as timestamptz)
      from ${recordset(FLAG_COLUMNS, rows)}
      order by x.id
      on conflict (round_id, id) do update set
        code = excluded.code, severity = excluded.severity, table_name = excluded.table_name, agency_ids = excluded.agency_ids,
        row_refs = excluded.row_refs, message = excluded.message, figures = excluded.figures, fingerprint = excluded.fingerprint,
        -- The rows changed (or the problem came back): the earlier review no longer applies.
        status = 'open', review_note = null, reviewed_by = null, reviewed_at = null, resolved_at = null, updated_at = excluded.updated_at`.execute(
      db,
    );
  }
  // The same flag about the same rows whose words moved (an agency renamed in the registry, a
  // similarity figure): its text is brought up to date and its review kept. Only on a full
  // refresh: a sync would send every template flag's long text again to change none of it.
  const reopened = new Set(changed);
  const same = texts ? flags.filter((f) => !reopened.has(f)) : [];
  if (same.length > 0) {
    const rows = same.map((f) => ({ id: f.id, message: f.message, figures: f.figures }));
    await sql`
      update flags set message = x.message, figures = x.figures, updated_at = cast(${now} as timestamptz)
      from ${recordset(TEXT_COLUMNS, rows)}
      where flags.round_id = ${roundId} and flags.id = x.id and (flags.message is distinct from x.message or flags.figures is distinct from x.figures)`.execute(
      db,
    );
  }
  if (gone.length > 0) {
    await db
      .updateTable('flags')
      .set({ resolved_at: now, updated_at: now })
      .where('round_id', '=', roundId)
      .where('id', '=', anyOf(gone))
      .execute();
  }
}
