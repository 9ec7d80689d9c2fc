/**
 * The merged table as the JSON the API sends, kept per round and table until what it is made of
 * changes: the sheets (each sheet's version moves with every change to its rows), the open flags
 * on them (their ids, statuses, fingerprints and times of change), the round (outline, period, name) and the
 * agencies' names. Coordinators and validators pull the merged table again and again while few
 * sheets change; an unchanged round is then sent without merging 42,000 rows or writing 18 MB of
 * JSON again.
 *
 * What the body is made of is read after its key, so a body is as new as its key or newer; a
 * newer one is made again at the next request, whose key has moved.
 *
 * The body is kept as UTF-8 bytes, and gzipped once for the clients that accept it (browsers and
 * the task pane do): 19 MB of JSON at 42,000 rows is 3.4 MB gzipped, which a commune's
 * connection feels.
 */
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import type { MergedRow, MergedTable, TableName } from '../../domain/index.js';
import type { Round } from '../rounds/round.js';
import { loadMerged, type RowFlag } from './load-merged.js';

/**
 * The merged JSON as clients read it (the task pane, scripts): the merged table, each row with
 * its agency's name and the ids of its open flags, and those flags once each, by id.
 */
export type MergedJsonBody = Omit<MergedTable, 'rows'> & {
  rows: (MergedRow & { agencyName: string | null; flagIds: readonly string[] })[];
  flags: Record<string, Omit<RowFlag, 'id'>>;
};

/** A merged JSON body as kept. */
export interface MergedJson {
  /** The body gzipped (level 1), made once, as soon as the body is. */
  gzipped(): Promise<Buffer>;
  /** The body, copied: a kept body's memory is written over once newer bodies replace it, so copy it at once. */
  plain(): Buffer;
}

interface Kept {
  key: string;
  json: MergedJson;
  body: Buffer;
  rows: KeptRows;
  /** Settles when nothing reads `body` any more but the next build. */
  done: Promise<unknown>;
}

/** By database (the `db` a service was created with), then by round and table, most recent last. */
const bodies = new WeakMap<object, Map<string, Kept>>();
/** Bodies kept per database (up to 18 MB each at 42,000 rows); the least recently sent goes first. */
const KEPT = 4;

/**
 * The memory of a body no longer kept, for the next body to be written into. Fresh memory costs
 * a page fault per 4 KB on first touch: 19 MB took 55 ms on the bench machine, against 1 ms to
 * copy the same bytes into memory already touched.
 */
let spare: Buffer | null = null;

/** Gives a replaced body's memory to the next build, once its gzip has read it. */
function retire(kept: Kept): void {
  void kept.done.finally(() => {
    const memory = Buffer.from(
      kept.body.buffer,
      kept.body.byteOffset,
      kept.body.buffer.byteLength - kept.body.byteOffset,
    );
    if (!spare || spare.length < memory.length) spare = memory;
  });
}

/** Memory for a body of `size` bytes: the spare when it is large enough, else new (with room to grow). */
function memoryFor(size: number): Buffer {
  if (spare && spare.length >= size) {
    const memory = spare;
    spare = null;
    return memory;
  }
  return Buffer.allocUnsafeSlow(Math.ceil(size * 1.05));
}

/** What the merged JSON of `table` is made of, as one string that changes whenever the body would. */
async function stateKey(
  db: Kysely<Database>,
  round: Round,
  table: TableName,
  agencyNames: ReadonlyMap<string, string>,
): Promise<string> {
  const [sheets, flags] = await Promise.all([
    db
      .selectFrom('sheets')
      .select(['agency_id', 'version'])
      .where('round_id', '=', round.id)
      .where('table_name', '=', table)
      .orderBy('agency_id')
      .execute(),
    // The flags loadMerged reads. Rows move the fingerprint, a review the status, and every write
    // (new words on a full refresh too, which keep the fingerprint) the time of the last change.
    sql<{ n: number; digest: string | null }>`
      select count(*)::int as n, md5(string_agg(id || ' ' || status || ' ' || fingerprint || ' ' || updated_at::text, ',' order by id)) as digest
      from flags where round_id = ${round.id} and resolved_at is null and status in ('open', 'returned')`.execute(db),
  ]);
  return JSON.stringify([round, [...agencyNames], sheets.map((s) => `${s.agency_id}:${s.version}`), flags.rows[0]]);
}

/** The merged JSON body of `table`, or null when the round has no such table. */
export async function mergedJson(
  db: Kysely<Database>,
  round: Round,
  table: TableName,
  agencyNames: ReadonlyMap<string, string>,
): Promise<MergedJson | null> {
  let byTable = bodies.get(db);
  if (!byTable) bodies.set(db, (byTable = new Map()));
  const slot = `${round.id}\u0000${table}`;
  const key = await stateKey(db, round, table, agencyNames);
  const hit = byTable.get(slot);
  byTable.delete(slot);
  if (hit?.key === key) {
    byTable.set(slot, hit);
    return hit.json;
  }
  const { merged, flagsByUid } = await loadMerged(db, round, table);
  if (!merged) return null;
  const agencyName = (id: string) => agencyNames.get(id) ?? id;
  // Each flag once, rows naming theirs: a flag shared by forty rows is not sent forty times.
  const flags: Record<string, Omit<RowFlag, 'id'>> = {};
  const flagIdsOf = (uid: string | null): readonly string[] => {
    const on = uid === null ? undefined : flagsByUid.get(uid);
    if (!on) return NO_FLAGS;
    return on.map(({ id, ...f }) => {
      flags[id] ??= f;
      return id;
    });
  };
  // In row order, so that `flags` lists them in the order of their first row.
  const flagIds = merged.rows.map((r) => flagIdsOf(r.uid));
  // The rows go where JSON.stringify puts the `rows` key: the body is the one it would write.
  const [head, tail] = JSON.stringify({ ...merged, rows: ROWS_MARK, flags }).split(`"${ROWS_MARK}"`) as [
    string,
    string,
  ];
  const writer = new BodyWriter(Buffer.from(`${head}[`), hit ? { body: hit.body, rows: hit.rows } : undefined);
  merged.rows.forEach((r, i) => writer.row(r, r.agencyId ? agencyName(r.agencyId) : null, flagIds[i]!));
  const { body, rows } = writer.end(Buffer.from(`]${tail}`));
  // Every client that matters takes gzip (browsers, the task pane); level 1, in zlib's threads.
  const gzipped = gzipAsync(body, { level: 1 });
  const json: MergedJson = { gzipped: () => gzipped, plain: () => Buffer.from(body) };
  const kept: Kept = { key, json, body, rows, done: gzipped.catch(() => undefined) };
  // A failed gzip is not kept: the next pull makes the body again.
  gzipped.catch(() => (byTable.get(slot) === kept ? byTable.delete(slot) : undefined));
  const replaced = byTable.get(slot);
  byTable.set(slot, kept);
  if (replaced) retire(replaced);
  if (hit) retire(hit);
  for (const [old, entry] of byTable) {
    if (byTable.size <= KEPT) break;
    byTable.delete(old);
    retire(entry);
  }
  return json;
}

const gzipAsync = promisify(gzip);

/** Stands for the rows in the body's frame: random, so that no title or message can hold it. */
const ROWS_MARK = `rows-${randomBytes(12).toString('hex')}`;
const COMMA = Buffer.from(',');
const NO_FLAGS: readonly string[] = [];

/**
 * Where each item row's JSON lies in the body, kept with it by uid. An item's merged cells are
 * its stored row's cells object, which round-rows.ts keeps while the row's sheet is unchanged and
 * replaces when it is read again: the same object is the same row. After one agency's sync, only
 * that agency's rows and the rows whose place, agency name or flags moved are written again
 * (writing all 42,000 took about 0.35 s), and the rows between them are copied from the last
 * body in runs, a few large copies rather than one per row.
 */
interface KeptRow {
  cells: object;
  row: MergedRow;
  agencyName: string | null;
  flagIds: readonly string[];
  /** The row's bytes in the body it was kept with: [start, end). */
  start: number;
  end: number;
}
type KeptRows = Map<string, KeptRow>;

/** Writes a body from the rows in order, copying unchanged rows from the last body. */
class BodyWriter {
  private readonly parts: Buffer[];
  private at: number;
  /** The run of the last body being copied: [from, to). */
  private run: { from: number; to: number } | null = null;
  private count = 0;
  readonly rows: KeptRows = new Map();

  constructor(
    head: Buffer,
    private readonly last: { body: Buffer; rows: KeptRows } | undefined,
  ) {
    this.parts = [head];
    this.at = head.length;
  }

  row(r: MergedRow, agencyName: string | null, flagIds: readonly string[]): void {
    const kept = r.uid === null ? undefined : this.last?.rows.get(r.uid);
    const same = kept !== undefined && kept.cells === r.cells && sameRow(kept, r, agencyName, flagIds);
    // The last body's rows are separated by one comma: the next row there extends the run.
    if (same && this.run !== null && kept.start === this.run.to + 1) {
      this.run.to = kept.end;
      this.at += 1;
    } else {
      this.flush();
      if (this.count > 0) this.push(COMMA);
    }
    const start = this.at;
    if (same) {
      this.run ??= { from: kept.start, to: kept.end };
      this.at += kept.end - kept.start;
    } else {
      this.push(Buffer.from(JSON.stringify({ ...r, agencyName, flagIds } satisfies MergedJsonBody['rows'][number])));
    }
    if (r.uid !== null) this.rows.set(r.uid, { cells: r.cells, row: r, agencyName, flagIds, start, end: this.at });
    this.count++;
  }

  end(tail: Buffer): { body: Buffer; rows: KeptRows } {
    this.flush();
    this.parts.push(tail);
    let size = 0;
    for (const part of this.parts) size += part.length;
    const memory = memoryFor(size);
    let at = 0;
    for (const part of this.parts) at += part.copy(memory, at);
    return { body: memory.subarray(0, size), rows: this.rows };
  }

  private push(part: Buffer): void {
    this.parts.push(part);
    this.at += part.length;
  }

  private flush(): void {
    if (this.run) this.parts.push(this.last!.body.subarray(this.run.from, this.run.to));
    this.run = null;
  }
}

/** Whether a kept row's JSON still holds: the same place, agency and flags (its cells are the stored row's). */
function sameRow(
  kept: { row: MergedRow; agencyName: string | null; flagIds: readonly string[] },
  r: MergedRow,
  agencyName: string | null,
  flagIds: readonly string[],
): boolean {
  const k = kept.row;
  if (
    k.kind !== r.kind ||
    k.section !== r.section ||
    k.code !== r.code ||
    k.agencyId !== r.agencyId ||
    kept.agencyName !== agencyName
  )
    return false;
  if (kept.flagIds.length !== flagIds.length) return false;
  for (let i = 0; i < flagIds.length; i++) if (kept.flagIds[i] !== flagIds[i]) return false;
  return true;
}
