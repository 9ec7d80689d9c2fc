/**
 * The writes of a batch of syncs in one statement, whatever the number of sheets and rows: the
 * rows travel once, as a JSON array (see recordset.ts), and one statement writes an audit record
 * for each change, upserts the rows, soft-deletes the removed ones and bumps the sheets' versions. One statement also lets
 * the service compute the flags while PostgreSQL writes (sync-sheet.ts): the next statement of
 * a transaction can only be sent once the service's thread is free again.
 *
 * Nothing here joins the JSON rows to sheet_rows: a sheet often fills up minutes before the
 * database has statistics about it, and a join planned without them can read the round once per
 * row (minutes, at 10,000 rows). The upsert finds existing rows through its primary key as it
 * inserts, and removed rows are updated by the physical address (ctid) read with the sheet.
 */
import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import type { Principal } from '../context.js';
import { recordset } from './recordset.js';
import type { Cells } from './stored-row.js';

/** A sheet being written, and by whom. */
export interface SheetWrite {
  roundId: string;
  table: string;
  agencyId: string;
  principal: Principal;
  now: Date;
  /** The sheet's new version, given to deleted rows. */
  version: number;
  rows: readonly RowWrite[];
}

export type AuditAction = 'insert' | 'update' | 'delete' | 'restore';

/**
 * A row to store (with an audit record unless `action` is null: a row that only moved), or a
 * stored row to delete, found by its `ctid`. `before` is the stored row ({section, code, …cells})
 * for updates, restorations (the row as it was when removed) and deletions.
 */
export type RowWrite =
  | {
      action: Exclude<AuditAction, 'delete'> | null;
      uid: string;
      section: string;
      code: string;
      position: number;
      data: Cells;
      findings: unknown[];
      row_hash: string;
      version: number;
      before: Cells | null;
    }
  | { action: 'delete'; uid: string; ctid: string; before: Cells };

/** Per sheet of the batch (`k`): who writes it and when. */
const SHEET_COLUMNS = {
  k: 'integer',
  table_name: 'text',
  agency_id: 'text',
  actor: 'text',
  role: 'text',
  at: 'timestamptz',
  version: 'integer',
} as const;
const ROW_COLUMNS = {
  n: 'integer',
  k: 'integer',
  action: 'text',
  uid: 'text',
  section: 'text',
  code: 'text',
  position: 'integer',
  data: 'jsonb',
  findings: 'jsonb',
  row_hash: 'text',
  version: 'integer',
  before: 'jsonb',
} as const;

/**
 * Writes the rows of the sheets, all of one round, and the new version of each sheet that
 * changed; returns, by index in `sheets`, the uids a sheet could not store because another
 * agency's sheet holds them (the caller rolls back).
 */
export async function writeRows(
  trx: Transaction<Database>,
  sheets: readonly SheetWrite[],
): Promise<Map<number, string[]>> {
  const taken = new Map<number, string[]>();
  const written = sheets.map((s, k) => ({ s, k })).filter(({ s }) => s.rows.length > 0);
  if (written.length === 0) return taken;
  const roundId = written[0]!.s.roundId;
  const perSheet = written.map(({ s, k }) => ({
    k,
    table_name: s.table,
    agency_id: s.agencyId,
    actor: s.principal.label,
    role: s.principal.role,
    at: s.now.toISOString(),
    version: s.version,
  }));
  let n = 0;
  const records = written.flatMap(({ s, k }) =>
    s.rows.map((r) => ({
      n: n++,
      k,
      section: null,
      code: null,
      position: null,
      data: null,
      findings: null,
      row_hash: null,
      version: null,
      ...r,
      ctid: undefined,
    })),
  );
  // Removed rows, one statement part per sheet: each updates its own rows by address, and checks
  // that the address is still the sheet's row.
  const deletions: RawBuilder<unknown>[] = written.flatMap(({ s }, i) => {
    const removed = s.rows.flatMap((r) => (r.action === 'delete' ? [r.ctid] : []));
    if (removed.length === 0) return [];
    const at = sql`cast(${s.now} as timestamptz)`;
    return [
      sql`, ${sql.id(`deleted_${i}`)} as (
      update sheet_rows set deleted_at = ${at}, version = ${s.version}, updated_at = ${at}
      where ctid = any(cast(${`{${removed.map((t) => `"${t}"`).join(',')}}`} as tid[])) and round_id = ${roundId} and table_name = ${s.table} and agency_id = ${s.agencyId}
    )`,
    ];
  });
  const { rows: stored } = await sql<{ table_name: string; agency_id: string; uid: string }>`
    with s as (select * from ${recordset(SHEET_COLUMNS, perSheet)}),
    x as (select x.*, s.table_name, s.agency_id, s.actor, s.role, s.at from ${recordset(ROW_COLUMNS, records)} join s on s.k = x.k),
    -- Rows that only moved change the sheet (its order is the agency's) but no flag.
    versions as (
      update sheets set version = s.version, updated_at = s.at, updated_by = s.actor
      from s where sheets.round_id = ${roundId} and sheets.table_name = s.table_name and sheets.agency_id = s.agency_id
    ),
    audit as (
      insert into audit_log (at, actor, role, agency_id, round_id, table_name, uid, action, before, after)
      select x.at, x.actor, x.role, x.agency_id, ${roundId}, x.table_name, x.uid, x.action, x.before,
        case when x.action <> 'delete' then jsonb_build_object('section', x.section, 'code', x.code) || x.data end
      from x where x.action is not null order by x.n
    )${sql.join(deletions, sql``)}
    insert into sheet_rows (round_id, table_name, agency_id, uid, section, code, position, data, findings, row_hash, version)
    select ${roundId}, x.table_name, x.agency_id, x.uid, x.section, x.code, x.position, x.data, x.findings, x.row_hash, x.version
    from x where x.action is distinct from 'delete'
    on conflict (round_id, table_name, uid) do update set
      section = excluded.section, code = excluded.code, position = excluded.position, data = excluded.data,
      findings = excluded.findings, row_hash = excluded.row_hash, version = excluded.version,
      deleted_at = null, updated_at = now()
    -- A uid of another agency's sheet is not taken over: the caller is told, and rolls back.
    where sheet_rows.agency_id = excluded.agency_id
    returning table_name, agency_id, uid`.execute(trx);
  const key = (table: string, agencyId: string, uid: string) => `${table}\u0000${agencyId}\u0000${uid}`;
  const done = new Set(stored.map((r) => key(r.table_name, r.agency_id, r.uid)));
  for (const { s, k } of written) {
    const lost = s.rows
      .filter((r) => r.action !== 'delete' && !done.has(key(s.table, s.agencyId, r.uid)))
      .map((r) => r.uid);
    if (lost.length > 0) taken.set(k, lost);
  }
  return taken;
}
