/**
 * The whole task pane without a DOM: the real controller, the real adapter over the fake Excel
 * host, the real queue (in memory) and the real API client talking to the Hono app over a real
 * database (test/service/harness.ts).
 */

import { PaneController } from '../../addin/pane/controller.js';
import type { Prefs } from '../../addin/pane/state.js';
import { ApiClient } from '../../addin/sync/api.js';
import { type QueueEntry, SyncQueue } from '../../addin/sync/queue.js';
import { MemoryStore } from '../../addin/sync/store.js';
import type { Service } from '../service/harness.js';
import { fakeWorkbook } from './support.js';

export function memoryPrefs(
  token: string,
  values: Record<string, string> = {},
): Prefs & { values: Record<string, string> } {
  let kept: string | null = token;
  return {
    values,
    token: () => kept,
    setToken: (t) => {
      kept = t;
    },
    clearToken: () => {
      kept = null;
    },
    get: (key) => values[key] ?? null,
    set: (key, value) => {
      values[key] = value;
    },
  };
}

export interface PaneRig {
  ctl: PaneController;
  fake: ReturnType<typeof fakeWorkbook>['fake'];
  queue: SyncQueue;
  store: MemoryStore<QueueEntry>;
  prefs: ReturnType<typeof memoryPrefs>;
  /** Wait until the controller's state passes `test` (the queue sends in the background). */
  until(test: (s: PaneController['state']) => boolean, what: string): Promise<void>;
}

/** A pane signed in with `token`, with the round of the service harness picked. */
export async function startPane(
  s: Service,
  token: string,
  options: {
    prefs?: Record<string, string>;
    store?: MemoryStore<QueueEntry>;
    fake?: ReturnType<typeof fakeWorkbook>;
  } = {},
): Promise<PaneRig> {
  const { fake, workbook } = options.fake ?? fakeWorkbook();
  const prefs = memoryPrefs(token, { liveCheck: '0', ...options.prefs });
  const api = new ApiClient('http://pane.test/', prefs.token, async (url, init) => s.app.request(url, init));
  const store = options.store ?? new MemoryStore<QueueEntry>();
  const queue = new SyncQueue(store, api, { retry: { baseMs: 20, maxMs: 80 } });
  const ctl = new PaneController({ workbook, api, queue, prefs, liveDelayMs: 10_000 });
  await ctl.start();
  const until = async (test: (st: PaneController['state']) => boolean, what: string) => {
    const deadline = Date.now() + 10_000;
    while (!test(ctl.state)) {
      if (Date.now() > deadline)
        throw new Error(
          `waited for ${what}; the pane says ${JSON.stringify(ctl.state.notice)} (busy ${ctl.state.busy})`,
        );
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { ctl, fake, queue, store, prefs, until };
}
