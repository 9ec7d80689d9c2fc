/**
 * Recomputing a round's consistency flags and storing them so that a flag keeps its review
 * status while its rows are unchanged (same id, same fingerprint), and comes back as open when
 * they change.
 *
 * A full refresh computes every flag on every live row and writes all. After an agency syncs,
 * only the flags its changes touch and the round-wide ones are computed and written: on the rows
 * it changed and those that can share a flag with them (scope.ts), and on the budget sheets
 * reduced to what the round-wide rules read (round-wide.ts), both kept between syncs in the round
 * index (round-index.ts). A sync that edits five rows of a 40,000-row round works on those five
 * rows and the few they are joined to, not on the agency's sheet or the round.
 *
 * Writers of a round's flags take one lock per round, held to the end of their transaction: two
 * agencies syncing at once then see each other's rows, as if one had synced after the other,
 * and never wait on each other's flag rows in opposite orders.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import {
  type AgencyMatcher,
  type ConsistencyInput,
  computeFlags,
  FLAG_RULES,
  type Flag,
  flagCodesWith,
  flagExcerpt,
  flagRule,
  hasScope,
  type SheetRowRecord,
  sortFlags,
} from '../../domain/index.js';
import { periodOf, type Round } from '../rounds/round.js';
import type { FlagSummary } from '../routes/schemas.js';
import { toRecord } from '../sync/stored-row.js';
import { TimeSlices } from '../time-slices.js';
import { progressFlagInput } from './progress-input.js';
import {
  CHECKED,
  type Checked,
  type IndexedRow,
  isChecked,
  type RoundIndex,
  roundIndex,
  type SheetState,
  sheetKey,
} from './round-index.js';
import { declaredTotalFlags, type ReducedSheet, reduceBudgetSheet, rowlessRoundFlags } from './round-wide.js';
import { refKey, scopeRows } from './scope.js';
import { openFlagsOnRows, reviewStatus, type StoredFlag, storedFlags, writeFlags } from './write-flags.js';

/**
 * A flag as a sync reports it: with the agencies it names (see `flagsAbout`), and its message
 * shortened as a row's note is (flagExcerpt). A flag about a template that a hundred agencies
 * send lists a hundred amounts, over 10 KB: the pane lists the flags, and the full text stays in
 * the round's list of flags (GET …/flags).
 */
export type ReportedFlag = FlagSummary & { agencyIds: readonly string[] };

/** A sheet just synced: its live rows as stored (they need not be read back), and before the sync. */
export interface SyncedSheet {
  table: string;
  agencyId: string;
  rows: SheetRowRecord[];
  previous: SheetRowRecord[];
  /** The version `previous` was committed at, and the version the sync wrote. */
  baseVersion: number;
  version: number;
}

export interface RefreshOptions {
  round: Round;
  matcher: AgencyMatcher;
  /**
   * The agencies that synced (several when syncs of one round are written together, see
   * service/sync/sync-queue.ts): only the flags on the rows their syncs changed, and on the rows
   * that can share a flag with those, and the round-wide ones are refreshed. Absent: every flag
   * of the round.
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
  /**
   * Receives what to do once the caller's transaction has committed: the round index takes the
   * synced sheets as they now are. Not called when the transaction fails.
   */
  committed?: (apply: () => void) => void;
  /**
   * Starts the sheets' writes: called once the flags' reads are answered, it resolves when the
   * last statement is sent, and `done` settles when the database has written it. The flags are
   * computed meanwhile, on the service's thread, and written after `done`: a transaction sends
   * its statements one at a time, so PostgreSQL writes the rows while the flags are worked out.
   */
  startWrites?: () => Promise<{ done: Promise<void> }>;
}

/** Arbitrary, fixed: the first key of the advisory lock taken on a round's flags. */
export const FLAGS_LOCK = 0x7f1a65;

/**
 * Waits for the round's flag lock, held to the end of the transaction. Its holder is another
 * batch of the round (another service process's, with TONGHOP_WORKERS) or a recompute, which on
 * a busy machine holds it longer than lock_timeout: waiting for it is the round's turn, not a
 * stuck lock, so the wait is bounded by statement_timeout alone (the deadline-day bench with two
 * processes got 409 database_busy otherwise).
 */
async function lockRoundFlags(db: Kysely<Database> | Transaction<Database>, roundId: string): Promise<void> {
  const { rows } = await sql<{ kept: string }>`
    select current_setting('lock_timeout') as kept, set_config('lock_timeout', '0', true)`.execute(db);
  await sql`select pg_advisory_xact_lock(${FLAGS_LOCK}, hashtext(${roundId}))`.execute(db);
  await sql`select set_config('lock_timeout', ${rows[0]!.kept}, true)`.execute(db);
}

/**
 * Refreshes the round's flags (see RefreshOptions.agencyIds) and reports them: every flag of the
 * round after a full refresh; after a sync, the open flags about the synced agencies and the
 * round-wide ones, as the sync leaves them (stored, or written by it).
 */
export async function refreshFlags(
  db: Kysely<Database> | Transaction<Database>,
  opts: RefreshOptions,
): Promise<ReportedFlag[]> {
  const { round, now } = opts;
  const plan = await planFlags(db, opts, false);
  const { agencies, computed, stored, before, written, gone } = plan;
  if (!opts.readOnly)
    await writeFlags(
      db,
      round.id,
      written,
      before,
      gone.map((e) => e.id),
      now,
      agencies === undefined,
    );
  const report = reporter(before);
  if (agencies === undefined) return computed.map(report);
  const after = new Map<string, ReportedFlag>();
  for (const e of stored) {
    const stays = storedReport(e);
    if (e.resolved_at === null && stays) after.set(e.id, stays);
  }
  for (const e of gone) after.delete(e.id);
  for (const f of written) after.set(f.id, report(f));
  return sortFlags(
    [...after.values()].filter((f) => hasScope(f.code, 'round') || f.agencyIds.some((id) => agencies.has(id))),
  );
}

/**
 * What a sync would do to the flags, without writing anything or moving the round index the
 * syncs keep (`opts.cacheOwner` must be another owner's): the flags it would raise (new, or
 * back to open) and those it would resolve.
 */
export async function previewFlags(
  db: Kysely<Database> | Transaction<Database>,
  opts: Omit<RefreshOptions, 'readOnly' | 'committed' | 'startWrites'> & { agencyIds: readonly string[] },
): Promise<{ raised: ReportedFlag[]; resolved: ReportedFlag[] }> {
  const { before, written, gone } = await planFlags(db, { ...opts, readOnly: true }, true);
  const report = reporter(before);
  const raised = written.filter((f) => {
    const old = before.get(f.id);
    return !old || old.resolved_at !== null || (old.status !== 'open' && old.fingerprint !== f.fingerprint);
  });
  return {
    raised: sortFlags(raised.map(report)),
    resolved: sortFlags(
      gone.map(
        (e) =>
          storedReport(e) ?? {
            id: e.id,
            code: e.code,
            severity: flagRule(e.code)?.severity ?? 'warning',
            status: e.status,
            message: '',
            agencyIds: e.agency_ids,
          },
      ),
    ),
  };
}

interface FlagPlan extends Computed {
  agencies: ReadonlySet<string> | undefined;
  before: Map<string, StoredFlag>;
  /** The computed flags the refresh settles, to be written. */
  written: Flag[];
  /** The open stored flags it no longer finds among those it settles, to be resolved. */
  gone: StoredFlag[];
}

/** The flags a refresh computes, and which of them it writes and resolves. */
async function planFlags(
  db: Kysely<Database> | Transaction<Database>,
  opts: RefreshOptions,
  settledToo: boolean,
): Promise<FlagPlan> {
  const agencies = opts.agencyIds === undefined ? undefined : new Set(opts.agencyIds);
  const found = agencies === undefined ? await computeAll(db, opts) : await computeFor(db, opts, agencies, settledToo);
  const { computed, stored, settles } = found;
  const before = new Map(stored.map((e) => [e.id, e]));
  const live = new Set(computed.map((f) => f.id));
  const written = computed.filter((f) => hasScope(f.code, 'round') || settles(f.code, f.rows, 'all'));
  const gone = stored.filter(
    (e) =>
      e.resolved_at === null &&
      !live.has(e.id) &&
      (hasScope(e.code, 'round') || settles(e.code, e.row_refs ?? [], 'any')),
  );
  return { ...found, agencies, before, written, gone };
}

const reporter =
  (before: ReadonlyMap<string, StoredFlag>) =>
  (f: Flag): ReportedFlag => ({
    id: f.id,
    code: f.code,
    severity: f.severity,
    status: reviewStatus(f, before.get(f.id)),
    message: flagExcerpt(f.message),
    agencyIds: f.agencyIds,
  });

/** A stored flag as reported, when it was read with its severity and the start of its message. */
const storedReport = (e: StoredFlag): ReportedFlag | undefined =>
  e.excerpt === undefined
    ? undefined
    : {
        id: e.id,
        code: e.code,
        severity: e.severity!,
        status: e.status,
        message: flagExcerpt(e.excerpt),
        agencyIds: e.agency_ids,
      };

/** The reported flags an agency's sync answers with: those naming it, and the round-wide ones. */
export function flagsAbout(flags: readonly ReportedFlag[], agencyId: string): FlagSummary[] {
  return flags
    .filter((f) => hasScope(f.code, 'round') || f.agencyIds.includes(agencyId))
    .map(({ agencyIds: _a, ...f }) => f);
}

/**
 * Whether the computation settles a flag (see `Scope`): all its rows (for a computed flag) or
 * any (for a stored one) are rows whose flags of its code it found in full.
 */
type Settles = (code: string, rows: readonly { table: string; uid: string }[], quantifier: 'all' | 'any') => boolean;

type Computed = { computed: Flag[]; stored: StoredFlag[]; settles: Settles };

/** Every flag, on every live row of the round. */
async function computeAll(db: Kysely<Database> | Transaction<Database>, opts: RefreshOptions): Promise<Computed> {
  const { round } = opts;
  if (!opts.readOnly) await lockRoundFlags(db, round.id);
  // A full refresh reads the round: the writes come first.
  await (await opts.startWrites?.())?.done;
  const [rows, sheets, names, stored, progress] = await Promise.all([
    db
      .selectFrom('sheet_rows')
      .select(['table_name', 'uid', 'agency_id', 'section', 'code', 'data', 'row_hash'])
      .where('round_id', '=', round.id)
      .where('deleted_at', 'is', null)
      .where('table_name', 'in', [...CHECKED])
      .execute(),
    db
      .selectFrom('sheets')
      .select(['table_name', 'agency_id', 'version', 'updated_at'])
      .where('round_id', '=', round.id)
      .execute(),
    agencyNames(db),
    storedFlags(db, round.id),
    progressFlagInput(db, round, opts.matcher, [], opts.now),
  ]);
  const states = sheets.map((s) => ({
    table: s.table_name,
    agencyId: s.agency_id,
    version: s.version,
    updatedAt: s.updated_at,
  }));
  const computed = computeFlags({
    ...roundInput(opts, states, names),
    progress,
    rows: rows.map((r) => toRecord(r.table_name as Checked, r)),
  });
  return { computed, stored, settles: () => true };
}

/** A synced sheet against the index's copy of it as committed before the sync. */
interface SheetChange {
  sheet: SyncedSheet & { table: Checked };
  /** Rows new or changed, as they are now. */
  added: IndexedRow[];
  /** The index's rows that the sync changed or removed. */
  removed: Set<IndexedRow>;
}

function changeOf(index: RoundIndex, sheet: SyncedSheet & { table: Checked }): SheetChange {
  const held = index.hold(sheet.table, sheet.agencyId, sheet.baseVersion, sheet.previous);
  const before = new Map(held.map((r) => [r.record.uid, r]));
  const added: IndexedRow[] = [];
  const kept = new Set<string>();
  for (const record of sheet.rows) {
    const was = before.get(record.uid);
    if (was && was.record.rowHash === record.rowHash) kept.add(record.uid);
    else added.push(index.read(record as IndexedRow['record']));
  }
  return { sheet, added, removed: new Set(held.filter((r) => !kept.has(r.record.uid))) };
}

/**
 * The flags on the rows the synced sheets changed, on the rows that can share a flag with those,
 * and the round-wide ones, from the round index. Under the round's lock (unless only reporting),
 * so that the index holds every sheet stored before.
 */
async function computeFor(
  db: Kysely<Database> | Transaction<Database>,
  opts: RefreshOptions,
  agencies: ReadonlySet<string>,
  /** Also read the stored flags it settles when only reporting (a preview's resolved flags). */
  settledToo = false,
): Promise<Computed> {
  const { round, matcher } = opts;
  if (!opts.readOnly) await lockRoundFlags(db, round.id);
  const index = roundIndex(opts.cacheOwner ?? {}, round, matcher);
  const synced = (opts.synced ?? []).filter((s): s is SyncedSheet & { table: Checked } => isChecked(s.table));
  const except = new Set(synced.map((s) => sheetKey(s.table, s.agencyId)));
  const [states, names, stored, progress] = await Promise.all([
    index.refresh(db, except),
    index.agencyNames(db),
    storedFlags(db, round.id, { agencyIds: [...agencies], codes: [...flagCodesWith('round')] }),
    // Before the sync's rows are written: the synced sheets are taken as sent.
    progressFlagInput(db, round, matcher, opts.synced ?? [], opts.now),
  ]);
  const writing = await opts.startWrites?.();
  // Awaited below, after the computation; a failure must not go unhandled meanwhile.
  writing?.done.catch(() => undefined);
  // The statement goes out once the calls queued by the driver have run.
  if (writing) await new Promise((resolve) => setImmediate(resolve));
  // The synced sheets are held as committed before the sync; the other sheets are refreshed
  // without them (`except`), so this may come after.
  // The computation is cut where it can be (between sheets, within the scope's walk, between
  // its steps), so that readers are not held for the whole of it (time-slices.ts).
  const slices = new TimeSlices();
  const changes: ReturnType<typeof changeOf>[] = [];
  for (const s of synced) {
    changes.push(changeOf(index, s));
    await slices.pause();
  }
  const input = { ...roundInput(opts, states, names), progress };
  const own = changes.flatMap((c) => c.added);
  const replaced = changes.flatMap((c) => [...c.removed]);
  const touched = new Set([...own, ...replaced].map((r) => refKey(r.record)));
  const scope = await scopeRows(index, own, replaced, slices);
  await slices.next();
  const pairwise =
    touched.size === 0
      ? []
      : computeFlags(
          {
            ...input,
            rows: scope.rows,
            declaredTotals: null,
            expectedAgencies: [],
            rarity: index.rarity(own, replaced),
            names: index.names,
          },
          // A scope of rows is enough for every rule but the round-wide ones.
          FLAG_RULES.filter((r) => !r.scopes.includes('round')),
        );
  const settles: Settles = (code, rows, quantifier) => {
    if (hasScope(code, 'row')) return rows.length > 0 && rows.every((r) => touched.has(refKey(r)));
    // A link flag names the budget line; a group flag of the same code names tasks only.
    if (hasScope(code, 'link') && rows.some((r) => r.table === 'budget')) {
      const line = rows.find((r) => r.table === 'budget');
      return line !== undefined && scope.linked.has(refKey(line));
    }
    if (!hasScope(code, 'group') || rows.length === 0) return false;
    return quantifier === 'all'
      ? rows.every((r) => scope.grouped.has(refKey(r)))
      : rows.some((r) => scope.grouped.has(refKey(r)));
  };
  await slices.next();
  const reduced = syncedReductions(changes, opts);
  const totals = declaredTotals(index, opts, input, reduced, except);
  const computed = sortFlags([...pairwise, ...totals, ...rowlessRoundFlags(input)]);
  opts.committed?.(() => {
    for (const { sheet, removed, added } of changes) {
      index.update(
        sheet.table,
        sheet.agencyId,
        sheet.baseVersion,
        sheet.version,
        removed,
        added,
        sheet.table === 'budget' ? reduced.get(sheet.agencyId) : undefined,
      );
    }
  });
  await writing?.done;
  if (opts.readOnly && !settledToo) return { computed, stored, settles };
  // The open flags that this computation settles, as stored with their rows: to keep their
  // review when they are found again unchanged, and to resolve those it no longer finds. (A
  // settled flag stored as resolved is written again, open, as any flag that comes back.)
  const settled = await openFlagsOnRows(
    db,
    round.id,
    [...new Set([...flagCodesWith('group'), ...flagCodesWith('link')])],
    new Set([...scope.grouped, ...scope.linked]),
    { codes: [...flagCodesWith('row')], agencyIds: [...agencies] },
  );
  const byId = new Map(stored.map((e) => [e.id, e]));
  for (const e of settled) byId.set(e.id, { ...byId.get(e.id), ...e });
  return { computed, stored: [...byId.values()], settles };
}

/** The synced budget sheets reduced for the declared totals, by agency. */
function syncedReductions(changes: readonly SheetChange[], opts: RefreshOptions): Map<string, ReducedSheet> {
  const reduced = new Map<string, ReducedSheet>();
  if (!opts.round.declaredTotals) return reduced;
  const period = periodOf(opts.round);
  for (const { sheet } of changes) {
    if (sheet.table === 'budget')
      reduced.set(sheet.agencyId, reduceBudgetSheet(sheet.agencyId, sheet.rows, opts.matcher, period));
  }
  return reduced;
}

/** declared_total_mismatch flags: the synced budget sheets as reduced, the others as the index keeps them. */
function declaredTotals(
  index: RoundIndex,
  opts: RefreshOptions,
  input: Omit<ConsistencyInput, 'rows'>,
  synced: ReadonlyMap<string, ReducedSheet>,
  except: ReadonlySet<string>,
): Flag[] {
  const { round, matcher } = opts;
  const period = periodOf(round);
  const own = [...synced].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
  const others = [...index.budgetSheets()].filter((s) => !except.has(sheetKey('budget', s.agencyId)));
  // The declared totals only move when some budget sheet's sums or enterprise lines do.
  const key = JSON.stringify([round.declaredTotals, period, own, others.map((s) => `${s.agencyId}:${s.version}`)]);
  if (index.totals?.key !== key) {
    const reduced = round.declaredTotals
      ? [
          ...own,
          ...others.map(
            (s) =>
              s.reduced ??
              s.keep(
                reduceBudgetSheet(
                  s.agencyId,
                  s.rows.map((r) => r.record),
                  matcher,
                  period,
                ),
              ),
          ),
        ]
      : [];
    index.totals = { key, flags: declaredTotalFlags(reduced, input, index.nonState) };
  }
  return index.totals.flags;
}

function roundInput(
  opts: RefreshOptions,
  sheets: readonly SheetState[],
  names: ReadonlyMap<string, string>,
): Omit<ConsistencyInput, 'rows'> {
  const { round } = opts;
  const last = new Map<string, number>();
  for (const s of sheets)
    if (s.version > 0) last.set(s.agencyId, Math.max(last.get(s.agencyId) ?? 0, new Date(s.updatedAt).getTime()));
  // The sheets read before a sync's write still show its first sync as none.
  for (const s of opts.synced ?? []) if (s.version > 0) last.set(s.agencyId, opts.now.getTime());
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
