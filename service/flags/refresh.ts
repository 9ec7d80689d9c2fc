/**
 * Recomputing a round's consistency flags and storing them so that a flag keeps its review
 * status while its rows are unchanged (same id, same fingerprint), and comes back as open when
 * they change. After an agency syncs, only the flags that concern it (and the round-wide ones)
 * are written; a full refresh writes all.
 */
import type { Kysely, Transaction } from 'kysely';
import { toJsonb } from '../../db/jsonb.js';
import type { Database } from '../../db/schema/index.js';
import { computeFlags, type AgencyMatcher, type Flag } from '../../domain/index.js';
import { periodOf, type Round } from '../rounds/round.js';
import { toRecord } from '../sync/stored-row.js';

export interface FlagSummary {
  id: string;
  code: string;
  severity: string;
  status: string;
  message: string;
}

const ROUND_WIDE = new Set(['declared_total_mismatch', 'missing_submission']);

export async function refreshFlags(
  db: Kysely<Database> | Transaction<Database>,
  opts: { round: Round; matcher: AgencyMatcher; agencyId?: string; now: Date; readOnly?: boolean },
): Promise<FlagSummary[]> {
  const { round, agencyId } = opts;
  const [rows, syncs, agencies] = await Promise.all([
    db
      .selectFrom('sheet_rows')
      .select(['table_name', 'uid', 'agency_id', 'section', 'code', 'data', 'row_hash'])
      .where('round_id', '=', round.id)
      .where('deleted_at', 'is', null)
      .where('table_name', 'in', ['tasks', 'budget'])
      .orderBy('table_name')
      .orderBy('agency_id')
      .orderBy('position')
      .execute(),
    db.selectFrom('sheets').select(['agency_id', db.fn.max('updated_at').as('last')]).where('round_id', '=', round.id).where('version', '>', 0).groupBy('agency_id').execute(),
    db.selectFrom('agencies').select(['id', 'name']).execute(),
  ]);
  const names = new Map(agencies.map((a) => [a.id, a.name]));
  const computed = computeFlags({
    rows: rows.map((r) => toRecord(r.table_name as 'tasks' | 'budget', r)),
    matcher: opts.matcher,
    period: periodOf(round),
    declaredTotals: round.declaredTotals,
    expectedAgencies: round.expectedAgencies,
    lastSyncByAgency: Object.fromEntries(syncs.map((s) => [s.agency_id, new Date(s.last as unknown as string).toISOString()])),
    dueDate: round.dueDate,
    now: opts.now,
    agencyName: (id) => names.get(id) ?? id,
  });
  const concerns = (agencyIds: readonly string[], code: string) => agencyId === undefined || ROUND_WIDE.has(code) || agencyIds.includes(agencyId);
  const mine = computed.filter((f) => concerns(f.agencyIds, f.code));

  const existing = await db.selectFrom('flags').select(['id', 'code', 'fingerprint', 'status', 'agency_ids', 'resolved_at']).where('round_id', '=', round.id).execute();
  const before = new Map(existing.map((e) => [e.id, e]));
  const statusOf = (f: Flag) => {
    const old = before.get(f.id);
    return old && old.fingerprint === f.fingerprint && old.resolved_at === null ? old.status : 'open';
  };
  if (!opts.readOnly) {
    await writeFlags(db, round.id, mine, before, opts.now);
    const live = new Set(computed.map((f) => f.id));
    const gone = existing.filter((e) => e.resolved_at === null && !live.has(e.id) && concerns(e.agency_ids, e.code)).map((e) => e.id);
    if (gone.length > 0) await db.updateTable('flags').set({ resolved_at: opts.now, updated_at: opts.now }).where('round_id', '=', round.id).where('id', 'in', gone).execute();
  }
  return mine.map((f) => ({ id: f.id, code: f.code, severity: f.severity, status: statusOf(f), message: f.message }));
}

async function writeFlags(
  db: Kysely<Database> | Transaction<Database>,
  roundId: string,
  flags: Flag[],
  before: Map<string, { fingerprint: string; status: string; resolved_at: Date | null }>,
  now: Date,
) {
  const changed = flags.filter((f) => {
    const old = before.get(f.id);
    return !old || old.fingerprint !== f.fingerprint || old.resolved_at !== null;
  });
  for (let i = 0; i < changed.length; i += 500) {
    await db
      .insertInto('flags')
      .values(changed.slice(i, i + 500).map((f) => ({
        id: f.id,
        round_id: roundId,
        code: f.code,
        severity: f.severity,
        table_name: f.table ?? '',
        agency_ids: toJsonb(f.agencyIds),
        row_refs: toJsonb(f.rows),
        message: f.message,
        figures: toJsonb(f.figures),
        fingerprint: f.fingerprint,
        status: 'open',
        created_at: now,
        updated_at: now,
      })))
      .onConflict((oc) =>
        oc.columns(['round_id', 'id']).doUpdateSet((eb) => ({
          code: eb.ref('excluded.code'),
          severity: eb.ref('excluded.severity'),
          table_name: eb.ref('excluded.table_name'),
          agency_ids: eb.ref('excluded.agency_ids'),
          row_refs: eb.ref('excluded.row_refs'),
          message: eb.ref('excluded.message'),
          figures: eb.ref('excluded.figures'),
          fingerprint: eb.ref('excluded.fingerprint'),
          // The rows changed (or the problem came back): the earlier review no longer applies.
          status: 'open',
          review_note: null,
          reviewed_by: null,
          reviewed_at: null,
          resolved_at: null,
          updated_at: now,
        })),
      )
      .execute();
  }
}
