/**
 * An agency's answer to a flag on its rows («Đã sửa», or a reply): kept beside the reviewer's
 * comment on each of the agency's rows of the flag, so both read it where they work (the row's
 * comment cell in Excel, the flag's page in the console), and in the audit trail with who and when.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.js';
import type { FlagRowRef } from '../../domain/index.js';
import { recordChange } from '../audit.js';
import type { Principal } from '../context.js';
import { ApiError } from '../errors.js';

/** The audit action of a reply; its `after` holds the flag id and the text. */
export const REPLY_AUDIT_ACTION = 'flag_reply';

/** What «Đã sửa» writes, with the reply after it when there is one. */
export const FIXED_WORD = 'Đã sửa';

export interface ReplyInput {
  roundId: string;
  flagId: string;
  body: string;
  done: boolean;
  principal: Principal;
  now: Date;
}

export interface Reply {
  flagId: string;
  body: string;
  author: string;
  createdAt: string;
  rows: string[];
}

export async function replyToFlag(db: Kysely<Database>, input: ReplyInput): Promise<Reply> {
  const { roundId, flagId, principal, now } = input;
  const text = input.body.normalize('NFC').trim();
  if (!input.done && text === '') throw new ApiError('validation_failed', 'Hãy ghi nội dung trả lời.');
  const body = input.done ? (text ? `${FIXED_WORD}: ${text}` : FIXED_WORD) : text;
  return db.transaction().execute(async (trx) => {
    const flag = await trx
      .selectFrom('flags')
      .select(['id', 'table_name', 'row_refs'])
      .where('round_id', '=', roundId)
      .where('id', '=', flagId)
      .executeTakeFirst();
    if (!flag) throw new ApiError('not_found', 'Không có cảnh báo này (có thể vấn đề đã được sửa).');
    const own = (flag.row_refs as unknown as FlagRowRef[]).filter((r) => r.agencyId === principal.agencyId);
    if (own.length === 0)
      throw new ApiError(
        'forbidden',
        'Cảnh báo này không nằm trên dòng nào của cơ quan; chỉ trả lời được cảnh báo trên dòng của mình.',
      );
    await trx
      .insertInto('comments')
      .values(
        own.map((r) => ({
          round_id: roundId,
          table_name: r.table,
          uid: r.uid,
          agency_id: r.agencyId,
          author: principal.label,
          body,
          flag_id: flagId,
          created_at: now,
        })),
      )
      .execute();
    await recordChange(trx, principal, {
      at: now,
      roundId,
      table: flag.table_name || null,
      action: REPLY_AUDIT_ACTION,
      after: { id: flagId, body, rows: own.map((r) => r.uid) },
      note: body,
    });
    return { flagId, body, author: principal.label, createdAt: now.toISOString(), rows: own.map((r) => r.uid) };
  });
}
