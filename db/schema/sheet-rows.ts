import type { Generated, JSONColumnType, Selectable } from 'kysely';
import type { DefaultTimestamp, JsonbWithDefault, JsonObject, JsonValue, NullableTimestamp } from './columns.js';

/** Rows of a sheet; deletions are soft (`deleted_at`) so other clients can sync them. */
export interface SheetRowsTable {
  round_id: string;
  table_name: string;
  /** Stable row id, survives renumbering and reordering. */
  uid: string;
  agency_id: string;
  section: Generated<string>;
  code: Generated<string>;
  position: number;
  /** Cell values by column key; amounts live here too. */
  data: JSONColumnType<JsonObject>;
  findings: JsonbWithDefault<JsonValue[]>;
  row_hash: string;
  /** The sheet version in which this row last changed. */
  version: number;
  deleted_at: NullableTimestamp;
  updated_at: DefaultTimestamp;
}

export type SheetRowRecord = Selectable<SheetRowsTable>;
