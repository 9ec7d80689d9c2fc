import type { Generated, GeneratedAlways, Selectable } from 'kysely';
import type { DefaultTimestamp, NullableTimestamp } from './columns.js';

/** Names agencies propose for the registry, and what the administrator made of them. */
export interface NameRequestsTable {
  id: GeneratedAlways<number>;
  name: string;
  /** Why, or which unit it is, in the proposer's words. */
  note: Generated<string>;
  /** The token's label, as the audit trail names people. */
  requested_by: string;
  requested_role: string;
  requester_agency_id: string | null;
  requested_at: DefaultTimestamp;
  status: Generated<'open' | 'accepted' | 'rejected'>;
  /** On acceptance, the agency the name now belongs to. */
  agency_id: string | null;
  resolved_by: string | null;
  resolved_at: NullableTimestamp;
}

export type NameRequestRecord = Selectable<NameRequestsTable>;
