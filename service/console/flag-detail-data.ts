/**
 * Everything a validator needs to decide on one flag: its rows as each agency sent them, each
 * row's history from the audit trail (who changed what, when), earlier decisions on the flag and
 * the comments the agencies already have on those rows.
 */
import { type Kysely, sql } from 'kysely';
import type { AuditLogRecord, CommentRecord, Database, FlagRecord } from '../../db/schema/index.js';
import type { FlagRowRef, TableName } from '../../domain/index.js';
import { REPLY_AUDIT_ACTION } from '../flags/reply.js';
import { REVIEW_AUDIT_ACTIONS } from '../flags/review.js';
import type { Cells } from '../sync/stored-row.js';

/** Rows shown for one flag; a duplicate set or a total can concern many more. */
export const MAX_ROWS = 40;
const MAX_HISTORY = 300;

export interface FlagRow {
  ref: FlagRowRef;
  /** Null when the row is gone from the agency's sheet. */
  cells: Cells | null;
  deleted: boolean;
  updatedAt: Date | null;
}

export interface FlagDetail {
  flag: FlagRecord;
  rows: FlagRow[];
  /** Refs beyond MAX_ROWS, not shown. */
  hiddenRows: number;
  /** `${table}/${uid}` → audit entries, newest first. */
  history: Map<string, AuditLogRecord[]>;
  reviews: AuditLogRecord[];
  /** The agencies' answers («Đã sửa», replies), oldest first; also among `comments`, on their rows. */
  replies: AuditLogRecord[];
  comments: CommentRecord[];
}

export const rowKey = (r: { table: string; uid: string }) => `${r.table}/${r.uid}`;

export async function loadFlagDetail(
  db: Kysely<Database>,
  roundId: string,
  flagId: string,
): Promise<FlagDetail | null> {
  const flag = await db
    .selectFrom('flags')
    .selectAll()
    .where('round_id', '=', roundId)
    .where('id', '=', flagId)
    .executeTakeFirst();
  if (!flag) return null;
  const refs = (flag.row_refs as unknown as FlagRowRef[]).slice(0, MAX_ROWS);
  const uids = refs.map((r) => r.uid);
  const tables = [...new Set(refs.map((r) => r.table))] as TableName[];
  const none = Promise.resolve([]);
  const [stored, audit, reviews, comments, replies] = await Promise.all([
    uids.length === 0
      ? none
      : db
          .selectFrom('sheet_rows')
          .select(['table_name', 'uid', 'data', 'deleted_at', 'updated_at'])
          .where('round_id', '=', roundId)
          .where('table_name', 'in', tables)
          .where('uid', 'in', uids)
          .execute(),
    uids.length === 0
      ? none
      : db
          .selectFrom('audit_log')
          .selectAll()
          .where('round_id', '=', roundId)
          .where('table_name', 'in', tables)
          .where('uid', 'in', uids)
          .orderBy('at', 'desc')
          .orderBy('id', 'desc')
          .limit(MAX_HISTORY)
          .execute(),
    db
      .selectFrom('audit_log')
      .selectAll()
      .where('round_id', '=', roundId)
      .where('action', 'in', REVIEW_AUDIT_ACTIONS)
      .where(sql<boolean>`after->>'id' = ${flagId}`)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .execute(),
    uids.length === 0
      ? none
      : db
          .selectFrom('comments')
          .selectAll()
          .where('round_id', '=', roundId)
          .where('table_name', 'in', tables)
          .where('uid', 'in', uids)
          .orderBy('created_at', 'desc')
          .execute(),
    db
      .selectFrom('audit_log')
      .selectAll()
      .where('round_id', '=', roundId)
      .where('action', '=', REPLY_AUDIT_ACTION)
      .where(sql<boolean>`after->>'id' = ${flagId}`)
      .orderBy('id')
      .execute(),
  ]);
  const byKey = new Map(stored.map((s) => [rowKey({ table: s.table_name, uid: s.uid }), s]));
  const history = new Map<string, AuditLogRecord[]>();
  for (const entry of audit) {
    const key = rowKey({ table: entry.table_name ?? '', uid: entry.uid ?? '' });
    history.set(key, [...(history.get(key) ?? []), entry]);
  }
  return {
    flag,
    rows: refs.map((ref) => {
      const s = byKey.get(rowKey(ref));
      return {
        ref,
        cells: s ? (s.data as Cells) : null,
        deleted: !s || s.deleted_at !== null,
        updatedAt: s ? new Date(s.updated_at) : null,
      };
    }),
    hiddenRows: (flag.row_refs as unknown[]).length - refs.length,
    history,
    reviews,
    replies,
    comments,
  };
}
