import type { Generated, Selectable } from 'kysely';
import type { DefaultTimestamp, JsonbWithDefault, JsonObject, JsonValue, NullableTimestamp } from './columns.js';

/** Inconsistencies found by the checks, waiting for a validator's decision. */
export interface FlagsTable {
  id: string;
  round_id: string;
  code: string;
  severity: string;
  table_name: string;
  agency_ids: JsonbWithDefault<string[]>;
  row_refs: JsonbWithDefault<JsonValue[]>;
  message: string;
  /** The numbers behind the message (declared vs summed…), for display. */
  figures: JsonbWithDefault<JsonObject>;
  /** Identifies "the same" flag across re-runs of the checks; unique per round. */
  fingerprint: string;
  /** 'open' | 'accepted' | 'dismissed' | 'returned', checked by the database. */
  status: Generated<string>;
  review_note: string | null;
  reviewed_by: string | null;
  reviewed_at: NullableTimestamp;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  resolved_at: NullableTimestamp;
}

export type FlagRecord = Selectable<FlagsTable>;
