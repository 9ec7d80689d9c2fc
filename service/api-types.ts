/**
 * The API's bodies as a client sends and reads them, for the task pane: inferred from the
 * routes' own zod schemas (the merged table from its domain types), so that the pane cannot
 * drift from what the service answers. Types only: the pane's bundle takes no service code.
 */
import type { z } from '@hono/zod-openapi';
import type { MergedJsonBody } from './merge/merged-json.js';
import type { flagReply } from './routes/flag-replies.js';
import type { flagSchema } from './routes/flags.js';
import type { prefillResponse } from './routes/progress.js';
import type { dryRunResultSchema, flagSummarySchema, syncResultSchema } from './routes/schemas.js';
import type { listRemoved, restore } from './routes/sheet-restore.js';
import type { sheetResponse, syncRequest } from './routes/sheets.js';
import type { currentToken } from './routes/tokens.js';

export type { Round } from './rounds/round.js';
/** GET /api/v1/tokens/current: who the token belongs to. */
export type Me = z.infer<typeof currentToken>;
/** GET …/sheets/{table}: the agency's sheet, its version and the reviewers' comments. */
export type SheetResponse = z.infer<typeof sheetResponse>;
/** PUT …/sheets/{table}: the whole sheet, against the version it was read at. */
export type SyncRequest = z.input<typeof syncRequest>;
/** The answer to a sync. */
export type SyncResponse = z.infer<typeof syncResultSchema>;
/** The answer to a sync's preview (`?dryRun=true`): what it would do; nothing stored. */
export type DryRunResponse = z.infer<typeof dryRunResultSchema>;
export type FlagSummary = z.infer<typeof flagSummarySchema>;
/** A flag as GET …/flags lists it (an agency gets those about it). */
export type Flag = z.infer<typeof flagSchema>;
/** POST …/flags/{id}/replies: an agency's answer to a flag on its rows. */
export type FlagReplyRequest = z.input<typeof flagReply>;
/** GET …/sheets/{table}/removed: the rows syncs removed, as each was removed. */
export type RemovedRowsResponse = z.infer<
  (typeof listRemoved)['responses'][200]['content']['application/json']['schema']
>;
/** POST …/sheets/{table}/restore: the sync that brought them back. */
export type RestoreResponse = z.infer<(typeof restore)['responses'][200]['content']['application/json']['schema']>;
/** GET …/merged/{table}. */
export type MergedResponse = MergedJsonBody;
/** GET …/sheets/{table}/prefill: a progress sheet's rows from the plan, last period's answers carried forward. */
export type PrefillResponse = z.infer<typeof prefillResponse>;
