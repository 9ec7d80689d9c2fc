import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_sync_indexes.js';
import * as m0003 from './0003_open_flags_index.js';
import * as m0004 from './0004_audit_outside_rounds.js';
import * as m0005 from './0005_audit_append_only.js';
import * as m0006 from './0006_progress_rounds.js';
import * as m0007 from './0007_console_sessions.js';
import * as m0008 from './0008_sheet_lifecycle.js';
import * as m0009 from './0009_submission_setting.js';
import * as m0010 from './0010_name_requests.js';

/**
 * Every migration, by name. A static map rather than a folder scan so that bundling and
 * `tsx` see plain imports. Names sort in the order they must run.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_initial': m0001,
  '0002_sync_indexes': m0002,
  '0003_open_flags_index': m0003,
  '0004_audit_outside_rounds': m0004,
  '0005_audit_append_only': m0005,
  '0006_progress_rounds': m0006,
  '0007_console_sessions': m0007,
  '0008_sheet_lifecycle': m0008,
  '0009_submission_setting': m0009,
  '0010_name_requests': m0010,
};
