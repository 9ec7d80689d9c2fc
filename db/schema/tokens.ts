import type { Generated, Selectable } from 'kysely';
import type { DefaultTimestamp, NullableTimestamp } from './columns.js';

/** API tokens; only the SHA-256 hex digest of the secret is stored. */
export interface TokensTable {
  /** `gen_random_uuid()` as text unless given. */
  id: Generated<string>;
  token_hash: string;
  /** 'agency' | 'validator' | 'coordinator' | 'admin', checked by the database. */
  role: string;
  /** Required when role is 'agency' (database check). */
  agency_id: string | null;
  label: string | null;
  created_at: DefaultTimestamp;
  revoked_at: NullableTimestamp;
}

export type TokenRecord = Selectable<TokensTable>;
