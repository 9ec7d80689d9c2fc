/** The task pane's state, as the views render it, and what it keeps on this machine. */
import type { TableName } from '../../domain/values.js';
import type { PlacedFinding } from '../sheet/check.js';
import type { RowComment } from '../sheet/comments.js';
import type { WorkbookState } from '../sheet/port.js';
import type { FlagSummary, Me, Round, SheetResponse } from '../sync/api.js';
import type { ConflictLine } from '../sync/summary.js';
import type { FlagsView } from './own-flags.js';
import type { PreviewView } from './preview.js';
import type { RemovedView } from './restore.js';

/** Where the workbook keeps a sheet's sync state: `${round}:${table}`. */
export const sheetKey = (round: string, table: TableName) => `${round}:${table}`;

export interface Notice {
  kind: 'info' | 'success' | 'warning' | 'error';
  text: string;
  /** A follow-up the notice offers as a button. */
  action?: 'reload' | 'retry';
}

export interface CheckView {
  table: TableName;
  findings: PlacedFinding[];
  errors: number;
  warnings: number;
  rows: number;
  uidCol: number;
  /** Findings the service sent back (422) rather than the pane's own check. */
  fromServer: boolean;
}

export interface ConflictView {
  entryId: string;
  table: TableName;
  currentVersion: number;
  baseVersion: number;
  lines: ConflictLine[];
}

/** What the service holds of the selected sheet, for an account that has a sheet of its own. */
export interface ServerView {
  round: string;
  table: TableName;
  version: number;
  rows: number;
  updatedAt: string | null;
  status: SheetResponse['status'];
  /** Each row's «section · code · name», for the comments that name it. */
  labels: Record<string, string>;
}

export interface PaneState {
  phase: 'starting' | 'signed-out' | 'ready';
  signingIn: boolean;
  signInError: string | null;
  me: Me | null;
  agencyName: string | null;
  rounds: Round[];
  roundId: string | null;
  table: TableName;
  /** The add-in's Excel tables present in the workbook. */
  tables: string[];
  workbookState: WorkbookState;
  busy: string | null;
  notice: Notice | null;
  check: CheckView | null;
  sync: { table: TableName; text: string; flags: FlagSummary[] } | null;
  queue: {
    mine: number;
    elsewhere: number;
    retryAt: number | null;
    error: string | null;
    durable: boolean;
    /** The user asked to drop the other workbooks' sends and is asked to confirm. */
    confirmDiscard?: boolean;
  };
  conflict: ConflictView | null;
  comments: RowComment[];
  server: ServerView | null;
  /** What the sync the user asked for would do, waiting for «Gửi» or «Hủy». */
  preview: PreviewView | null;
  /** Open consistency flags on the table's rows (for an agency, its own rows only). */
  flags: FlagsView | null;
  /** «Khôi phục dòng đã xóa»: the removed rows listed, and those ticked. */
  removed: RemovedView | null;
  /** Show the preview for small syncs too (removals always ask). */
  previewSmall: boolean;
  liveCheck: boolean;
  notes: boolean;
}

/** The token and a few choices, kept on this machine only (never in the workbook). */
export interface Prefs {
  token(): string | null;
  setToken(token: string, remember: boolean): void;
  clearToken(): void;
  get(key: string): string | null;
  set(key: string, value: string): void;
}
