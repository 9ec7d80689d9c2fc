/**
 * The writes of a sync in one statement, whatever the number of rows: the rows travel once, as
 * a JSON array (see recordset.ts), and one statement upserts them, soft-deletes the removed ones
 * and writes an audit record for each change, its `before` read from the stored row by the same
 * statement (all parts of a statement see the rows as they were before it), so that the stored
 * cells need not travel to the service and back.
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

/** A row to store (an audit record unless `action` is null: a row that only moved), or to delete. */
export type RowWrite =
  | { action: Exclude<AuditAction, 'delete'> | null; uid: string; section: string; code: string; position: number; data: Cells; findings: unknown[]; row_hash: string; version: number }
  | { action: 'delete'; uid: string };

const COLUMNS = {
  n: 'integer', action: 'text', uid: 'text', section: 'text', code: 'text', position: 'integer', data: 'jsonb', findings: 'jsonb', row_hash: 'text', version: 'integer',
} as const;

export async function writeRows(trx: Transaction<Database>, sheet: SheetWrite, rows: readonly RowWrite[]): Promise<void> {
  if (rows.length === 0) return;
  const { roundId, table, agencyId, principal, now, version } = sheet;
  const at = sql`cast(${now} as timestamptz)`;
  const records = rows.map((r, n) => ({ n, section: null, code: null, position: null, data: null, findings: null, row_hash: null, version: null, ...r }));
  // The planner cannot know how many rows the JSON holds (it guesses 100): joins to sheet_rows are
  // written as per-row lookups on its primary key, so that they stay lookups at 10,000 rows.
  await sql`
    with x as (select * from ${recordset(COLUMNS, records)}),
    audit as (
      insert into audit_log (at, actor, role, agency_id, round_id, table_name, uid, action, before, after)
      select ${at}, ${principal.label}, ${principal.role}, ${agencyId}, ${roundId}, ${table}, x.uid, x.action,
        case when x.action in ('update', 'delete') then r.before end,
        case when x.action <> 'delete' then jsonb_build_object('section', x.section, 'code', x.code) || x.data end
      from x left join lateral (
        select jsonb_build_object('section', s.section, 'code', s.code) || s.data as before
        from sheet_rows s where s.round_id = ${roundId} and s.table_name = ${table} and s.uid = x.uid
      ) r on true
      where x.action is not null
      order by x.n
    ),
    deleted as (
      update sheet_rows set deleted_at = ${at}, version = ${version}, updated_at = ${at}
      where round_id = ${roundId} and table_name = ${table} and uid = any(array(select uid from x where action = 'delete'))
    )
    insert into sheet_rows (round_id, table_name, agency_id, uid, section, code, position, data, findings, row_hash, version)
    select ${roundId}, ${table}, ${agencyId}, x.uid, x.section, x.code, x.position, x.data, x.findings, x.row_hash, x.version
    from x where x.action is distinct from 'delete'
    on conflict (round_id, table_name, uid) do update set
      section = excluded.section, code = excluded.code, position = excluded.position, data = excluded.data,
      findings = excluded.findings, row_hash = excluded.row_hash, version = excluded.version,
      deleted_at = null, updated_at = now()`.execute(trx);
}
