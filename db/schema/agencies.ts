import type { Generated, Selectable } from 'kysely';
import type { DefaultTimestamp, JsonbWithDefault } from './columns.js';

/** Registry of agencies (sở, ngành, xã…); `id` is a stable slug. */
export interface AgenciesTable {
  id: string;
  name: string;
  kind: string;
  /** Other spellings that resolve to this agency (abbreviations, old tone marks). */
  aliases: JsonbWithDefault<string[]>;
  /** Names the agency had before a merger or renaming (e.g. before 1 July 2025). */
  formerly: JsonbWithDefault<string[]>;
  active: Generated<boolean>;
  /** Whom to remind of a missing sheet (person, telephone, e-mail), as the registry keeps it. */
  contact: string | null;
  updated_at: DefaultTimestamp;
}

export type AgencyRecord = Selectable<AgenciesTable>;
