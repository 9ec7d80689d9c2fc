import type { Generated, Selectable } from 'kysely';
import type { DefaultTimestamp, JsonbWithDefault, JsonObject, NullableJsonb } from './columns.js';

/** A collection round: compiling a plan or reporting progress for a period. */
export interface RoundsTable {
  /** Slug, e.g. 'de-an-11-2026-2030'. */
  id: string;
  name: string;
  kind: Generated<string>;
  period_start: number;
  period_end: number;
  /** `YYYY-MM-DD` (a `date`, returned as text on both dialects). */
  due_date: string | null;
  /** 'open' | 'closed', checked by the database. */
  status: Generated<string>;
  /** Official section order and headings of the merged appendix. */
  outline: JsonbWithDefault<JsonObject>;
  expected_agencies: JsonbWithDefault<string[]>;
  /** Totals the plan text declares, to compare the merged sums against. */
  declared_totals: NullableJsonb<JsonObject>;
  /** The plan round a progress round follows; null for a plan round. */
  plan_round_id: string | null;
  /** A progress round's reporting period (`{kind, year, index}`); null for a plan round. */
  period: NullableJsonb<JsonObject>;
  /** Timeliness counts from the first submission (true) or the first sync (false). */
  require_submission: Generated<boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export type RoundRecord = Selectable<RoundsTable>;
