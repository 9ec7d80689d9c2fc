/**
 * The writes of a sync in one statement, whatever the number of rows: the rows travel once, as
 * a JSON array (see recordset.ts), and one statement writes an audit record for each change,
 * upserts the rows and soft-deletes the removed ones.
 *
 * Nothing here joins the JSON rows to sheet_rows: a sheet often fills up minutes before the
 * database has statistics about it, and a join planned without them can read the round once per
 * row (minutes, at 10,000 rows). The upsert finds existing rows through its primary key as it
 * inserts, and removed rows are updated by the physical address (ctid) read with the sheet.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import type { Principal } from '../context.js';
import { recordset } from './recordset.js';
import type { Cells } from './stored-row.js';

/** The sheet being written, and by whom. */
export interface SheetWrite {
  roundId: string;
  table: string;
  agencyId: string;
  principal: Principal;
  now: Date;
  /** The sheet's new version, given to deleted rows. */
  version: number;
}

export type AuditAction = 'insert' | 'update' | 'delete' | 'restore';

/**
 * A row to store (with an audit record unless `action` is null: a row that only moved), or a
 * stored row to delete, found by its `ctid`. `before` is the stored row ({section, code, …cells})
 * for updates and deletions.
 */
export type RowWrite =
  | { action: Exclude<AuditAction, 'delete'> | null; uid: string; section: string; code: string; position: number; data: Cells; findings: unknown[]; row_hash: string; version: number; before: Cells | null }
  | { action: 'delete'; uid: string; ctid: string; before: Cells };

const COLUMNS = {
  n: 'integer', action: 'text', uid: 'text', section: 'text', code: 'text', position: 'integer', data: 'jsonb', findings: 'jsonb', row_hash: 'text', version: 'integer', before: 'jsonb',
} as const;

/** Writes the rows; returns the uids it could not store because another agency's sheet holds them. */
export async function writeRows(trx: Transaction<Database>, sheet: SheetWrite, rows: readonly RowWrite[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const { roundId, table, agencyId, principal, now, version } = sheet;
  const at = sql`cast(${now} as timestamptz)`;
  const records = rows.map((r, n) => ({ n, section: null, code: null, position: null, data: null, findings: null, row_hash: null, version: null, ...r, ctid: undefined }));
  const removed = rows.flatMap((r) => (r.action === 'delete' ? [r.ctid] : []));
  const { rows: stored } = await sql<{ uid: string }>`
    with x as (select * from ${recordset(COLUMNS, records)}),
    audit as (
      insert into audit_log (at, actor, role, agency_id, round_id, table_name, uid, action, before, after)
      select ${at}, ${principal.label}, ${principal.role}, ${agencyId}, ${roundId}, ${table}, x.uid, x.action, x.before,
        case when x.action <> 'delete' then jsonb_build_object('section', x.section, 'code', x.code) || x.data end
      from x where x.action is not null order by x.n
    ),
    deleted as (
      update sheet_rows set deleted_at = ${at}, version = ${version}, updated_at = ${at}
      where ctid = any(cast(${`{${removed.map((t) => `"${t}"`).join(',')}}`} as tid[])) and round_id = ${roundId} and agency_id = ${agencyId}
    )
    insert into sheet_rows (round_id, table_name, agency_id, uid, section, code, position, data, findings, row_hash, version)
    select ${roundId}, ${table}, ${agencyId}, x.uid, x.section, x.code, x.position, x.data, x.findings, x.row_hash, x.version
    from x where x.action is distinct from 'delete'
    on conflict (round_id, table_name, uid) do update set
      section = excluded.section, code = excluded.code, position = excluded.position, data = excluded.data,
      findings = excluded.findings, row_hash = excluded.row_hash, version = excluded.version,
      deleted_at = null, updated_at = now()
    -- A uid of another agency's sheet is not taken over: the caller is told, and rolls back.
    where sheet_rows.agency_id = excluded.agency_id
    returning uid`.execute(trx);
  const done = new Set(stored.map((r) => r.uid));
  return rows.filter((r) => r.action !== 'delete' && !done.has(r.uid)).map((r) => r.uid);
}
