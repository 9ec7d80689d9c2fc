import type { Generated, Selectable } from 'kysely';
import type { SheetState } from '../../domain/sheet-state.js';
import type { DefaultTimestamp, NullableTimestamp as Stamp } from './columns.js';

/** One agency's sheet of one appendix table in a round; `version` grows on every change. */
export interface SheetsTable {
  round_id: string;
  table_name: string;
  agency_id: string;
  version: Generated<number>;
  updated_at: DefaultTimestamp;
  updated_by: string | null;
  state: Generated<SheetState>;
  first_submitted_at: Stamp;
  submitted_at: Stamp;
  submitted_by: string | null;
  accepted_at: Stamp;
  accepted_by: string | null;
  accepted_version: number | null;
  state_note: string | null;
  state_changed_at: Stamp;
}

export type SheetRecord = Selectable<SheetsTable>;
