/**
 * The task pane's entry point: start inside Excel, then wire the workbook adapter, the API
 * client on the service's own origin and the persistent sync queue into the pane.
 */
import { documentSettings, ExcelWorkbook } from './excel/adapter.js';
import { startInExcel } from './excel/office.js';
import { mountPane, mountUnsupported } from './pane/app.js';
import { PaneController } from './pane/controller.js';
import { browserPrefs } from './pane/prefs.js';
import { ApiClient } from './sync/api.js';
import { type QueueEntry, SyncQueue } from './sync/queue.js';
import { queueStore } from './sync/store.js';

/** The pane is served at `<service>/addin/taskpane.html`; the API lives at `<service>/api/v1/`. */
export const serviceBase = (href: string) => new URL('../', href).toString();

async function main(): Promise<void> {
  const root = document.getElementById('app')!;
  const start = await startInExcel();
  if (!start.ok) {
    mountUnsupported(root, start.reason);
    return;
  }
  const prefs = browserPrefs();
  const api = new ApiClient(serviceBase(location.href), prefs.token);
  const params = new URLSearchParams(location.search);
  const baseMs = Number(params.get('retryBaseMs'));
  const queue = new SyncQueue(
    queueStore<QueueEntry>(),
    api,
    baseMs > 0 ? { retry: { baseMs, maxMs: baseMs * 8 } } : {},
  );
  const workbook = new ExcelWorkbook(start.capabilities, documentSettings());
  const ctl = new PaneController({ workbook, api, queue, prefs });
  mountPane(root, ctl);
  addEventListener('online', () => void queue.retryNow());
  await ctl.start();
}

main().catch((e: unknown) => {
  const root = document.getElementById('app');
  if (root) mountUnsupported(root, `TổngHợp không khởi động được: ${(e as Error).message}`);
});
