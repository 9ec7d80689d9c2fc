/**
 * Syncing an agency's whole sheet for one table: check, diff against what is stored, write
 * inserts, updates and soft deletes with an audit record each, bump the version and refresh
 * the flags — all in one transaction, or nothing at all.
 */
import type { Kysely, Transaction } from 'kysely';
import { toJsonb } from '../../db/jsonb.js';
import type { Database } from '../../db/schema/index.js';
import { checkRows, hasErrors, parentKeysOf, tableDef, type AgencyMatcher, type Finding, type TableName } from '../../domain/index.js';
import type { Principal } from '../context.js';
import { ApiError } from '../errors.js';
import { refreshFlags, type FlagSummary } from '../flags/refresh.js';
import { periodOf, sectionPaths, type Round } from '../rounds/round.js';
import type { SyncBody } from './request.js';
import { codeOf, rowHash, storedCells, toApiRow, type Cells } from './stored-row.js';

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

type Stored = { uid: string; section: string; code: string; position: number; data: unknown; row_hash: string; deleted_at: Date | null; version: number };

export async function syncSheet(db: Kysely<Database>, input: SyncInput, findings: (Finding & { uid: string })[]): Promise<{ status: number; body: unknown }> {
  const { round, table, agencyId, principal, body } = input;
  const def = tableDef(table, periodOf(round));
  return db.transaction().execute(async (trx) => {
    await trx.insertInto('sheets').values({ round_id: round.id, table_name: table, agency_id: agencyId, version: 0 }).onConflict((oc) => oc.doNothing()).execute();
    const sheet = await trx
      .selectFrom('sheets')
      .select('version')
      .where('round_id', '=', round.id)
      .where('table_name', '=', table)
      .where('agency_id', '=', agencyId)
      .forUpdate()
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

    const uids = body.rows.map((r) => r.uid);
    if (uids.length > 0) {
      const taken = await trx
        .selectFrom('sheet_rows')
        .select(['uid', 'agency_id'])
        .where('round_id', '=', round.id)
        .where('table_name', '=', table)
        .where('agency_id', '<>', agencyId)
        .where('uid', 'in', uids)
        .execute();
      if (taken.length > 0) {
        throw new ApiError('conflict', `Mã dòng (uid) ${taken.slice(0, 3).map((t) => `«${t.uid}»`).join(', ')} đã thuộc bảng của cơ quan khác. Hãy cấp mã mới cho các dòng này.`, { uids: taken.map((t) => t.uid) });
      }
    }

    const stored = await trx
      .selectFrom('sheet_rows')
      .select(['uid', 'section', 'code', 'position', 'data', 'row_hash', 'deleted_at', 'version'])
      .where('round_id', '=', round.id)
      .where('table_name', '=', table)
      .where('agency_id', '=', agencyId)
      .execute();
    const byUid = new Map<string, Stored>(stored.map((s) => [s.uid, s as Stored]));
    const version = sheet.version + 1;
    const findingsByUid = new Map<string, Finding[]>();
    for (const f of findings) findingsByUid.set(f.uid, [...(findingsByUid.get(f.uid) ?? []), f]);

    const upserts: Omit<UpsertRow, 'round_id' | 'table_name' | 'agency_id'>[] = [];
    const audits: AuditEntry[] = [];
    const statuses: SyncResult['rows'] = [];
    body.rows.forEach((row, position) => {
      const section = String(row.section ?? '').trim();
      const code = codeOf(row);
      const cells = storedCells(def, row);
      const hash = rowHash(section, code, cells);
      const before = byUid.get(row.uid);
      const rowFindings = toJsonb((findingsByUid.get(row.uid) ?? []).map(({ row: _r, ...f }) => f));
      let status: RowStatus;
      if (!before) status = 'inserted';
      else if (before.deleted_at !== null || before.row_hash !== hash) status = 'updated';
      else status = 'unchanged';
      statuses.push({ uid: row.uid, status });
      if (status === 'unchanged' && before!.position === position) return;
      upserts.push({ uid: row.uid, section, code, position, data: toJsonb(cells), findings: rowFindings, row_hash: hash, version: status === 'unchanged' ? before!.version : version });
      if (status !== 'unchanged') audits.push({ uid: row.uid, action: status === 'inserted' ? 'insert' : before!.deleted_at ? 'restore' : 'update', before: before && before.deleted_at === null ? { section: before.section, code: before.code, ...(before.data as Cells) } : null, after: { section, code, ...cells } });
    });
    const incoming = new Set(uids);
    const deleted = stored.filter((s) => s.deleted_at === null && !incoming.has(s.uid));
    for (const d of deleted) {
      statuses.push({ uid: d.uid, status: 'deleted' });
      audits.push({ uid: d.uid, action: 'delete', before: { section: d.section, code: d.code, ...(d.data as Cells) }, after: null });
    }

    const changed = audits.length > 0;
    if (upserts.length > 0) await upsertRows(trx, upserts.map((u) => ({ ...u, round_id: round.id, table_name: table, agency_id: agencyId })));
    if (deleted.length > 0) {
      await trx
        .updateTable('sheet_rows')
        .set({ deleted_at: input.now, version, updated_at: input.now })
        .where('round_id', '=', round.id)
        .where('table_name', '=', table)
        .where('uid', 'in', deleted.map((d) => d.uid))
        .execute();
    }
    let newVersion = sheet.version;
    if (changed) {
      newVersion = version;
      await writeAudit(trx, input, audits);
      await trx
        .updateTable('sheets')
        .set({ version, updated_at: input.now, updated_by: principal.label })
        .where('round_id', '=', round.id)
        .where('table_name', '=', table)
        .where('agency_id', '=', agencyId)
        .execute();
    }
    const flags = changed ? await refreshFlags(trx, { round, matcher: input.matcher, agencyId, now: input.now }) : await refreshFlags(trx, { round, matcher: input.matcher, agencyId, now: input.now, readOnly: true });
    const result: SyncResult = { version: newVersion, rows: statuses, findings, flags };
    await trx
      .insertInto('idempotency_keys')
      .values({ token_id: principal.tokenId, key: input.idempotencyKey, request_hash: input.requestHash, status: 200, response: toJsonb(result) })
      .execute();
    return { status: 200, body: result };
  });
}

/** Items of the round that other rows hang under (from every agency's live rows and this sheet's). */
export async function roundParentKeys(db: Kysely<Database>, roundId: string, table: TableName, incoming: readonly { section?: unknown; code?: unknown }[]): Promise<Set<string>> {
  const stored = await db.selectFrom('sheet_rows').select(['section', 'code']).distinct()
    .where('round_id', '=', roundId).where('table_name', '=', table).where('deleted_at', 'is', null).where('code', 'like', '%.%').execute();
  return parentKeysOf([...stored, ...incoming.map((r) => ({ section: String(r.section ?? '').trim(), code: codeOf(r as Record<string, unknown>) }))]);
}

export async function findReplay(db: Kysely<Database> | Transaction<Database>, tokenId: string, key: string, requestHash: string): Promise<{ status: number; body: unknown } | null> {
  const hit = await db.selectFrom('idempotency_keys').select(['request_hash', 'status', 'response']).where('token_id', '=', tokenId).where('key', '=', key).executeTakeFirst();
  if (!hit) return null;
  if (hit.request_hash !== requestHash) {
    throw new ApiError('idempotency_key_reused', 'Khóa Idempotency-Key này đã được dùng cho một lần gửi khác. Mỗi lần gửi nội dung mới cần một khóa mới.');
  }
  return { status: hit.status, body: hit.response };
}

const CHUNK = 1000;

type UpsertRow = { round_id: string; table_name: string; agency_id: string; uid: string; section: string; code: string; position: number; data: string; findings: string; row_hash: string; version: number };

async function upsertRows(trx: Transaction<Database>, rows: UpsertRow[]) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx
      .insertInto('sheet_rows')
      .values(rows.slice(i, i + CHUNK).map((r) => ({ ...r, deleted_at: null })))
      .onConflict((oc) =>
        oc.columns(['round_id', 'table_name', 'uid']).doUpdateSet((eb) => ({
          section: eb.ref('excluded.section'),
          code: eb.ref('excluded.code'),
          position: eb.ref('excluded.position'),
          data: eb.ref('excluded.data'),
          findings: eb.ref('excluded.findings'),
          row_hash: eb.ref('excluded.row_hash'),
          version: eb.ref('excluded.version'),
          deleted_at: null,
          updated_at: eb.fn('now'),
        })),
      )
      .execute();
  }
}

interface AuditEntry {
  uid: string;
  action: 'insert' | 'update' | 'delete' | 'restore';
  before: Cells | null;
  after: Cells | null;
}

async function writeAudit(trx: Transaction<Database>, input: SyncInput, entries: AuditEntry[]) {
  for (let i = 0; i < entries.length; i += CHUNK) {
    await trx
      .insertInto('audit_log')
      .values(entries.slice(i, i + CHUNK).map((e) => ({
        at: input.now,
        actor: input.principal.label,
        role: input.principal.role,
        agency_id: input.agencyId,
        round_id: input.round.id,
        table_name: input.table,
        uid: e.uid,
        action: e.action,
        before: e.before ? toJsonb(e.before) : null,
        after: e.after ? toJsonb(e.after) : null,
      })))
      .execute();
  }
}
