/**
 * What «Trạng thái nộp» shows: every expected agency × table of a round with its state, last
 * sync, submission and reviewer, the open error flags that keep a sheet from a bulk acceptance,
 * and the registry's contacts of the agencies whose sheets are missing.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import { type SheetState, TABLE_NAMES, type TableName } from '../../domain/index.js';
import type { Principal } from '../context.js';
import { ApiError } from '../errors.js';
import type { RegistryStore } from '../registry-store.js';
import type { Round } from '../rounds/round.js';
import { moveSheet } from '../sheets/lifecycle.js';

export interface SheetLine {
  agencyId: string;
  name: string;
  table: TableName;
  expected: boolean;
  /** `missing`: never synced. */
  state: SheetState | 'missing';
  version: number;
  lastSync: Date | null;
  submittedAt: Date | null;
  /** Who last accepted or returned it. */
  reviewer: string | null;
  reviewedAt: Date | null;
  /** Open (or returned) error flags naming the agency on this table or round-wide. */
  openErrors: number;
  /** Rows changed since the last acceptance (after a reopen). */
  changedSinceAcceptance: number;
  contact: string | null;
}

/** The tables a round expects from each agency: those its outline names, else those sent. */
export function expectedTables(round: Round, sent: readonly string[]): TableName[] {
  const named = TABLE_NAMES.filter((t) => (round.outline[t] ?? []).length > 0);
  if (named.length > 0) return named;
  return TABLE_NAMES.filter((t) => sent.includes(t));
}

/** Every expected agency × table, and every other sheet that was sent; missing and waiting ones first. */
export async function loadSheetLines(
  db: Kysely<Database>,
  registry: RegistryStore,
  round: Round,
): Promise<SheetLine[]> {
  const [sheets, reviews, errors, contacts] = await Promise.all([
    db.selectFrom('sheets').selectAll().where('round_id', '=', round.id).where('version', '>', 0).execute(),
    db
      .selectFrom('audit_log')
      .select(['table_name', 'uid', 'actor', 'at'])
      .where('round_id', '=', round.id)
      .where('action', 'in', ['sheet_accept', 'sheet_return'])
      .orderBy('id')
      .execute(),
    db
      .selectFrom('flags')
      .select(['table_name', 'agency_ids'])
      .where('round_id', '=', round.id)
      .where('resolved_at', 'is', null)
      .where('severity', '=', 'error')
      .where('status', 'in', ['open', 'returned'])
      .execute(),
    db.selectFrom('agencies').select(['id', 'contact']).where('contact', 'is not', null).execute(),
  ]);
  const changed = await changedSince(db, round.id);
  const key = (table: string, agencyId: string) => `${table}\u0000${agencyId}`;
  const reviewer = new Map(reviews.map((r) => [key(r.table_name ?? '', r.uid ?? ''), r]));
  const byKey = new Map(sheets.map((s) => [key(s.table_name, s.agency_id), s]));
  const contactOf = new Map(contacts.map((a) => [a.id, a.contact]));
  const tables = expectedTables(round, [...new Set(sheets.map((s) => s.table_name))]);
  const wanted = new Set<string>();
  for (const agencyId of round.expectedAgencies) for (const table of tables) wanted.add(key(table, agencyId));
  for (const s of sheets) wanted.add(key(s.table_name, s.agency_id));
  const lines: SheetLine[] = [];
  for (const k of wanted) {
    const [table, agencyId] = k.split('\u0000') as [TableName, string];
    const s = byKey.get(k);
    const review = reviewer.get(k);
    lines.push({
      agencyId,
      name: await registry.name(agencyId),
      table,
      expected: round.expectedAgencies.includes(agencyId),
      state: s ? s.state : 'missing',
      version: s?.version ?? 0,
      lastSync: s ? new Date(s.updated_at) : null,
      submittedAt: s?.submitted_at ? new Date(s.submitted_at) : null,
      reviewer: review?.actor ?? null,
      reviewedAt: review ? new Date(review.at) : null,
      openErrors: errors.filter(
        (f) => (f.table_name === table || f.table_name === '') && (f.agency_ids as string[]).includes(agencyId),
      ).length,
      changedSinceAcceptance: changed.get(k) ?? 0,
      contact: contactOf.get(agencyId) ?? null,
    });
  }
  const rank: Record<SheetLine['state'], number> = { missing: 0, returned: 1, submitted: 2, draft: 3, accepted: 4 };
  return lines.sort(
    (a, b) =>
      rank[a.state] - rank[b.state] ||
      a.name.localeCompare(b.name, 'vi') ||
      TABLE_NAMES.indexOf(a.table) - TABLE_NAMES.indexOf(b.table),
  );
}

/** Rows changed since each reopened sheet's last acceptance, by table and agency (as sheetStatus counts). */
async function changedSince(db: Kysely<Database>, roundId: string): Promise<Map<string, number>> {
  const { rows } = await sql<{ table_name: string; agency_id: string; n: number }>`
    select r.table_name, r.agency_id, count(*)::int as n
    from sheet_rows r join sheets s
      on s.round_id = r.round_id and s.table_name = r.table_name and s.agency_id = r.agency_id
    where r.round_id = ${roundId} and s.accepted_version is not null and s.state <> 'accepted'
      and r.version > s.accepted_version
    group by r.table_name, r.agency_id`.execute(db);
  return new Map(rows.map((r) => [`${r.table_name}\u0000${r.agency_id}`, Number(r.n)]));
}

/** Submitted sheets with no open error flag: what «chấp nhận tất cả» accepts. */
export const acceptable = (lines: readonly SheetLine[]) =>
  lines.filter((l) => l.state === 'submitted' && l.openErrors === 0);

/**
 * Sheets not sent, or, in a round that requires submission, not yet submitted as final: whom
 * «nhắc nhở» lists.
 */
export const missing = (round: Round, lines: readonly SheetLine[]) =>
  lines.filter(
    (l) =>
      l.expected &&
      (l.state === 'missing' || (round.requireSubmission && (l.state === 'draft' || l.state === 'returned'))),
  );

/**
 * Accepts each sheet at the version the reviewer saw; a sheet that moved meanwhile (a sync, a
 * return) is left as it is and named in `skipped` with the reason.
 */
export async function acceptSheets(
  db: Kysely<Database>,
  round: Round,
  sheets: readonly { table: TableName; agencyId: string; version: number }[],
  actor: Principal,
  now: Date,
): Promise<{ accepted: number; skipped: { table: TableName; agencyId: string; reason: string }[] }> {
  let accepted = 0;
  const skipped: { table: TableName; agencyId: string; reason: string }[] = [];
  for (const s of sheets) {
    try {
      await moveSheet(db, {
        roundId: round.id,
        table: s.table,
        agencyId: s.agencyId,
        action: 'accept',
        actor,
        version: s.version,
        now,
      });
      accepted++;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      skipped.push({ table: s.table, agencyId: s.agencyId, reason: e.message });
    }
  }
  return { accepted, skipped };
}
