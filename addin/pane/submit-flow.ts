/**
 * «Gửi chính thức», as the pane runs it: the agency says the sheet the service holds is its final
 * one. What is submitted must be what the user sees, so the workbook's rows are first previewed
 * against the service: anything unsent (a new, changed or removed row) stops the submission until
 * it is synced.
 */
import { apiRow } from '../sheet/rows.js';
import { ApiFailure } from '../sync/api.js';
import type { PaneController } from './controller.js';
import { currentServer } from './server-sheet.js';
import { sheetKey } from './state.js';
import { n, T } from './text.js';

/** The sheet's state lets the agency submit it: synced and not yet submitted, or returned to it. */
export function canSubmit(core: PaneController): boolean {
  const server = currentServer(core.state);
  return (
    core.canSync &&
    server !== null &&
    server.version > 0 &&
    (server.status.state === 'draft' || server.status.state === 'returned')
  );
}

export function submitSheet(core: PaneController): Promise<void> {
  return core.act(T.submitting, async () => {
    const round = core.state.roundId;
    const table = core.state.table;
    if (!round || !core.canSync) {
      core.set({ notice: { kind: 'warning', text: T.noAgencyForSheet } });
      return;
    }
    const baseVersion = core.state.workbookState.sheets[sheetKey(round, table)]?.version ?? 0;
    if (baseVersion === 0) {
      core.set({ notice: { kind: 'warning', text: T.submitNeedsSync } });
      return;
    }
    const result = await core.runCheck(table);
    if (!result) return;
    if (result.errors > 0) {
      core.set({ notice: { kind: 'error', text: T.submitBlockedByErrors(result.errors) } });
      return;
    }
    const def = core.def(table);
    try {
      const dry = await core.deps.api.previewSheet(round, table, {
        baseVersion,
        rows: result.rows.map((r) => apiRow(r, def)),
      });
      const c = dry.counts;
      const unsent = c.new + c.changed + c.removed + c.restored;
      if (unsent > 0) {
        core.set({ notice: { kind: 'warning', text: T.submitUnsent(n(unsent)) } });
        return;
      }
      await core.deps.api.submitSheet(round, table, baseVersion);
    } catch (e) {
      // The service's reason (errors on the sheet, a returned flag unanswered, a newer version, a
      // lock) is already said in Vietnamese; 403 and the unexpected go to the common notice.
      if (e instanceof ApiFailure && e.status !== 403) {
        core.set({ notice: { kind: 'error', text: T.submitRefused(e.message) } });
        return;
      }
      throw e;
    }
    await core.serverSheet(table);
    core.set({ notice: { kind: 'success', text: T.submitted(baseVersion) } });
  });
}
