/**
 * «Khôi phục dòng đã xóa», as the pane runs it: list the rows syncs removed, tick some, have the
 * service restore them (addin/pane/restore.ts says where they go back in the workbook).
 */
import { buildTableSheet, excelTableName } from '../sheet/layout.js';
import type { WorkbookState } from '../sheet/port.js';
import { rowsFromSnapshot } from '../sheet/rows.js';
import { type ApiClient, ApiFailure } from '../sync/api.js';
import type { PaneController } from './controller.js';
import { removedView, withRestored } from './restore.js';
import { sheetKey } from './state.js';
import { T } from './text.js';

/** «Khôi phục dòng đã xóa»: list what syncs removed from the sheet on the service. */
export function showRemoved(core: PaneController): Promise<void> {
  return core.act(T.loadingRemoved, async () => {
    const round = core.state.roundId;
    if (!round || !core.canSync) return;
    const table = core.state.table;
    const { rows } = await core.deps.api.removedRows(round, table);
    core.set(
      rows.length === 0
        ? { removed: null, notice: { kind: 'info', text: T.noneRemoved } }
        : { removed: removedView(round, table, core.def(table), rows) },
    );
  });
}

export function toggleRemoved(core: PaneController, uid: string, on: boolean): void {
  const r = core.state.removed;
  if (!r) return;
  const selected = r.selected.filter((u) => u !== uid);
  core.set({ removed: { ...r, selected: on ? [...selected, uid] : selected } });
}

/**
 * Have the service restore the ticked rows (a sync of the sheet, on the version this workbook
 * last synced), then put them back into the workbook's table where the service placed them.
 */
export function restoreRemoved(core: PaneController): Promise<void> {
  return core.act(T.restoring, async () => {
    const r = core.state.removed;
    if (!r || r.selected.length === 0) return;
    const key = sheetKey(r.round, r.table);
    const baseVersion = core.state.workbookState.sheets[key]?.version ?? 0;
    let res: Awaited<ReturnType<ApiClient['restoreRows']>>;
    try {
      res = await core.deps.api.restoreRows(r.round, r.table, r.selected, baseVersion);
    } catch (e) {
      if (!(e instanceof ApiFailure) || e.status === 403) throw e;
      core.set({
        notice: { kind: 'error', text: e.code === 'stale_version' ? T.restoreStale : T.rejected(e.message) },
      });
      return;
    }
    const restored = r.rows.filter((x) => res.restored.includes(x.uid)).map((x) => x.values);
    const order = res.rows.filter((x) => x.status !== 'deleted').map((x) => x.uid);
    const state: WorkbookState = {
      ...core.withWorkbookId(core.state.workbookState),
      sheets: {
        ...core.state.workbookState.sheets,
        [key]: { version: res.version, syncedAt: new Date().toISOString(), agency: core.state.me?.agencyId ?? '' },
      },
    };
    const def = core.def(r.table);
    if (core.state.tables.includes(excelTableName(r.table)))
      await core.deps.workbook.insertTable(
        excelTableName(r.table),
        (existing) => {
          const local = existing ? rowsFromSnapshot(existing, def).map((x) => ({ ...x, _marks: '' })) : [];
          return buildTableSheet(core.layoutInput(r.table), state, null, withRestored(local, restored, order));
        },
        { replaceRows: true },
      );
    else await core.deps.workbook.saveState(state);
    core.set({
      workbookState: state,
      removed: null,
      check: null,
      notice: { kind: 'success', text: T.restoredRows(restored.length, res.version) },
    });
    await core.loadServer();
  });
}
