import type { Generated, Selectable } from 'kysely';
import type { DefaultTimestamp } from './columns.js';

/** One agency's sheet of one appendix table in a round; `version` grows on every change. */
export interface SheetsTable {
  round_id: string;
  table_name: string;
  agency_id: string;
  version: Generated<number>;
  updated_at: DefaultTimestamp;
  updated_by: string | null;
}

export type SheetRecord = Selectable<SheetsTable>;
