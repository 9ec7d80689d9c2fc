import type { Selectable } from 'kysely';
import type { DefaultTimestamp, NullableTimestamp, Timestamp } from './columns.js';

/** Console sign-ins: the cookie holds a random id, stored here only as its SHA-256 hex digest. */
export interface ConsoleSessionsTable {
  id_hash: string;
  token_id: string;
  created_at: DefaultTimestamp;
  expires_at: Timestamp;
  /** Set at sign-out and when the session's token is revoked. */
  revoked_at: NullableTimestamp;
}

export type ConsoleSessionRecord = Selectable<ConsoleSessionsTable>;
