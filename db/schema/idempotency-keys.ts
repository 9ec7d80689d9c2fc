import type { JSONColumnType, Selectable } from 'kysely';
import type { DefaultTimestamp, JsonObject } from './columns.js';

/** Stored responses of write requests, replayed when a client retries with the same key. */
export interface IdempotencyKeysTable {
  token_id: string;
  key: string;
  /** Hash of the request body: the same key with another body is a client error. */
  request_hash: string;
  /** HTTP status of the stored response. */
  status: number;
  response: JSONColumnType<JsonObject>;
  created_at: DefaultTimestamp;
}

export type IdempotencyKeyRecord = Selectable<IdempotencyKeysTable>;
