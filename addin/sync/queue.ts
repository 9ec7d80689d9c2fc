/**
 * Syncs wait here until the service has them. Each entry is one whole-sheet PUT with its own
 * Idempotency-Key: resending after a lost answer cannot store it twice. Entries live in
 * IndexedDB, so closing the pane, the workbook or Excel loses nothing; they are sent again when
 * the same workbook is open and the network is back.
 *
 * A newer sync of the same sheet replaces an entry that was never attempted (the sheet is sent
 * whole, so only the latest matters). An entry that was attempted may have reached the service,
 * so it stays, and the newer one waits behind it and takes the version it produced.
 */
import type { TableName } from '../../domain/values.js';
import { type ApiClient, ApiFailure, type SyncRequest, type SyncResponse } from './api.js';
import { backoffMs, DEFAULT_RETRY, isRetryable, type RetryPolicy } from './retry.js';
import type { EntryStore } from './store.js';

/** A row the service changed after our base version (as its 409 answer lists them). */
export type ChangedRow = { uid: string; section: string; code: string; deleted: boolean; version: number } & Record<
  string,
  string | number | boolean | null
>;

export interface Conflict {
  currentVersion: number;
  changedRows: ChangedRow[];
  message: string;
}

export interface QueueEntry {
  id: string;
  workbookId: string;
  round: string;
  table: TableName;
  /** null: the version the previous entry of the same sheet reaches. */
  baseVersion: number | null;
  key: string;
  rows: SyncRequest['rows'];
  createdAt: string;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  conflict: Conflict | null;
}

export type QueueEvent =
  | { type: 'sent'; entry: QueueEntry; response: SyncResponse }
  | { type: 'waiting'; entry: QueueEntry; error: Error; retryInMs: number }
  | { type: 'conflict'; entry: QueueEntry }
  | { type: 'rejected'; entry: QueueEntry; error: ApiFailure }
  | { type: 'signed-out'; entry: QueueEntry; error: ApiFailure }
  | { type: 'changed' };

export interface QueueOptions {
  retry?: RetryPolicy;
  now?: () => number;
  random?: () => number;
}

/** A random id (RFC 4122 v4 layout) that does not need a secure context. */
export function randomId(): string {
  const b = new Uint8Array(16);
  globalThis.crypto.getRandomValues(b);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const sameSheet = (
  a: Pick<QueueEntry, 'workbookId' | 'round' | 'table'>,
  b: Pick<QueueEntry, 'workbookId' | 'round' | 'table'>,
) => a.workbookId === b.workbookId && a.round === b.round && a.table === b.table;

export class SyncQueue {
  private entries: QueueEntry[] = [];
  private loaded: Promise<void> | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<(e: QueueEvent) => void>();
  private readonly retry: RetryPolicy;
  private readonly now: () => number;
  private readonly random: () => number;
  /** Only entries of this workbook are sent (their results are written back into it). */
  private workbookId: string | null = null;

  constructor(
    private readonly store: EntryStore<QueueEntry>,
    private readonly api: Pick<ApiClient, 'putSheet'>,
    options: QueueOptions = {},
  ) {
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  get durable(): boolean {
    return this.store.durable;
  }

  on(listener: (e: QueueEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: QueueEvent): void {
    for (const l of this.listeners) l(e);
  }

  private load(): Promise<void> {
    this.loaded ??= this.store.all().then((all) => {
      this.entries = all.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    });
    return this.loaded;
  }

  /** Entries waiting, in order (all workbooks). */
  async list(): Promise<QueueEntry[]> {
    await this.load();
    return this.entries.map((e) => ({ ...e }));
  }

  /** Send entries of this workbook from now on (and now). */
  async attach(workbookId: string | null): Promise<void> {
    this.workbookId = workbookId;
    await this.load();
    this.emit({ type: 'changed' });
    void this.process();
  }

  /** Queue a sync of a whole sheet and start sending. */
  async enqueue(
    input: Pick<QueueEntry, 'workbookId' | 'round' | 'table' | 'rows'> & { baseVersion: number },
  ): Promise<QueueEntry> {
    await this.load();
    const mine = this.entries.filter((e) => sameSheet(e, input));
    const fresh = mine.find((e) => e.attempts === 0 && e.conflict === null);
    const entry: QueueEntry = {
      id: randomId(),
      ...input,
      baseVersion: mine.length === 0 ? input.baseVersion : fresh ? fresh.baseVersion : null,
      key: randomId(),
      createdAt: new Date(this.now()).toISOString(),
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
      conflict: null,
    };
    // A conflicted entry is superseded by the user's new send: it rebases on the server's version.
    const conflicted = mine.find((e) => e.conflict !== null);
    if (conflicted) entry.baseVersion = conflicted.conflict!.currentVersion;
    for (const old of [fresh, conflicted]) {
      if (!old) continue;
      this.entries = this.entries.filter((e) => e !== old);
      await this.store.delete(old.id);
    }
    this.entries.push(entry);
    await this.store.put(entry);
    this.emit({ type: 'changed' });
    void this.process();
    return entry;
  }

  /**
   * Drop the sends waiting for other workbooks (a copy deleted, renamed or never opened again):
   * only this pane's user decides that, after being told what is lost. Returns how many went.
   */
  async discardOtherWorkbooks(workbookId: string | null): Promise<number> {
    await this.load();
    const gone = this.entries.filter((e) => e.workbookId !== workbookId);
    this.entries = this.entries.filter((e) => e.workbookId === workbookId);
    for (const e of gone) await this.store.delete(e.id);
    this.emit({ type: 'changed' });
    return gone.length;
  }

  /** Try every waiting entry now (the user asked, or the network is back). */
  retryNow(): Promise<void> {
    for (const e of this.entries) e.nextAttemptAt = 0;
    return this.process();
  }

  /** After a conflict: send ours over the server's version, or drop ours (the sheet is reloaded). */
  async resolve(entryId: string, choice: 'resend' | 'drop'): Promise<void> {
    await this.load();
    const entry = this.entries.find((e) => e.id === entryId);
    if (!entry) return;
    if (choice === 'drop') {
      const dropped = this.entries.filter((e) => sameSheet(e, entry));
      this.entries = this.entries.filter((e) => !sameSheet(e, entry));
      for (const e of dropped) await this.store.delete(e.id);
    } else {
      // Send the newest rows of the sheet over the server's version; an older conflicted send goes.
      const newer = this.entries.find((e) => sameSheet(e, entry) && e !== entry);
      const target = newer ?? entry;
      Object.assign(target, {
        baseVersion: entry.conflict!.currentVersion,
        key: randomId(),
        attempts: 0,
        nextAttemptAt: 0,
        lastError: null,
        conflict: null,
      });
      if (newer) {
        this.entries = this.entries.filter((e) => e !== entry);
        await this.store.delete(entry.id);
      }
      await this.store.put(target);
    }
    this.emit({ type: 'changed' });
    await this.process();
  }

  /** Send what is due; one request at a time, sheets in order. Re-entrant calls fold into one run. */
  process(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.load();
          await this.sendDue();
        } while (this.again);
      } finally {
        this.running = null;
        this.schedule();
      }
    })();
    return this.running;
  }

  private async sendDue(): Promise<void> {
    const blocked = new Set<string>();
    const sheetKey = (e: QueueEntry) => `${e.workbookId}|${e.round}|${e.table}`;
    for (const entry of [...this.entries]) {
      if (entry.workbookId !== this.workbookId || blocked.has(sheetKey(entry))) continue;
      if (entry.conflict || entry.nextAttemptAt > this.now()) {
        blocked.add(sheetKey(entry));
        continue;
      }
      if (entry.baseVersion === null) {
        blocked.add(sheetKey(entry)); // its predecessor has not been sent yet
        continue;
      }
      const ok = await this.send(entry);
      if (!ok) blocked.add(sheetKey(entry));
    }
  }

  private async send(entry: QueueEntry): Promise<boolean> {
    entry.attempts++;
    await this.store.put(entry);
    try {
      const response = await this.api.putSheet(
        entry.round,
        entry.table,
        { baseVersion: entry.baseVersion!, rows: entry.rows },
        entry.key,
      );
      this.entries = this.entries.filter((e) => e !== entry);
      await this.store.delete(entry.id);
      const next = this.entries.find((e) => sameSheet(e, entry) && e.baseVersion === null);
      if (next) {
        next.baseVersion = response.version;
        await this.store.put(next);
      }
      this.emit({ type: 'sent', entry, response });
      this.emit({ type: 'changed' });
      return true;
    } catch (e) {
      if (e instanceof ApiFailure && e.code === 'stale_version') {
        const b = e.body as { currentVersion?: number; changedRows?: Conflict['changedRows'] };
        entry.conflict = {
          currentVersion: Number(b.currentVersion ?? 0),
          changedRows: b.changedRows ?? [],
          message: e.message,
        };
        await this.store.put(entry);
        this.emit({ type: 'conflict', entry });
        this.emit({ type: 'changed' });
        return false;
      }
      if (e instanceof ApiFailure && e.status === 401) {
        // No valid token (signed out, or revoked): keep the send until someone signs in again.
        entry.nextAttemptAt = Number.MAX_SAFE_INTEGER;
        entry.lastError = e.message;
        await this.store.put(entry);
        this.emit({ type: 'signed-out', entry, error: e });
        this.emit({ type: 'changed' });
        return false;
      }
      if (isRetryable(e)) {
        const wait = backoffMs(entry.attempts, this.retry, this.random);
        entry.nextAttemptAt = this.now() + wait;
        entry.lastError = (e as Error).message;
        await this.store.put(entry);
        this.emit({ type: 'waiting', entry, error: e as Error, retryInMs: wait });
        this.emit({ type: 'changed' });
        return false;
      }
      // Refused as it is (rows rejected, no right to send…): nothing was stored, so a newer entry
      // of the sheet starts from the same version this one did.
      this.entries = this.entries.filter((x) => x !== entry);
      await this.store.delete(entry.id);
      const next = this.entries.find((x) => sameSheet(x, entry) && x.baseVersion === null);
      if (next) {
        next.baseVersion = entry.baseVersion;
        await this.store.put(next);
      }
      const failure = e instanceof ApiFailure ? e : new ApiFailure(0, 'client_error', (e as Error).message, {});
      this.emit({ type: 'rejected', entry, error: failure });
      this.emit({ type: 'changed' });
      return false;
    }
  }

  /** Wake up for the earliest waiting entry of this workbook. */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const due = this.entries
      .filter(
        (e) =>
          e.workbookId === this.workbookId &&
          !e.conflict &&
          e.baseVersion !== null &&
          e.nextAttemptAt < Number.MAX_SAFE_INTEGER,
      )
      .map((e) => e.nextAttemptAt);
    if (due.length === 0) return;
    const wait = Math.max(0, Math.min(...due) - this.now());
    this.timer = setTimeout(() => void this.process(), wait);
  }

  /** Stop the timer (the pane is closing, or a test ends). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
