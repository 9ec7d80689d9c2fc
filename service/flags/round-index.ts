/**
 * The live rows of a round's checked tables (tasks, budget), kept in memory between syncs and
 * refreshed sheet by sheet: a sheet is read again only when its version moved. Each row's name
 * is read once, the consistency rules' own way (names.ts), and filed so that the rows that can
 * share a flag with an agency's rows are found without reading the round (see scope.ts).
 *
 * The index holds committed rows only. A sheet being synced stays in it as it was before the
 * sync (`hold`): the sync's flags follow only its changed rows, and the rest of the sheet is
 * found like any other agency's. Once the sync has committed, its changed rows replace the old
 * ones (`update`), so that the next sync need not read the sheet again.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import {
  type AgencyMatcher,
  budgetFraction,
  DUPLICATE_THRESHOLD,
  type Flag,
  LINK_THRESHOLD,
  NameReader,
  type Period,
  type SheetRowRecord,
  SUBSTITUTION_WEIGHT,
  similarityFraction,
  tableDef,
  taskFraction,
} from '../../domain/index.js';
import { toRecord } from '../sync/stored-row.js';
import type { NonStateCache, ReducedSheet } from './round-wide.js';

export const CHECKED = ['tasks', 'budget'] as const;
export type Checked = (typeof CHECKED)[number];

export interface IndexedRow {
  readonly record: SheetRowRecord & { table: Checked };
  /** Identifying syllable ids of the whole name, then of its head when it has one. */
  readonly forms: readonly (readonly number[])[];
  /** The whole name's syllables, sorted: rows with equal keys name one task. Empty names have none. */
  readonly key: string | null;
  /** Set when the row's sheet leaves the index: lists still holding it skip it (see `Postings`). */
  dropped?: boolean;
  /** Where the index filed the row (`RoundIndex.prefixesOf`). */
  filedAs?: Prefixes;
}

interface Sheet {
  version: number;
  rows: IndexedRow[];
  /** What the declared totals need of a budget sheet, worked out on first use (round-wide.ts). */
  reduced?: ReducedSheet;
}

export interface SheetState {
  table: string;
  agencyId: string;
  version: number;
  updatedAt: Date;
}

const NONE: readonly IndexedRow[] = [];

/**
 * Key → rows, as lists that only grow: a row whose sheet left the index is marked dropped and
 * skipped, and the lists are rebuilt once as many rows were dropped as are live. Appending to a
 * list costs a fraction of adding to a set, and a round's filing is mostly appending.
 */
export class Postings<K> {
  private readonly lists = new Map<K, IndexedRow[]>();

  add(key: K, row: IndexedRow): void {
    const list = this.lists.get(key);
    if (list) list.push(row);
    else this.lists.set(key, [row]);
  }

  /**
   * The rows filed under `key`, dropped ones included: callers skip a row marked `dropped`. A
   * plain array rather than an iterator, since scopes walk millions of entries on deadline day
   * and each step of a generator allocates.
   */
  get(key: K): readonly IndexedRow[] {
    return this.lists.get(key) ?? NONE;
  }

  clear(): void {
    this.lists.clear();
  }
}

/** A sheet's key in the index and in `refresh`'s `except`. */
export const sheetKey = (table: string, agencyId: string) => `${table}\u0000${agencyId}`;

export class RoundIndex {
  readonly reader = new NameReader();
  /** Rows holding each token in their whole name, over both tables: the rules' document frequency. */
  readonly df = new Map<number, number>();
  size = 0;
  /** Rows per table. */
  readonly counts: Record<Checked, number> = { tasks: 0, budget: 0 };
  private readonly sheets = new Map<string, Sheet>();
  /** Per table: the tokens of each form's similarity prefix (for DUPLICATE_THRESHOLD). */
  readonly similar: Record<Checked, Postings<number>> = { tasks: new Postings(), budget: new Postings() };
  /** Per table: the tokens of each form's distinctive prefix. */
  readonly distinctive: Record<Checked, Postings<number>> = { tasks: new Postings(), budget: new Postings() };
  /** Tasks: the tokens a budget line must meet to be linked to the task; budget lines: those a task must meet. */
  readonly linkable: Record<Checked, Postings<number>> = { tasks: new Postings(), budget: new Postings() };
  /** Rows by table and name (see `IndexedRow.key`). */
  readonly byName = new Postings<string>();
  /** Rows by table, section and item number. */
  readonly byNumber = new Postings<string>();
  /** Per table, section and item number: how many rows carry each name (as the same-number rule counts names). */
  readonly namesByNumber = new Map<string, Map<string, number>>();
  private filedAt = 0;
  /** Rows dropped since the postings were last built. */
  private dropped = 0;
  /** Names already read: a template's name is read once for the ninety-nine sheets that carry it. */
  private readonly readNames = new Map<string, Pick<IndexedRow, 'forms' | 'key'>>();
  private agencies: Promise<ReadonlyMap<string, string>> | undefined;
  /** The last declared-total flags and what they were worked out from, and the non-state part's (refresh.ts). */
  totals: { key: string; flags: Flag[] } | undefined;
  readonly nonState: NonStateCache = {};

  constructor(
    readonly roundId: string,
    readonly period: Period,
    readonly matcher: AgencyMatcher,
  ) {}

  /**
   * Reads again every sheet whose version moved, as `db` (the sync's transaction) sees the
   * round, except the sheets in `except` (`sheetKey`), which stay as they are: the sheets being
   * synced, held as committed before the sync. Returns every sheet's version and time.
   */
  async refresh(db: Kysely<Database> | Transaction<Database>, except: ReadonlySet<string>): Promise<SheetState[]> {
    const states = (
      await db
        .selectFrom('sheets')
        .select(['table_name', 'agency_id', 'version', 'updated_at'])
        .where('round_id', '=', this.roundId)
        .execute()
    ).map((s) => ({ table: s.table_name, agencyId: s.agency_id, version: s.version, updatedAt: s.updated_at }));
    const wanted = new Map(
      states
        .filter((s) => isChecked(s.table) && !except.has(sheetKey(s.table, s.agencyId)))
        .map((s) => [sheetKey(s.table, s.agencyId), s]),
    );
    for (const key of [...this.sheets.keys()]) if (!wanted.has(key) && !except.has(key)) this.drop(key);
    const stale = [...wanted].filter(([key, s]) => this.sheets.get(key)?.version !== s.version);
    if (stale.length > 0) {
      // Versions were read first: rows read now are as new or newer, never older, than their label.
      let query = db
        .selectFrom('sheet_rows')
        .select(['table_name', 'uid', 'agency_id', 'section', 'code', 'data', 'row_hash'])
        .where('round_id', '=', this.roundId)
        .where('table_name', 'in', [...CHECKED])
        .where('deleted_at', 'is', null);
      if (stale.length <= 50)
        query = query.where((eb) =>
          eb.or(stale.map(([, s]) => eb.and([eb('table_name', '=', s.table), eb('agency_id', '=', s.agencyId)]))),
        );
      const rows = await query.execute();
      const fresh = new Map(stale.map(([key, s]) => [key, { version: s.version, rows: [] as IndexedRow[] }]));
      for (const r of rows)
        fresh
          .get(sheetKey(r.table_name, r.agency_id))
          ?.rows.push(this.read(toRecord(r.table_name as Checked, r) as IndexedRow['record']));
      for (const [key, sheet] of fresh) {
        this.drop(key);
        this.add(key, sheet);
      }
    }
    // Rarity moves as the round fills, slowly once it holds many sheets alike: file again when the
    // round has doubled or halved (a few times while it fills, so filing stays linear overall).
    if (this.size > 2 * this.filedAt || this.size < this.filedAt / 2 || this.dropped > Math.max(this.size, 1000))
      this.fileAll();
    return states;
  }

  /**
   * The sheet as committed at `version`, which the caller read under the sheet's lock: kept if
   * the index holds that version, put in its place otherwise.
   */
  hold(table: Checked, agencyId: string, version: number, records: readonly SheetRowRecord[]): readonly IndexedRow[] {
    const key = sheetKey(table, agencyId);
    const held = this.sheets.get(key);
    if (held?.version === version) return held.rows;
    this.drop(key);
    const sheet: Sheet = { version, rows: records.map((r) => this.read(r as IndexedRow['record'])) };
    this.add(key, sheet);
    return sheet.rows;
  }

  /**
   * After a sync of a held sheet committed (version `from` to `to`): `removed` (rows of the held
   * sheet) leave it and `added` join it, as a refresh would have read them. A sheet the index no
   * longer holds at `from` is left for the next refresh to read.
   */
  update(
    table: Checked,
    agencyId: string,
    from: number,
    to: number,
    removed: ReadonlySet<IndexedRow>,
    added: readonly IndexedRow[],
    reduced: ReducedSheet | undefined,
  ): void {
    const sheet = this.sheets.get(sheetKey(table, agencyId));
    if (!sheet || sheet.version !== from) return;
    for (const row of removed) this.leave(row);
    sheet.rows = [...(removed.size > 0 ? sheet.rows.filter((r) => !removed.has(r)) : sheet.rows), ...added];
    this.enter(added);
    sheet.version = to;
    sheet.reduced = reduced;
  }

  /** A row as the index reads it (also for rows that are not in the index). */
  read(record: IndexedRow['record']): IndexedRow {
    return { record, ...this.known(cellText(record.cells[tableDef(record.table, this.period).nameKey])) };
  }

  /** Names as this index has read them, for the rules to take instead of reading them again (ConsistencyInput.names). */
  readonly names = { texts: this.reader.texts, forms: (name: string) => this.known(name).forms };

  private known(name: string): Pick<IndexedRow, 'forms' | 'key'> {
    let known = this.readNames.get(name);
    if (!known) {
      const read = this.reader.read(name);
      const whole = this.reader.identifying(read);
      const forms = read.headLength > 0 ? [whole, this.reader.identifying(read, read.headLength)] : [whole];
      this.readNames.set(
        name,
        (known = { forms, key: whole.length > 0 ? [...whole].sort((a, b) => a - b).join(' ') : null }),
      );
    }
    return known;
  }

  /** Registry names by id (also of agencies no longer active), read once per index. */
  agencyNames(db: Kysely<Database> | Transaction<Database>): Promise<ReadonlyMap<string, string>> {
    this.agencies ??= db
      .selectFrom('agencies')
      .select(['id', 'name'])
      .execute()
      .then((rows) => new Map(rows.map((a) => [a.id, a.name])));
    // A failed read (an aborted transaction) must not stay cached.
    this.agencies.catch(() => (this.agencies = undefined));
    return this.agencies;
  }

  /** Where a row of the index is filed, or (another row) its prefixes now. */
  prefixesOf(row: IndexedRow, weight: Weight): Prefixes {
    return row.filedAs ?? prefixes(row, weight);
  }

  /** The live rows of the other agencies' sheets. */
  *rows(): Iterable<IndexedRow> {
    for (const sheet of this.sheets.values()) yield* sheet.rows;
  }

  /** The budget sheets, for the round-wide rules. */
  *budgetSheets(): Iterable<{
    agencyId: string;
    version: number;
    rows: readonly IndexedRow[];
    reduced?: ReducedSheet;
    keep(reduced: ReducedSheet): ReducedSheet;
  }> {
    for (const [key, sheet] of this.sheets) {
      const [table, agencyId] = key.split('\u0000') as [string, string];
      if (table === 'budget')
        yield {
          agencyId,
          version: sheet.version,
          rows: sheet.rows,
          ...(sheet.reduced ? { reduced: sheet.reduced } : {}),
          keep: (reduced: ReducedSheet) => (sheet.reduced = reduced),
        };
    }
  }

  /** Document frequency with `extra` rows counted in and `less` rows of the index counted out (a sync's new and replaced rows). */
  weights(extra: readonly IndexedRow[], less: readonly IndexedRow[] = []): Weight {
    const more = counted(extra, less);
    const n = Math.max(this.size + extra.length - less.length, 1);
    // Token ids are dense (NameReader): an array is the cheapest memo for the sorts and overlaps that ask.
    const known = new Float64Array(this.reader.texts.length).fill(NaN);
    return (t) => {
      let w = known[t] ?? NaN;
      if (Number.isNaN(w)) {
        w = Math.log(1 + n / Math.max((this.df.get(t) ?? 0) + (more.get(t) ?? 0), 1));
        if (t < known.length) known[t] = w;
      }
      return w;
    };
  }

  /** The round's syllable rarity with `extra` rows added and `less` taken out, as the rules take it (ConsistencyInput.rarity). */
  rarity(
    extra: readonly IndexedRow[],
    less: readonly IndexedRow[] = [],
  ): { documents: number; frequency(syllable: string): number } {
    const more = counted(extra, less);
    return {
      documents: this.size + extra.length - less.length,
      frequency: (syllable) => {
        const t = this.reader.idOf(syllable);
        return t === undefined ? 0 : (this.df.get(t) ?? 0) + (more.get(t) ?? 0);
      },
    };
  }

  private add(key: string, sheet: Sheet): void {
    this.sheets.set(key, sheet);
    this.enter(sheet.rows);
  }

  private drop(key: string): void {
    const sheet = this.sheets.get(key);
    if (!sheet) return;
    this.sheets.delete(key);
    for (const row of sheet.rows) this.leave(row);
  }

  /**
   * Counts rows that join the index, then files them. They are filed with weights that count
   * them: words that the rows share (a re-sent sheet's new wording) are common among them, and
   * filed as rare, they would put every one of these rows in every other's candidates.
   */
  private enter(rows: readonly IndexedRow[]): void {
    for (const row of rows) {
      this.size++;
      this.counts[row.record.table]++;
      for (const t of row.forms[0]!) this.df.set(t, (this.df.get(t) ?? 0) + 1);
      if (row.record.code.trim() !== '') {
        const names = this.namesByNumber.get(numberKey(row)) ?? new Map<string, number>();
        names.set(nameOf(row), (names.get(nameOf(row)) ?? 0) + 1);
        this.namesByNumber.set(numberKey(row), names);
      }
    }
    const weight = this.weights([]);
    for (const row of rows) this.file(row, weight);
  }

  /** Counts out a row that leaves the index; the lists still holding it skip it (`Postings`). */
  private leave(row: IndexedRow): void {
    this.size--;
    this.counts[row.record.table]--;
    for (const t of row.forms[0]!) {
      const n = (this.df.get(t) ?? 1) - 1;
      if (n > 0) this.df.set(t, n);
      else this.df.delete(t);
    }
    row.dropped = true;
    this.dropped++;
    if (row.record.code.trim() !== '') {
      const names = this.namesByNumber.get(numberKey(row))!;
      const n = names.get(nameOf(row))! - 1;
      if (n > 0) names.set(nameOf(row), n);
      else names.delete(nameOf(row));
    }
  }

  private fileAll(): void {
    this.filedAt = this.size;
    this.dropped = 0;
    for (const table of CHECKED)
      for (const postings of [this.similar, this.distinctive, this.linkable]) postings[table].clear();
    this.byName.clear();
    this.byNumber.clear();
    const weight = this.weights([]);
    for (const row of this.rows()) this.file(row, weight);
  }

  /** Files a counted row under its name, its number and its prefixes. */
  private file(row: IndexedRow, weight: Weight): void {
    const { table } = row.record;
    if (row.key !== null) this.byName.add(nameKey(row), row);
    if (row.record.code.trim() !== '') this.byNumber.add(numberKey(row), row);
    const where = prefixes(row, weight);
    for (const t of where.similar) this.similar[table].add(t, row);
    for (const t of where.distinctive) this.distinctive[table].add(t, row);
    for (const t of where.linkable) this.linkable[table].add(t, row);
    row.filedAs = where;
  }
}

export type Weight = (token: number) => number;

/** Per token: how many of `extra` rows' whole names hold it, less how many of `less` rows' do. */
function counted(extra: readonly IndexedRow[], less: readonly IndexedRow[]): Map<number, number> {
  const more = new Map<number, number>();
  for (const r of extra) for (const t of r.forms[0]!) more.set(t, (more.get(t) ?? 0) + 1);
  for (const r of less) for (const t of r.forms[0]!) more.set(t, (more.get(t) ?? 0) - 1);
  return more;
}

/**
 * The tokens under which the rules' blocking looks a name up (search.ts), over all its forms,
 * rarest first as in their vocabulary:
 * - `distinctive`: the rarest tokens worth the substitution weight. Two names can score above 0
 *   only if one lacks none of the other's distinctive words, so it meets their prefix;
 * - `similar`: enough of the rarest tokens that a name DUPLICATE_THRESHOLD alike must meet one;
 * - `linkable`: for a task, the tokens a budget line linked to it must meet; for a budget line,
 *   those a task it is linked to must meet (links.ts, LINK_THRESHOLD).
 */
export interface Prefixes {
  distinctive: number[];
  similar: number[];
  linkable: number[];
}

const SIMILAR = similarityFraction(DUPLICATE_THRESHOLD);
const TASK_LINK = taskFraction(LINK_THRESHOLD);
const BUDGET_LINK = budgetFraction(LINK_THRESHOLD);

export function prefixes(row: IndexedRow, weight: Weight): Prefixes {
  const out: Prefixes = { distinctive: [], similar: [], linkable: [] };
  const link = row.record.table === 'tasks' ? TASK_LINK : BUDGET_LINK;
  for (const form of row.forms) {
    if (form.length === 0) continue;
    const sorted = rarestFirst(form, weight);
    let sum = 0;
    for (const t of sorted) {
      out.distinctive.push(t);
      if ((sum += weight(t)) >= SUBSTITUTION_WEIGHT) break;
    }
    pushPrefix(out.similar, sorted, weight, SIMILAR);
    pushPrefix(out.linkable, sorted, weight, link);
  }
  // The head's tokens are the whole name's too: a row is filed once under each token.
  if (row.forms.length > 1)
    for (const k of ['distinctive', 'similar', 'linkable'] as const)
      out[k] = out[k].filter((t, i, all) => all.indexOf(t) === i);
  return out;
}

/**
 * A name's tokens, heaviest (rarest) first, ties by id. An insertion sort of a copy: names hold
 * a few dozen tokens, and every row of a round is sorted when the index files it.
 */
function rarestFirst(form: readonly number[], weight: Weight): number[] {
  const sorted = form.slice();
  for (let i = 1; i < sorted.length; i++) {
    const t = sorted[i]!;
    const w = weight(t);
    let j = i;
    for (; j > 0; j--) {
      const u = sorted[j - 1]!;
      const v = weight(u);
      if (v > w || (v === w && u < t)) break;
      sorted[j] = u;
    }
    sorted[j] = t;
  }
  return sorted;
}

/** Appends the leading tokens such that a set sharing `fraction` of this one's weight meets one of them (Vocabulary.prefixLength). */
function pushPrefix(out: number[], sorted: readonly number[], weight: Weight, fraction: number): void {
  let total = 0;
  for (const t of sorted) total += weight(t);
  const bound = fraction * total;
  let rest = 0;
  let k = sorted.length;
  while (k > 0 && rest + weight(sorted[k - 1]!) < bound) rest += weight(sorted[--k]!);
  for (let i = 0; i < k; i++) out.push(sorted[i]!);
}

export const nameKey = (row: IndexedRow) => `${row.record.table}|${row.key}`;
/** A row's name as the same-number rule counts names: an empty name is a name of its own. */
export const nameOf = (row: IndexedRow) => row.key ?? `\u0000${row.record.uid}`;
export const numberKey = (row: IndexedRow) => `${row.record.table}|${row.record.section}|${row.record.code.trim()}`;

export const isChecked = (table: string): table is Checked => (CHECKED as readonly string[]).includes(table);
const cellText = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

const indexes = new WeakMap<object, Map<string, RoundIndex>>();
const KEPT_ROUNDS = 4;

/**
 * The index of a round for one database (the `db` a service was created with). A new matcher
 * (the registry changed) or period starts a new index.
 */
export function roundIndex(
  db: object,
  round: { id: string; periodStart: number; periodEnd: number },
  matcher: AgencyMatcher,
): RoundIndex {
  let byRound = indexes.get(db);
  if (!byRound) indexes.set(db, (byRound = new Map()));
  const hit = byRound.get(round.id);
  byRound.delete(round.id);
  const index =
    hit && hit.matcher === matcher && hit.period.from === round.periodStart && hit.period.to === round.periodEnd
      ? hit
      : new RoundIndex(round.id, { from: round.periodStart, to: round.periodEnd }, matcher);
  // Most recently used last; the oldest round goes first.
  byRound.set(round.id, index);
  for (const id of byRound.keys()) if (byRound.size > KEPT_ROUNDS) byRound.delete(id);
  return index;
}
