/**
 * What the sync queue reports, turned into the pane's state: a sheet sent (its new version, the
 * reviewers' comments back on their rows), waiting for the network or a sign-in, a conflict to
 * resolve, or refused by the service with its findings.
 */
import type { TableName } from '../../domain/values.js';
import type { PlacedFinding } from '../sheet/check.js';
import type { WorkbookState } from '../sheet/port.js';
import type { ApiFailure } from '../sync/api.js';
import type { QueueEntry, QueueEvent } from '../sync/queue.js';
import { countStatuses, describeConflict, describeStatuses } from '../sync/summary.js';
import type { PaneController } from './controller.js';
import { serverView } from './server-sheet.js';
import { sheetKey } from './state.js';
import { T, TABLE_LABELS } from './text.js';

export function showConflict(core: PaneController, entry: QueueEntry): void {
  const def = core.def(entry.table);
  const local = entry.rows.map((r) => ({ ...r, uid: String(r.uid), section: String(r.section ?? '') }));
  core.set({
    conflict: {
      entryId: entry.id,
      table: entry.table,
      currentVersion: entry.conflict!.currentVersion,
      baseVersion: entry.baseVersion ?? 0,
      lines: describeConflict(entry.conflict!, local, def),
    },
    // The conflict panel says it all, with the two ways out.
    notice: null,
  });
}

export async function onQueue(core: PaneController, e: QueueEvent): Promise<void> {
  if (e.type === 'changed') return core.refreshQueue();
  if (e.entry.workbookId !== core.state.workbookState.workbookId) return;
  const label = TABLE_LABELS[e.entry.table];
  try {
    switch (e.type) {
      case 'sent': {
        const { entry, response } = e;
        const counts = countStatuses(response.rows);
        const changed = counts.inserted + counts.updated + counts.deleted > 0;
        const key = sheetKey(entry.round, entry.table);
        const before = core.state.workbookState.sheets[key];
        const state: WorkbookState = {
          ...core.state.workbookState,
          sheets: {
            ...core.state.workbookState.sheets,
            [key]: {
              version: response.version,
              syncedAt: new Date().toISOString(),
              agency: core.state.me?.agencyId ?? before?.agency ?? '',
            },
          },
        };
        const text = changed
          ? T.sent(label, response.version, describeStatuses(counts))
          : T.sentNothing(label, response.version);
        await core.deps.workbook.saveState(state);
        core.set({
          workbookState: state,
          sync: { table: entry.table, text, flags: response.flags },
          notice: { kind: 'success', text },
        });
        // Reviewers' comments come back with the sheet and go onto their rows.
        const server = await core.deps.api.sheet(entry.round, entry.table).catch(() => null);
        if (server) await core.writeComments(entry.table, server.comments);
        if (entry.table === core.state.table) await core.loadFlags();
        if (server && entry.table === core.state.table)
          core.set({
            comments: server.comments,
            server: serverView(entry.round, entry.table, server, core.def(entry.table).nameKey),
          });
        return;
      }
      case 'signed-out':
        core.set({ notice: { kind: 'warning', text: T.queuedUntilSignIn } });
        return;
      case 'waiting':
        core.set({
          notice: { kind: 'warning', text: T.waiting(Math.max(1, Math.ceil(e.retryInMs / 1000)), e.error.message) },
        });
        return;
      case 'conflict':
        showConflict(core, e.entry);
        return;
      case 'rejected':
        showRejected(core, e.entry.table, e.entry.rows.length, e.error);
        return;
    }
  } catch (err) {
    core.set({ notice: { kind: 'error', text: T.unexpected((err as Error).message) } });
  }
}

/** The service refused the sheet as it is (a sync or its preview): its findings, and why. */
export function showRejected(core: PaneController, table: TableName, rows: number, error: ApiFailure): void {
  const findings = (error.body.findings as (PlacedFinding & { uid: string })[] | undefined) ?? [];
  if (findings.length > 0) {
    const check = core.state.check;
    core.set({
      check: {
        table,
        findings: findings.map((f) => ({
          ...f,
          sheetRow: check?.findings.find((x) => x.uid === f.uid)?.sheetRow ?? f.row,
          col: check?.findings.find((x) => x.uid === f.uid && x.column?.key === f.column?.key)?.col ?? 0,
        })),
        errors: findings.filter((f) => f.severity === 'error').length,
        warnings: findings.filter((f) => f.severity !== 'error').length,
        rows,
        uidCol: check?.uidCol ?? -1,
        fromServer: true,
      },
    });
  }
  core.set({ notice: { kind: 'error', text: T.rejected(error.message) } });
}
