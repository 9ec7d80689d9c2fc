/**
 * A sheet's state in its round (domain/sheet-state.ts): what the sheet GET shows, the moves
 * (submit, accept, return, reopen) with their audit records, and the lock a sync meets on an
 * accepted sheet.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import {
  SHEET_ACTION_LABELS,
  SHEET_MOVES,
  SHEET_STATE_LABELS,
  type SheetAction,
  type SheetState,
} from '../../domain/index.js';
import { type Actor, recordChange } from '../audit.js';
import { ApiError } from '../errors.js';

export interface SheetStatus {
  state: SheetState;
  label: string;
  version: number;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  submittedBy: string | null;
  acceptedAt: string | null;
  acceptedBy: string | null;
  note: string | null;
  changedAt: string | null;
  /** Rows added, changed or removed since the sheet was last accepted (after a reopen). */
  changedSinceAcceptance: number;
}

interface SheetKey {
  roundId: string;
  table: string;
  agencyId: string;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** "14:05 ngày 7/12/2026" in Vietnam's time, whatever the server's zone. */
export function viDateTime(d: Date): string {
  const parts = new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    hour: '2-digit',
    minute: '2-digit',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(d);
  const p = (type: string) => parts.find((x) => x.type === type)?.value ?? '';
  return `${p('hour')}:${p('minute')} ngày ${p('day')}/${p('month')}/${p('year')}`;
}

export async function sheetStatus(db: Kysely<Database> | Transaction<Database>, key: SheetKey): Promise<SheetStatus> {
  const sheet = await db
    .selectFrom('sheets')
    .selectAll()
    .where('round_id', '=', key.roundId)
    .where('table_name', '=', key.table)
    .where('agency_id', '=', key.agencyId)
    .executeTakeFirst();
  const state: SheetState = sheet?.state ?? 'draft';
  let changed = 0;
  if (sheet && sheet.accepted_version !== null && state !== 'accepted') {
    const r = await db
      .selectFrom('sheet_rows')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('round_id', '=', key.roundId)
      .where('table_name', '=', key.table)
      .where('agency_id', '=', key.agencyId)
      .where('version', '>', sheet.accepted_version)
      .executeTakeFirstOrThrow();
    changed = Number(r.n);
  }
  return {
    state,
    label: SHEET_STATE_LABELS[state],
    version: sheet?.version ?? 0,
    firstSubmittedAt: iso(sheet?.first_submitted_at ?? null),
    submittedAt: iso(sheet?.submitted_at ?? null),
    submittedBy: sheet?.submitted_by ?? null,
    acceptedAt: iso(sheet?.accepted_at ?? null),
    acceptedBy: sheet?.accepted_by ?? null,
    note: sheet?.state_note ?? null,
    changedAt: iso(sheet?.state_changed_at ?? null),
    changedSinceAcceptance: changed,
  };
}

/** The 423 a sync of an accepted sheet gets: who accepted it and when, and whom to ask. */
export function sheetLocked(acceptedBy: string | null, acceptedAt: Date | null): ApiError {
  return new ApiError(
    'sheet_locked',
    `Bảng này đã được ${acceptedBy ?? 'chuyên viên thẩm định'} chấp nhận${acceptedAt ? ` lúc ${viDateTime(acceptedAt)}` : ''} nên không sửa được nữa; dữ liệu gửi lên chưa được ghi. Liên hệ cán bộ điều phối Sở Khoa học và Công nghệ để mở lại bảng.`,
    { acceptedBy, acceptedAt: iso(acceptedAt) },
  );
}

export interface Move extends SheetKey {
  action: SheetAction;
  actor: Actor;
  note?: string;
  /** The sheet's version the reviewer saw: the move is refused (409) when a sync has moved it since. */
  version?: number;
  now: Date;
}

/** One move of a sheet's state, checked against the allowed moves, audited with who and when. */
export async function moveSheet(db: Kysely<Database>, move: Move): Promise<SheetStatus> {
  return db.transaction().execute(async (trx) => {
    const sheet = await trx
      .selectFrom('sheets')
      .selectAll()
      .where('round_id', '=', move.roundId)
      .where('table_name', '=', move.table)
      .where('agency_id', '=', move.agencyId)
      .forUpdate()
      .executeTakeFirst();
    if (!sheet)
      throw new ApiError(
        'conflict',
        'Cơ quan chưa đồng bộ bảng này lần nào; hãy đồng bộ bảng trước khi gửi chính thức hoặc thẩm định.',
      );
    const allowed = SHEET_MOVES[move.action];
    if (!allowed.from.includes(sheet.state))
      throw new ApiError(
        'conflict',
        `Không thể ${SHEET_ACTION_LABELS[move.action]} bảng đang ở trạng thái «${SHEET_STATE_LABELS[sheet.state]}».`,
        { state: sheet.state },
      );
    // Ordered with a sync by the sheet's lock: whichever comes second sees what the first did.
    if (move.version !== undefined && move.version !== sheet.version)
      throw new ApiError(
        'stale_version',
        `Không thể ${SHEET_ACTION_LABELS[move.action]} bảng: cơ quan vừa đồng bộ lại (phiên bản ${sheet.version}) sau phiên bản ${move.version} mà bạn đã xem. Hãy xem lại các thay đổi rồi thực hiện lại.`,
        { currentVersion: sheet.version },
      );
    if ((move.action === 'return' || move.action === 'reopen') && !move.note?.trim())
      throw new ApiError(
        'validation_failed',
        move.action === 'return' ? 'Hãy ghi ý kiến khi trả lại bảng.' : 'Hãy ghi lý do mở lại bảng.',
      );
    if (move.action === 'submit') await checkSubmittable(trx, move);
    const to = allowed.to;
    await trx
      .updateTable('sheets')
      .set({
        state: to,
        state_changed_at: move.now,
        state_note: move.note?.trim() || null,
        ...(move.action === 'submit'
          ? {
              submitted_at: move.now,
              submitted_by: move.actor.label,
              first_submitted_at: sheet.first_submitted_at ?? move.now,
            }
          : {}),
        ...(move.action === 'accept'
          ? { accepted_at: move.now, accepted_by: move.actor.label, accepted_version: sheet.version }
          : {}),
      })
      .where('round_id', '=', move.roundId)
      .where('table_name', '=', move.table)
      .where('agency_id', '=', move.agencyId)
      .execute();
    await recordChange(trx, move.actor, {
      action: `sheet_${move.action}`,
      roundId: move.roundId,
      table: move.table,
      uid: move.agencyId,
      before: { state: sheet.state, version: sheet.version },
      after: { state: to, version: sheet.version },
      note: move.note?.trim() || null,
      at: move.now,
    });
    return sheetStatus(trx, move);
  });
}

/** A sheet is final only without errors on its rows and without a returned flag left unanswered. */
async function checkSubmittable(trx: Transaction<Database>, key: SheetKey): Promise<void> {
  const [errors, returned] = await Promise.all([
    trx
      .selectFrom('sheet_rows')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('round_id', '=', key.roundId)
      .where('table_name', '=', key.table)
      .where('agency_id', '=', key.agencyId)
      .where('deleted_at', 'is', null)
      .where(sql<boolean>`findings @> '[{"severity":"error"}]'::jsonb`)
      .executeTakeFirstOrThrow(),
    trx
      .selectFrom('flags')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('round_id', '=', key.roundId)
      .where('status', '=', 'returned')
      .where('resolved_at', 'is', null)
      .where(sql<boolean>`agency_ids ? ${key.agencyId}`)
      .executeTakeFirstOrThrow(),
  ]);
  const e = Number(errors.n);
  const r = Number(returned.n);
  if (e > 0 || r > 0)
    throw new ApiError(
      'submit_blocked',
      `Chưa gửi chính thức được: ${[
        e ? `${e} dòng còn lỗi` : null,
        r ? `${r} cảnh báo bị trả lại chưa được xử lý` : null,
      ]
        .filter(Boolean)
        .join(', ')}. Hãy sửa và đồng bộ lại trước.`,
      { rowsWithErrors: e, returnedFlags: r },
    );
}

/** A record of the sheet's history as the state GET and the console show it. */
export interface SheetRecord {
  at: string;
  actor: string;
  action: string;
  uid: string | null;
  before: unknown;
  after: unknown;
  note: string | null;
  /** For a row's change: the keys of its cells that differ. */
  columns?: string[];
}

/**
 * The sheet's transitions (who moved it, when, why), and after a reopen each row change since
 * its last acceptance with the cells that differ: what a reviewer reads before accepting again.
 */
export async function sheetHistory(
  db: Kysely<Database>,
  key: SheetKey,
  status: SheetStatus,
): Promise<{ transitions: SheetRecord[]; changesSinceAcceptance: SheetRecord[] }> {
  const records = db
    .selectFrom('audit_log')
    .select(['at', 'actor', 'action', 'uid', 'before', 'after', 'note'])
    .where('round_id', '=', key.roundId)
    .where('table_name', '=', key.table);
  const [transitions, changes] = await Promise.all([
    records.where('action', 'like', 'sheet\\_%').where('uid', '=', key.agencyId).orderBy('id').execute(),
    status.acceptedAt && status.state !== 'accepted'
      ? records
          // Row records carry the sheet's agency (service/sync/write-rows.ts).
          .where('agency_id', '=', key.agencyId)
          .where('action', 'in', ['insert', 'update', 'delete', 'restore'])
          .where('at', '>', new Date(status.acceptedAt))
          .orderBy('id')
          .execute()
      : Promise.resolve([]),
  ]);
  const view = (r: (typeof transitions)[number]): SheetRecord => ({
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    action: r.action,
    uid: r.uid,
    before: r.before,
    after: r.after,
    note: r.note,
  });
  return {
    transitions: transitions.map(view),
    changesSinceAcceptance: changes.map((r) => ({ ...view(r), columns: changedKeys(r.before, r.after) })),
  };
}

/** The keys whose values differ between two stored rows ({section, code, …cells}); blank is blank. */
export function changedKeys(before: unknown, after: unknown): string[] {
  const a = (before ?? {}) as Record<string, unknown>;
  const b = (after ?? {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (k) => JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null),
  );
}
