/**
 * The merged table as the JSON the API sends, kept per round and table until what it is made of
 * changes: the sheets (each sheet's version moves with every change to its rows), the open flags
 * on them (their ids, statuses and fingerprints), the round (outline, period, name) and the
 * agencies' names. Coordinators and validators pull the merged table again and again while few
 * sheets change; an unchanged round is then sent without merging 42,000 rows or writing 18 MB of
 * JSON again.
 *
 * What the body is made of is read after its key, so a body is as new as its key or newer; a
 * newer one is made again at the next request, whose key has moved.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import type { TableName } from '../../domain/index.js';
import type { Round } from '../rounds/round.js';
import { loadMerged, type RowFlag } from './load-merged.js';

/** By database (the `db` a service was created with), then by round and table, most recent last. */
const bodies = new WeakMap<object, Map<string, { key: string; body: string }>>();
/** Bodies kept per database (up to 18 MB each at 42,000 rows); the least recently sent goes first. */
const KEPT = 4;

/** What the merged JSON of `table` is made of, as one string that changes whenever the body would. */
async function stateKey(db: Kysely<Database>, round: Round, table: TableName, agencyNames: ReadonlyMap<string, string>): Promise<string> {
  const [sheets, flags] = await Promise.all([
    db.selectFrom('sheets').select(['agency_id', 'version']).where('round_id', '=', round.id).where('table_name', '=', table).orderBy('agency_id').execute(),
    // The flags loadMerged reads: a flag's status, rows and text change with its fingerprint or status.
    sql<{ n: number; digest: string | null }>`
      select count(*)::int as n, md5(string_agg(id || ' ' || status || ' ' || fingerprint, ',' order by id)) as digest
      from flags where round_id = ${round.id} and resolved_at is null and status in ('open', 'returned')`.execute(db),
  ]);
  return JSON.stringify([round, [...agencyNames], sheets.map((s) => `${s.agency_id}:${s.version}`), flags.rows[0]]);
}

/** The merged JSON body of `table`, or null when the round has no such table. */
export async function mergedJson(db: Kysely<Database>, round: Round, table: TableName, agencyNames: ReadonlyMap<string, string>): Promise<string | null> {
  let byTable = bodies.get(db);
  if (!byTable) bodies.set(db, (byTable = new Map()));
  const slot = `${round.id}\u0000${table}`;
  const key = await stateKey(db, round, table, agencyNames);
  const hit = byTable.get(slot);
  byTable.delete(slot);
  if (hit?.key === key) {
    byTable.set(slot, hit);
    return hit.body;
  }
  const { merged, flagsByUid } = await loadMerged(db, round, table);
  if (!merged) return null;
  const agencyName = (id: string) => agencyNames.get(id) ?? id;
  // Each flag once, rows naming theirs: a flag shared by forty rows is not sent forty times.
  const flags: Record<string, Omit<RowFlag, 'id'>> = {};
  const flagIdsOf = (uid: string | null) => (uid === null ? [] : (flagsByUid.get(uid) ?? []).map(({ id, ...f }) => ((flags[id] ??= f), id)));
  const body = JSON.stringify({
    ...merged,
    rows: merged.rows.map((r) => ({ ...r, agencyName: r.agencyId ? agencyName(r.agencyId) : null, flagIds: flagIdsOf(r.uid) })),
    flags,
  });
  byTable.set(slot, { key, body });
  for (const old of byTable.keys()) if (byTable.size > KEPT) byTable.delete(old);
  return body;
}
