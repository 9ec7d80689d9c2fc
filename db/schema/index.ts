import type { AgenciesTable } from './agencies.js';
import type { AuditLogTable } from './audit-log.js';
import type { CommentsTable } from './comments.js';
import type { ConsoleSessionsTable } from './console-sessions.js';
import type { FlagsTable } from './flags.js';
import type { IdempotencyKeysTable } from './idempotency-keys.js';
import type { NameRequestsTable } from './name-requests.js';
import type { RoundsTable } from './rounds.js';
import type { SheetRowsTable } from './sheet-rows.js';
import type { SheetsTable } from './sheets.js';
import type { TokensTable } from './tokens.js';

/** The database as Kysely sees it: `db/migrations` applied up to the latest. */
export interface Database {
  agencies: AgenciesTable;
  tokens: TokensTable;
  rounds: RoundsTable;
  sheets: SheetsTable;
  sheet_rows: SheetRowsTable;
  audit_log: AuditLogTable;
  idempotency_keys: IdempotencyKeysTable;
  flags: FlagsTable;
  comments: CommentsTable;
  console_sessions: ConsoleSessionsTable;
  name_requests: NameRequestsTable;
}

export type * from './agencies.js';
export type * from './audit-log.js';
export type * from './columns.js';
export type * from './comments.js';
export type * from './console-sessions.js';
export type * from './flags.js';
export type * from './idempotency-keys.js';
export type * from './name-requests.js';
export type * from './rounds.js';
export type * from './sheet-rows.js';
export type * from './sheets.js';
export type * from './tokens.js';
