/**
 * Syncing an agency's whole sheet for one table: check, diff against what is stored, write
 * inserts, updates and soft deletes with an audit record each, bump the version and refresh
 * the flags — all in one transaction, or nothing at all.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { toJsonb } from '../../db/jsonb.js';
import type { Database } from '../../db/schema/index.js';
import { checkRows, hasErrors, parentKeysOf, tableDef, type AgencyMatcher, type Finding, type TableName } from '../../domain/index.js';
import type { Principal } from '../context.js';
import { ApiError } from '../errors.js';
import { refreshFlags, type FlagSummary } from '../flags/refresh.js';
import { periodOf, sectionPaths, type Round } from '../rounds/round.js';
import type { SyncBody } from './request.js';
import { codeOf, rowHash, storedCells, toApiRow, type Cells } from './stored-row.js';
import { writeRows, type RowWrite } from './write-rows.js';

export const ROW_STATUSES = ['inserted', 'updated', 'deleted', 'unchanged'] as const;
export type RowStatus = (typeof ROW_STATUSES)[number];

export interface SyncInput {
  round: Round;
  table: TableName;
  agencyId: string;
  principal: Principal;
  body: SyncBody;
  idempotencyKey: string;
  requestHash: string;
  matcher: AgencyMatcher;
  now: Date;
}

export interface SyncResult {
  version: number;
  rows: { uid: string; status: RowStatus }[];
  findings: (Finding & { uid: string })[];
  flags: FlagSummary[];
}

/** Findings of the domain checks, each tagged with its row's uid; throws 422 when any is an error. */
export function checkSheet(input: Pick<SyncInput, 'round' | 'table' | 'body' | 'matcher'> & { parentKeys?: ReadonlySet<string> }): (Finding & { uid: string })[] {
  const { round, table, body, matcher, parentKeys } = input;
  const period = periodOf(round);
  const sections = sectionPaths(round, table);
  const ctx = { def: tableDef(table, period), period, matcher, ...(sections.length ? { sections } : {}), ...(parentKeys ? { parentKeys } : {}) };
  const { findings } = checkRows(ctx, body.rows, 'sheet');
  const tagged = findings.map((f) => ({ ...f, uid: body.rows[f.row - 1]!.uid }));
  if (hasErrors(findings)) {
    const errors = tagged.filter((f) => f.severity === 'error');
    const rows = new Set(errors.map((f) => f.row)).size;
    throw new ApiError('rows_rejected', `Bảng chưa được ghi: có ${errors.length} lỗi ở ${rows} dòng. Hãy sửa các lỗi rồi gửi lại; chưa có dòng nào được lưu.`, { findings: tagged });
  }
  return tagged;
}

export async function syncSheet(db: Kysely<Database>, input: SyncInput, findings: (Finding & { uid: string })[]): Promise<{ status: number; body: unknown }> {
  const { round, table, agencyId, principal, body } = input;
  const def = tableDef(table, periodOf(round));
  return db.transaction().execute(async (trx) => {
    // Creates the sheet on its first sync and locks it either way: syncs of one sheet go one at a time.
    const sheet = await trx
      .insertInto('sheets')
      .values({ round_id: round.id, table_name: table, agency_id: agencyId, version: 0 })
      .onConflict((oc) => oc.columns(['round_id', 'table_name', 'agency_id']).doUpdateSet((eb) => ({ version: eb.ref('sheets.version') })))
      .returning('version')
      .executeTakeFirstOrThrow();

    // Two identical requests can race past the check made before the transaction; the sheet lock orders them.
    const replay = await findReplay(trx, principal.tokenId, input.idempotencyKey, input.requestHash);
    if (replay) return replay;

    if (sheet.version !== body.baseVersion) {
      const changed = await trx
        .selectFrom('sheet_rows')
        .select(['uid', 'section', 'code', 'data', 'deleted_at', 'version'])
        .where('round_id', '=', round.id)
        .where('table_name', '=', table)
        .where('agency_id', '=', agencyId)
        .where('version', '>', body.baseVersion)
        .orderBy('position')
        .execute();
      throw new ApiError('stale_version', `Bảng trên hệ thống đã được cập nhật (phiên bản ${sheet.version}) sau phiên bản ${body.baseVersion} mà bạn đang sửa. Hãy tải lại bảng hoặc gửi lại trên phiên bản mới; chưa có gì bị ghi đè.`, {
        currentVersion: sheet.version,
        changedRows: changed.map((r) => ({ ...toApiRow(r), deleted: r.deleted_at !== null, version: r.version })),
      });
    }

    // The sheet's stored rows, with where they are (see writeRows).
    const stored = await trx
      .selectFrom('sheet_rows')
      .select(['uid', 'section', 'code', 'position', 'data', 'row_hash', 'deleted_at', 'version', sql<string>`ctid::text`.as('ctid')])
      .where('round_id', '=', round.id)
      .where('table_name', '=', table)
      .where('agency_id', '=', agencyId)
      .execute();
    const byUid = new Map(stored.map((s) => [s.uid, s]));
    const version = sheet.version + 1;
    const findingsByUid = new Map<string, Finding[]>();
    for (const f of findings) findingsByUid.set(f.uid, [...(findingsByUid.get(f.uid) ?? []), f]);

    const writes: RowWrite[] = [];
    const statuses: SyncResult['rows'] = [];
    const live: { uid: string; section: string; code: string; cells: Cells; rowHash: string }[] = [];
    body.rows.forEach((row, position) => {
      const section = String(row.section ?? '').trim();
      const code = codeOf(row);
      const cells = storedCells(def, row);
      const hash = rowHash(section, code, cells);
      live.push({ uid: row.uid, section, code, cells, rowHash: hash });
      const before = byUid.get(row.uid);
      let status: RowStatus;
      if (!before) status = 'inserted';
      else if (before.deleted_at !== null || before.row_hash !== hash) status = 'updated';
      else status = 'unchanged';
      statuses.push({ uid: row.uid, status });
      if (status === 'unchanged' && before!.position === position) return;
      const action = status === 'unchanged' ? null : status === 'inserted' ? 'insert' : before!.deleted_at ? 'restore' : 'update';
      const rowFindings = (findingsByUid.get(row.uid) ?? []).map(({ row: _r, ...f }) => f);
      writes.push({ action, uid: row.uid, section, code, position, data: cells, findings: rowFindings, row_hash: hash, version: status === 'unchanged' ? before!.version : version, before: action === 'update' ? asBefore(before!) : null });
    });
    const incoming = new Set(body.rows.map((r) => r.uid));
    for (const s of stored) {
      if (s.deleted_at !== null || incoming.has(s.uid)) continue;
      statuses.push({ uid: s.uid, status: 'deleted' });
      writes.push({ action: 'delete', uid: s.uid, ctid: s.ctid, before: asBefore(s) });
    }

    // Rows that only moved change the sheet (its order is the agency's) but no flag.
    const changed = writes.some((w) => w.action !== null);
    const taken = await writeRows(trx, { roundId: round.id, table, agencyId, principal, now: input.now, version }, writes);
    if (taken.length > 0) {
      throw new ApiError('conflict', `Mã dòng (uid) ${taken.slice(0, 3).map((uid) => `«${uid}»`).join(', ')} đã thuộc bảng của cơ quan khác. Hãy cấp mã mới cho các dòng này.`, { uids: taken });
    }
    let newVersion = sheet.version;
    if (writes.length > 0) {
      newVersion = version;
      await trx
        .updateTable('sheets')
        .set({ version, updated_at: input.now, updated_by: principal.label })
        .where('round_id', '=', round.id)
        .where('table_name', '=', table)
        .where('agency_id', '=', agencyId)
        .execute();
    }
    // Flags of an unchanged sheet are only reported; `db` keeps the round index between syncs.
    const previous = stored.filter((s) => s.deleted_at === null).map((s) => ({ table, agencyId, uid: s.uid, section: s.section, code: s.code, cells: s.data as Cells, rowHash: s.row_hash }));
    const synced = { table, rows: live.map((r) => ({ table, agencyId, ...r })), previous };
    const flags = await refreshFlags(trx, { round, matcher: input.matcher, agencyId, now: input.now, readOnly: !changed, cacheOwner: db, synced });
    const result: SyncResult = { version: newVersion, rows: statuses, findings, flags };
    await trx
      .insertInto('idempotency_keys')
      .values({ token_id: principal.tokenId, key: input.idempotencyKey, request_hash: input.requestHash, status: 200, response: toJsonb(result) })
      .execute();
    return { status: 200, body: result };
  });
}

/** A stored row as its audit records show it before a change. */
const asBefore = (r: { section: string; code: string; data: unknown }): Cells => ({ section: r.section, code: r.code, ...(r.data as Cells) });

/**
 * Items that sub-items of the other agencies' live rows hang under (`section|code`, parentKeysOf):
 * such an item is a group row in the merged table, so it needs no time frame or amounts of its
 * own. The agency's own stored rows are left out, since the sheet being checked replaces them.
 * The task pane gets the same keys (GET …/sheets/{table}/parents) and checks the same way.
 */
export async function otherAgenciesParentKeys(db: Kysely<Database>, roundId: string, table: TableName, agencyId: string): Promise<Set<string>> {
  const stored = await db.selectFrom('sheet_rows').select(['section', 'code']).distinct()
    .where('round_id', '=', roundId).where('table_name', '=', table).where('agency_id', '<>', agencyId)
    // A literal pattern, so that the planner can use the partial index sheet_rows_subitems_idx.
    .where('deleted_at', 'is', null).where('code', 'like', sql.lit('%.%')).execute();
  return parentKeysOf(stored);
}

/** The parent keys a sync of `incoming` is checked with: the other agencies' and the sheet's own. */
export async function roundParentKeys(db: Kysely<Database>, roundId: string, table: TableName, agencyId: string, incoming: readonly { section?: unknown; code?: unknown }[]): Promise<Set<string>> {
  const others = await otherAgenciesParentKeys(db, roundId, table, agencyId);
  for (const key of parentKeysOf(incoming.map((r) => ({ section: String(r.section ?? '').trim(), code: codeOf(r as Record<string, unknown>) })))) others.add(key);
  return others;
}

export async function findReplay(db: Kysely<Database> | Transaction<Database>, tokenId: string, key: string, requestHash: string): Promise<{ status: number; body: unknown } | null> {
  const hit = await db.selectFrom('idempotency_keys').select(['request_hash', 'status', 'response']).where('token_id', '=', tokenId).where('key', '=', key).executeTakeFirst();
  if (!hit) return null;
  if (hit.request_hash !== requestHash) {
    throw new ApiError('idempotency_key_reused', 'Khóa Idempotency-Key này đã được dùng cho một lần gửi khác. Mỗi lần gửi nội dung mới cần một khóa mới.');
  }
  return { status: hit.status, body: hit.response };
}
