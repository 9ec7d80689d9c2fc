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
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import type { MergedRow, TableName } from '../../domain/index.js';
import type { Round } from '../rounds/round.js';
import { loadMerged, type RowFlag } from './load-merged.js';

/** A merged JSON body as kept: its bytes, and once asked for, the same gzipped. */
export interface MergedJson {
  body: Buffer;
  gzipped(): Promise<Buffer>;
}

/** By database (the `db` a service was created with), then by round and table, most recent last. */
const bodies = new WeakMap<object, Map<string, { key: string; json: MergedJson; rows: KeptRows }>>();
/** Bodies kept per database (up to 18 MB each at 42,000 rows); the least recently sent goes first. */
const KEPT = 4;

/** What the merged JSON of `table` is made of, as one string that changes whenever the body would. */
async function stateKey(db: Kysely<Database>, round: Round, table: TableName, agencyNames: ReadonlyMap<string, string>): Promise<string> {
  const [sheets, flags] = await Promise.all([
    db.selectFrom('sheets').select(['agency_id', 'version']).where('round_id', '=', round.id).where('table_name', '=', table).orderBy('agency_id').execute(),
    // The flags loadMerged reads. Rows move the fingerprint, a review the status, and every write
    // (new words on a full refresh too, which keep the fingerprint) the time of the last change.
    sql<{ n: number; digest: string | null }>`
      select count(*)::int as n, md5(string_agg(id || ' ' || status || ' ' || fingerprint || ' ' || updated_at::text, ',' order by id)) as digest
      from flags where round_id = ${round.id} and resolved_at is null and status in ('open', 'returned')`.execute(db),
  ]);
  return JSON.stringify([round, [...agencyNames], sheets.map((s) => `${s.agency_id}:${s.version}`), flags.rows[0]]);
}

/** The merged JSON body of `table`, or null when the round has no such table. */
export async function mergedJson(db: Kysely<Database>, round: Round, table: TableName, agencyNames: ReadonlyMap<string, string>): Promise<MergedJson | null> {
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
    return on ? on.map(({ id, ...f }) => ((flags[id] ??= f), id)) : NO_FLAGS;
  };
  const kept = hit?.rows ?? new Map();
  const rows: KeptRows = new Map();
  const parts: Buffer[] = [];
  for (const r of merged.rows) {
    if (parts.length > 0) parts.push(COMMA);
    parts.push(rowJson(r, r.agencyId ? agencyName(r.agencyId) : null, flagIdsOf(r.uid), kept, rows));
  }
  // The rows go where JSON.stringify puts the `rows` key: the body is the one it would write.
  const [head, tail] = JSON.stringify({ ...merged, rows: ROWS_MARK, flags }).split(`"${ROWS_MARK}"`) as [string, string];
  const body = Buffer.concat([Buffer.from(`${head}[`), ...parts, Buffer.from(`]${tail}`)]);
  let gzipped: Promise<Buffer> | undefined;
  const json: MergedJson = {
    body,
    gzipped() {
      // Level 1, off the event loop (zlib's threads). A failure is not kept: the next pull tries again.
      gzipped ??= gzipAsync(body, { level: 1 }).catch((error: unknown) => {
        gzipped = undefined;
        throw error;
      });
      return gzipped;
    },
  };
  byTable.set(slot, { key, json, rows });
  for (const old of byTable.keys()) if (byTable.size > KEPT) byTable.delete(old);
  return json;
}

const gzipAsync = promisify(gzip);

/** Stands for the rows in the body's frame: random, so that no title or message can hold it. */
const ROWS_MARK = `rows-${randomBytes(12).toString('hex')}`;
const COMMA = Buffer.from(',');
const NO_FLAGS: readonly string[] = [];

/**
 * Each item row's JSON, kept with the body by uid. An item's merged cells are its stored row's
 * cells object, which round-rows.ts keeps while the row's sheet is unchanged and replaces when it
 * is read again: the same object is the same row. After one agency's sync, only that agency's
 * rows and the rows whose place, agency name or flags moved are written again (writing all
 * 42,000 took about 0.35 s).
 */
interface KeptRow {
  cells: object;
  row: MergedRow;
  agencyName: string | null;
  flagIds: readonly string[];
  json: Buffer;
}
type KeptRows = Map<string, KeptRow>;

function rowJson(r: MergedRow, agencyName: string | null, flagIds: readonly string[], kept: KeptRows, rows: KeptRows): Buffer {
  if (r.uid === null) return Buffer.from(JSON.stringify({ ...r, agencyName, flagIds }));
  let entry = kept.get(r.uid);
  if (!entry || entry.cells !== r.cells || !sameRow(entry, r, agencyName, flagIds)) {
    entry = { cells: r.cells, row: r, agencyName, flagIds, json: Buffer.from(JSON.stringify({ ...r, agencyName, flagIds })) };
  }
  rows.set(r.uid, entry);
  return entry.json;
}

/** Whether a kept row's JSON still holds: the same place, agency and flags (its cells are the stored row's). */
function sameRow(kept: { row: MergedRow; agencyName: string | null; flagIds: readonly string[] }, r: MergedRow, agencyName: string | null, flagIds: readonly string[]): boolean {
  const k = kept.row;
  if (k.kind !== r.kind || k.section !== r.section || k.code !== r.code || k.agencyId !== r.agencyId || kept.agencyName !== agencyName) return false;
  if (kept.flagIds.length !== flagIds.length) return false;
  for (let i = 0; i < flagIds.length; i++) if (kept.flagIds[i] !== flagIds[i]) return false;
  return true;
}
