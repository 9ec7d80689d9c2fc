import type { GeneratedAlways, Selectable } from 'kysely';
import type { DefaultTimestamp, JsonObject, NullableJsonb } from './columns.js';

/** Append-only history of every change; no foreign keys so history outlives its subjects. */
export interface AuditLogTable {
  /** `generated always as identity`: the database alone numbers entries. */
  id: GeneratedAlways<number>;
  at: DefaultTimestamp;
  actor: string;
  role: string;
  agency_id: string | null;
  /** Null for changes outside any round: the registry (table_name 'agencies') and tokens ('tokens'). */
  round_id: string | null;
  /** With `uid`, the record changed: a sheet's table and row uid, or 'agencies'/'tokens' and the record's id. */
  table_name: string | null;
  uid: string | null;
  action: string;
  before: NullableJsonb<JsonObject>;
  after: NullableJsonb<JsonObject>;
  note: string | null;
}

export type AuditLogRecord = Selectable<AuditLogTable>;
