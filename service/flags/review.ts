/**
 * A validator's decision on a flag, shared by the API (`POST …/flags/{id}/review`) and the web
 * console: accept it, mark it as not a problem, or return it to the agencies with a comment they
 * see on their rows in Excel. Every decision is written to the audit trail with its author.
 *
 * A dismissed flag stays dismissed only while its rows are unchanged: `refreshFlags` reopens a
 * flag whose fingerprint moved, so "not a problem" never hides a later change.
 */
import type { Kysely } from 'kysely';
import type { Database, FlagRecord } from '../../db/schema/index.js';
import type { FlagRowRef } from '../../domain/index.js';
import { recordChange, recordChanges } from '../audit.js';
import type { Principal } from '../context.js';
import { ApiError } from '../errors.js';
import { type FlagFilters, filteredFlags } from './query.js';

export const FLAG_STATUSES = ['open', 'accepted', 'dismissed', 'returned'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

export const REVIEW_ACTIONS = ['accept', 'dismiss', 'return'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export const STATUS_AFTER: Readonly<Record<ReviewAction, FlagStatus>> = {
  accept: 'accepted',
  dismiss: 'dismissed',
  return: 'returned',
};

/** Audit-log actions of flag reviews (`flag_accept`…), to find a flag's history. */
export const REVIEW_AUDIT_ACTIONS = REVIEW_ACTIONS.map((a) => `flag_${a}` as const);

export interface ReviewInput {
  roundId: string;
  flagId: string;
  action: ReviewAction;
  note: string;
  principal: Principal;
  now: Date;
  /**
   * On return, the agencies it goes back to (registry ids, among those whose rows the flag
   * names); all of them when left out.
   */
  returnTo?: readonly string[] | undefined;
}

/**
 * Apply a review in one transaction: the flag's status, the comments on its rows (return), the
 * audit entry. Throws `validation_failed` when a note is required and missing, `not_found` when
 * the flag does not exist or its problem has been fixed meanwhile.
 *
 * @example
 * await reviewFlag(db, { roundId: 'de-an-11', flagId, action: 'return', note: 'Đề nghị rà soát…', principal, now: new Date() });
 */
export async function reviewFlag(db: Kysely<Database>, input: ReviewInput): Promise<FlagRecord> {
  const { roundId, flagId: id, action, principal, now } = input;
  const note = input.note.normalize('NFC');
  if (action !== 'accept' && note.trim() === '') {
    throw new ApiError(
      'validation_failed',
      action === 'return'
        ? 'Khi trả lại cho cơ quan cần ghi rõ nội dung đề nghị sửa.'
        : 'Cần ghi lý do khi bỏ qua cảnh báo (số liệu đúng).',
    );
  }
  return db.transaction().execute(async (trx) => {
    const flag = await trx
      .selectFrom('flags')
      .selectAll()
      .where('round_id', '=', roundId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!flag || flag.resolved_at)
      throw new ApiError('not_found', 'Không có cảnh báo này (hoặc vấn đề đã được khắc phục).');
    const row = await trx
      .updateTable('flags')
      .set({
        status: STATUS_AFTER[action],
        review_note: note || null,
        reviewed_by: principal.label,
        reviewed_at: now,
        updated_at: now,
      })
      .where('round_id', '=', roundId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const allRefs = flag.row_refs as unknown as FlagRowRef[];
    const chosen = input.returnTo && action === 'return' ? new Set(input.returnTo) : null;
    const refs = chosen ? allRefs.filter((r) => chosen.has(r.agencyId)) : allRefs;
    if (chosen && (chosen.size === 0 || refs.length === 0))
      throw new ApiError(
        'validation_failed',
        'Hãy chọn cơ quan nhận lại cảnh báo trong số các cơ quan có dòng liên quan.',
      );
    if (action === 'return' && refs.length > 0) {
      await trx
        .insertInto('comments')
        .values(
          refs.map((r) => ({
            round_id: roundId,
            table_name: r.table,
            uid: r.uid,
            agency_id: r.agencyId,
            author: principal.label,
            body: note,
            flag_id: id,
            created_at: now,
          })),
        )
        .execute();
    }
    await recordChange(trx, principal, {
      at: now,
      roundId,
      table: flag.table_name || null,
      action: `flag_${action}`,
      before: { id, status: flag.status },
      after: {
        id,
        status: STATUS_AFTER[action],
        ...(chosen ? { returnedTo: [...new Set(refs.map((r) => r.agencyId))] } : {}),
      },
      note: note || null,
    });
    return row;
  });
}

/** What a reviewer may do to many flags at once; returning needs a comment written for each. */
export const BULK_ACTIONS = ['accept', 'dismiss'] as const satisfies readonly ReviewAction[];
export type BulkAction = (typeof BULK_ACTIONS)[number];

export interface BulkReviewInput {
  roundId: string;
  /** The flags passing these filters… */
  filters: FlagFilters;
  /** …and, when given, only these ids among them. */
  ids?: readonly string[] | undefined;
  action: BulkAction;
  note: string;
  principal: Principal;
  now: Date;
  /** The count the reviewer confirmed: when the set has changed since, nothing is done. */
  expected?: number | undefined;
}

/** The live flags a bulk review would change: those passing the filters not already in its status. */
function bulkTargets(db: Kysely<Database>, input: Pick<BulkReviewInput, 'roundId' | 'filters' | 'ids' | 'action'>) {
  let query = filteredFlags(db, input.roundId, input.filters).where('status', '!=', STATUS_AFTER[input.action]);
  if (input.ids) query = query.where('id', 'in', input.ids.length > 0 ? [...input.ids] : ['']);
  return query;
}

/** How many flags a bulk review would change (the number the reviewer confirms). */
export async function countBulkReview(
  db: Kysely<Database>,
  input: Pick<BulkReviewInput, 'roundId' | 'filters' | 'ids' | 'action'>,
): Promise<number> {
  const row = await bulkTargets(db, input)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number((row as { n: unknown }).n);
}

/**
 * Accept or dismiss every flag of a filtered set (or the chosen ones among it) in one
 * transaction, an audit record per flag. Returns how many changed. Throws `conflict` when the
 * set no longer has the `expected` size: flags came or went since the reviewer confirmed.
 *
 * @example
 * await reviewFlags(db, { roundId, filters: { code: 'possible_duplicate', status: 'open' }, action: 'dismiss', note: 'Các nhiệm vụ cùng mẫu, không trùng.', principal, now, expected: 3002 });
 */
export async function reviewFlags(db: Kysely<Database>, input: BulkReviewInput): Promise<number> {
  const { roundId, action, principal, now } = input;
  const note = input.note.normalize('NFC').trim();
  if (action === 'dismiss' && note === '')
    throw new ApiError('validation_failed', 'Cần ghi lý do khi bỏ qua các cảnh báo (số liệu đúng).');
  return db.transaction().execute(async (trx) => {
    const flags = await bulkTargets(trx, input).select(['id', 'status', 'table_name']).orderBy('id').execute();
    if (input.expected !== undefined && flags.length !== input.expected)
      throw new ApiError(
        'conflict',
        `Danh sách đã thay đổi: nay có ${flags.length.toLocaleString('vi-VN')} cảnh báo thay vì ${input.expected.toLocaleString('vi-VN')}. Hãy xem lại trước khi xác nhận.`,
        { count: flags.length },
      );
    const ids = flags.map((f) => f.id);
    for (let i = 0; i < ids.length; i += 5000) {
      await trx
        .updateTable('flags')
        .set({
          status: STATUS_AFTER[action],
          review_note: note || null,
          reviewed_by: principal.label,
          reviewed_at: now,
          updated_at: now,
        })
        .where('round_id', '=', roundId)
        .where('id', 'in', ids.slice(i, i + 5000))
        .execute();
    }
    await recordChanges(
      trx,
      principal,
      flags.map((f) => ({
        at: now,
        roundId,
        table: f.table_name || null,
        action: `flag_${action}`,
        before: { id: f.id, status: f.status },
        after: { id: f.id, status: STATUS_AFTER[action], bulk: true },
        note: note || null,
      })),
    );
    return flags.length;
  });
}
