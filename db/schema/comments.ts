import type { GeneratedAlways, Selectable } from 'kysely';
import type { DefaultTimestamp } from './columns.js';

/** Reviewers' comments on a row, shown back to the agency next to the row. */
export interface CommentsTable {
  id: GeneratedAlways<number>;
  round_id: string;
  table_name: string;
  uid: string;
  agency_id: string;
  author: string;
  body: string;
  /** The flag the comment answers, if any; cleared if the flag is deleted. */
  flag_id: string | null;
  created_at: DefaultTimestamp;
}

export type CommentRecord = Selectable<CommentsTable>;
