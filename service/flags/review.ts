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
import { recordChange } from '../audit.js';
import type { Principal } from '../context.js';
import { ApiError } from '../errors.js';

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
        : 'Cần ghi lý do khi đánh dấu là không có vấn đề.',
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
      throw new ApiError('not_found', 'Không có cờ kiểm tra này (hoặc vấn đề đã được khắc phục).');
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
    const refs = flag.row_refs as unknown as FlagRowRef[];
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
      after: { id, status: STATUS_AFTER[action] },
      note: note || null,
    });
    return row;
  });
}
