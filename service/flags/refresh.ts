/**
 * Recomputing a round's consistency flags and storing them so that a flag keeps its review
 * status while its rows are unchanged (same id, same fingerprint), and comes back as open when
 * they change.
 *
 * A full refresh computes every flag on every live row and writes all. After an agency syncs,
 * only the flags that concern it and the round-wide ones are computed and written, on the rows
 * that can share a flag with its rows (scope.ts) and on the budget sheets reduced to what the
 * round-wide rules read (round-wide.ts), both kept between syncs in the round index
 * (round-index.ts): a sync in a 40,000-row round reads a few hundred rows, not the round.
 *
 * Writers of a round's flags take one lock per round, held to the end of their transaction: two
 * agencies syncing at once then see each other's rows, as if one had synced after the other,
 * and never wait on each other's flag rows in opposite orders.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import { computeFlags, FLAG_CODES, flagExcerpt, FLAG_SEVERITIES, type AgencyMatcher, type ConsistencyInput, type Flag, type FlagCode, type SheetRowRecord } from '../../domain/index.js';
import { periodOf, type Round } from '../rounds/round.js';
import { toRecord } from '../sync/stored-row.js';
import { CHECKED, isChecked, roundIndex, type Checked, type SheetState } from './round-index.js';
import { declaredTotalFlags, missingSubmissionFlags, reduceBudgetSheet, ROUND_WIDE } from './round-wide.js';
import { refKey, scopeRows } from './scope.js';
import { reviewStatus, storedFlags, openFlagsOnRows, writeFlags, type StoredFlag } from './write-flags.js';

export interface FlagSummary {
  id: string;
  code: string;
  severity: string;
  status: string;
  message: string;
}

/** A refreshed flag as reported, with the agencies it names (see `flagsAbout`). */
export type ReportedFlag = FlagSummary & { agencyIds: readonly string[] };

/** The live rows of one sheet just synced, as stored (they need not be read back), and before the sync. */
export interface SyncedSheet {
  table: string;
  agencyId: string;
  rows: SheetRowRecord[];
  previous?: SheetRowRecord[];
}

export interface RefreshOptions {
  round: Round;
  matcher: AgencyMatcher;
  /**
   * The agencies that synced (several when syncs of one round are written together, see
   * service/sync/sync-queue.ts): only the flags that concern them and the round-wide ones are
   * refreshed. Absent: every flag of the round.
   */
  agencyIds?: readonly string[];
  now: Date;
  /** Compute and report, write nothing. */
  readOnly?: boolean;
  /**
   * What the round index is kept with between refreshes: the service's `db`. Without it a
   * refresh for one agency builds the index from the whole round, every time.
   */
  cacheOwner?: object;
  /** The sheets just synced, at most one entry per agency and table. */
  synced?: readonly SyncedSheet[];
}

/** Arbitrary, fixed: the first key of the advisory lock taken on a round's flags. */
const FLAGS_LOCK = 0x7f1a65;

/** Waits for the round's flag lock, held to the end of the transaction. */
async function lockRoundFlags(db: Kysely<Database> | Transaction<Database>, roundId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${FLAGS_LOCK}, hashtext(${roundId}))`.execute(db);
}

export async function refreshFlags(db: Kysely<Database> | Transaction<Database>, opts: RefreshOptions): Promise<ReportedFlag[]> {
  const { round, now } = opts;
  const synced = opts.agencyIds === undefined ? undefined : new Set(opts.agencyIds);
  const { computed, stored, settles } = synced === undefined ? await computeAll(db, opts) : await computeFor(db, opts, synced);
  const concerns = (agencyIds: readonly string[], code: string) => synced === undefined || ROUND_WIDE.has(code) || agencyIds.some((id) => synced.has(id));
  const mine = computed.filter((f) => concerns(f.agencyIds, f.code));
  const before = new Map(stored.map((e) => [e.id, e]));
  if (!opts.readOnly) {
    const live = new Set(computed.map((f) => f.id));
    const written = computed.filter((f) => concerns(f.agencyIds, f.code) || settles(f.code, f.rows, 'all'));
    const gone = stored.filter((e) => e.resolved_at === null && !live.has(e.id) && (concerns(e.agency_ids, e.code) || settles(e.code, e.row_refs ?? [], 'any'))).map((e) => e.id);
    await writeFlags(db, round.id, written, before, gone, now);
  }
  return mine.map((f) => ({ id: f.id, code: f.code, severity: f.severity, status: reviewStatus(f, before.get(f.id)), message: f.message, agencyIds: f.agencyIds }));
}

/**
 * The reported flags an agency's sync answers with: those naming it, and the round-wide ones,
 * each message shortened as a row's note is (flagExcerpt). A flag about a template that a hundred
 * agencies send lists a hundred amounts, over 10 KB: the pane lists the flags, and the full text
 * stays in the round's list of flags (GET …/flags).
 */
export function flagsAbout(flags: readonly ReportedFlag[], agencyId: string): FlagSummary[] {
  return flags.filter((f) => ROUND_WIDE.has(f.code) || f.agencyIds.includes(agencyId)).map(({ agencyIds: _a, ...f }) => ({ ...f, message: flagExcerpt(f.message) }));
}

/**
 * Whether the computation settles a flag about other agencies (see `Scope`): all its rows (for a
 * computed flag) or any (for a stored one) are rows whose flags of its code it found in full.
 */
type Settles = (code: string, rows: readonly { table: string; uid: string }[], quantifier: 'all' | 'any') => boolean;

type Computed = { computed: Flag[]; stored: StoredFlag[]; settles: Settles };

/** Codes whose flags group rows joined as one task or as duplicates: their groups never overlap. */
const GROUP_CODES: ReadonlySet<string> = new Set(['conflicting_amounts', 'conflicting_lead', 'possible_duplicate'] satisfies FlagCode[]);
/** Codes whose flags follow a budget line's link to a task. */
const LINK_CODES: ReadonlySet<string> = new Set(['conflicting_lead', 'unlinked_budget'] satisfies FlagCode[]);


/** Every flag, on every live row of the round. */
async function computeAll(db: Kysely<Database> | Transaction<Database>, opts: RefreshOptions): Promise<Computed> {
  const { round } = opts;
  if (!opts.readOnly) await lockRoundFlags(db, round.id);
  const [rows, sheets, names, stored] = await Promise.all([
    db
      .selectFrom('sheet_rows')
      .select(['table_name', 'uid', 'agency_id', 'section', 'code', 'data', 'row_hash'])
      .where('round_id', '=', round.id)
      .where('deleted_at', 'is', null)
      .where('table_name', 'in', [...CHECKED])
      .execute(),
    db.selectFrom('sheets').select(['table_name', 'agency_id', 'version', 'updated_at']).where('round_id', '=', round.id).execute(),
    agencyNames(db),
    storedFlags(db, round.id),
  ]);
  const states = sheets.map((s) => ({ table: s.table_name, agencyId: s.agency_id, version: s.version, updatedAt: s.updated_at }));
  const computed = computeFlags({ ...roundInput(opts, states, names), rows: rows.map((r) => toRecord(r.table_name as Checked, r)) });
  return { computed, stored, settles: () => true };
}

/**
 * The flags that concern `agencies` and the round-wide ones, from the round index.
 * Under the round's lock (unless only reporting), so that the index holds every sheet stored before.
 */
async function computeFor(db: Kysely<Database> | Transaction<Database>, opts: RefreshOptions, agencies: ReadonlySet<string>): Promise<Computed> {
  const { round, matcher } = opts;
  if (!opts.readOnly) await lockRoundFlags(db, round.id);
  const index = roundIndex(opts.cacheOwner ?? {}, round, matcher);
  const [states, own, names, stored] = await Promise.all([
    index.refresh(db, agencies),
    ownRows(db, round.id, agencies, opts.synced ?? []),
    index.agencyNames(db),
    storedFlags(db, round.id, { agencyIds: [...agencies], codes: [...ROUND_WIDE] }),
  ]);
  const input = roundInput(opts, states, names);
  const mine = own.map((r) => index.read(r));
  // Only a write settles other agencies' flags (see `Scope`); a report needs the rows as they are.
  const previous = opts.readOnly ? [] : checkedRows(opts.synced ?? [], 'previous').map((r) => index.read(r));
  const scope = scopeRows(index, mine, previous);
  const pairwise = computeFlags({ ...input, rows: scope.rows, declaredTotals: null, expectedAgencies: [], rarity: index.rarity(mine) });
  const settles: Settles = (code, rows, quantifier) => {
    if (code === 'unlinked_budget' || (code === 'conflicting_lead' && rows.some((r) => r.table === 'budget'))) {
      const line = rows.find((r) => r.table === 'budget');
      return line !== undefined && scope.linked.has(refKey(line));
    }
    if (!GROUP_CODES.has(code) || rows.length === 0) return false;
    return quantifier === 'all' ? rows.every((r) => scope.grouped.has(refKey(r))) : rows.some((r) => scope.grouped.has(refKey(r)));
  };
  const period = periodOf(round);
  const ownBudget = new Map<string, SheetRowRecord[]>();
  for (const r of mine) {
    if (r.record.table !== 'budget') continue;
    const rows = ownBudget.get(r.record.agencyId);
    if (rows) rows.push(r.record);
    else ownBudget.set(r.record.agencyId, [r.record]);
  }
  const ownSheet = round.declaredTotals ? [...ownBudget].sort(([a], [b]) => (a < b ? -1 : 1)).map(([agencyId, rows]) => reduceBudgetSheet(agencyId, rows, matcher, period)) : [];
  const others = [...index.budgetSheets()];
  // The declared totals only move when some budget sheet's sums or enterprise lines do.
  const totalsKey = JSON.stringify([round.declaredTotals, period, ownSheet, others.map((s) => `${s.agencyId}:${s.version}`)]);
  if (index.totals?.key !== totalsKey) {
    const reduced = round.declaredTotals ? [...ownSheet, ...others.map((s) => s.reduced ?? s.keep(reduceBudgetSheet(s.agencyId, s.rows.map((r) => r.record), matcher, period)))] : [];
    index.totals = { key: totalsKey, flags: declaredTotalFlags(reduced, input, index.nonState) };
  }
  const computed = sortFlags([...pairwise.filter((f) => !ROUND_WIDE.has(f.code)), ...index.totals.flags, ...missingSubmissionFlags(input)]);
  if (opts.readOnly) return { computed, stored, settles };
  // The open flags about other agencies that this computation settles, as stored: to keep their
  // review when they are found again unchanged, and to resolve those it no longer finds. (A
  // settled flag stored as resolved is written again, open, as any flag that comes back.)
  const known = new Set(stored.map((e) => e.id));
  const settled = (await openFlagsOnRows(db, round.id, [...new Set([...GROUP_CODES, ...LINK_CODES])], new Set([...scope.grouped, ...scope.linked]))).filter((e) => !known.has(e.id));
  return { computed, stored: [...stored, ...settled], settles };
}

/** The agencies' live rows in the checked tables: the synced sheets as given, the others as this transaction sees them. */
async function ownRows(db: Kysely<Database> | Transaction<Database>, roundId: string, agencyIds: ReadonlySet<string>, synced: readonly SyncedSheet[]): Promise<CheckedRow[]> {
  const given = new Set(synced.map((s) => `${s.table}\u0000${s.agencyId}`));
  const wanted = CHECKED.map((table) => ({ table, agencies: [...agencyIds].filter((a) => !given.has(`${table}\u0000${a}`)) })).filter((w) => w.agencies.length > 0);
  const rows = wanted.length === 0 ? [] : await db
    .selectFrom('sheet_rows')
    .select(['table_name', 'uid', 'agency_id', 'section', 'code', 'data', 'row_hash'])
    .where('round_id', '=', roundId)
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or(wanted.map((w) => eb.and([eb('table_name', '=', w.table), eb('agency_id', 'in', w.agencies)]))))
    .execute();
  return [...checkedRows(synced, 'rows'), ...rows.map((r) => toRecord(r.table_name as Checked, r) as CheckedRow)];
}

type CheckedRow = SheetRowRecord & { table: Checked };

/** The synced sheets' rows (now or before the sync) of the tables the consistency rules read. */
function checkedRows(synced: readonly SyncedSheet[], which: 'rows' | 'previous'): CheckedRow[] {
  return synced.flatMap((s) => (isChecked(s.table) ? ((s[which] ?? []) as CheckedRow[]) : []));
}

function roundInput(opts: RefreshOptions, sheets: readonly SheetState[], names: ReadonlyMap<string, string>): Omit<ConsistencyInput, 'rows'> {
  const { round } = opts;
  const last = new Map<string, number>();
  for (const s of sheets) if (s.version > 0) last.set(s.agencyId, Math.max(last.get(s.agencyId) ?? 0, new Date(s.updatedAt).getTime()));
  return {
    matcher: opts.matcher,
    period: periodOf(round),
    declaredTotals: round.declaredTotals,
    expectedAgencies: round.expectedAgencies,
    lastSyncByAgency: Object.fromEntries([...last].map(([id, t]) => [id, new Date(t).toISOString()])),
    dueDate: round.dueDate,
    now: opts.now,
    agencyName: (id) => names.get(id) ?? id,
  };
}

async function agencyNames(db: Kysely<Database> | Transaction<Database>): Promise<Map<string, string>> {
  return new Map((await db.selectFrom('agencies').select(['id', 'name']).execute()).map((a) => [a.id, a.name]));
}

const severityRank = new Map<string, number>(FLAG_SEVERITIES.map((s, i) => [s, i]));
const codeRank = new Map<string, number>(FLAG_CODES.map((c, i) => [c, i]));

/** The order computeFlags gives: errors first, then by code in declaration order, then by id. */
function sortFlags(flags: Flag[]): Flag[] {
  return flags.sort((a, b) => severityRank.get(a.severity)! - severityRank.get(b.severity)! || codeRank.get(a.code)! - codeRank.get(b.code)! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
