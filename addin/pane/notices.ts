/** What the pane says after a check, and what it shows of the waiting queue. */
import type { CheckResult } from '../sheet/check.js';
import type { QueueEntry } from '../sync/queue.js';
import type { Notice, PaneState } from './state.js';
import { T } from './text.js';

export function checkNotice(result: CheckResult): Notice {
  if (result.missing.length > 0) return { kind: 'warning', text: T.missingColumns(result.missing) };
  const badRows = new Set(result.findings.map((f) => f.uid)).size;
  const text =
    result.findings.length === 0
      ? T.checkedClean(result.rows.length)
      : T.checkedSome(result.rows.length, result.errors, result.warnings, badRows);
  const withIds = result.reissued > 0 ? `${text} ${T.reissued(result.reissued)}` : text;
  // A plan cell put back is said first: the user has just typed there and must see why it changed.
  const restored = result.restored.map((m) => m.text).join(' ');
  return {
    kind: result.errors > 0 ? 'error' : result.warnings > 0 || restored ? 'warning' : 'success',
    text: restored ? `${restored} ${withIds}` : withIds,
  };
}

/** Sends waiting for this workbook and for others; when the next attempt is due. */
export function queueView(all: readonly QueueEntry[], workbookId: string | null, durable: boolean): PaneState['queue'] {
  const mine = all.filter((e) => e.workbookId === workbookId && !e.conflict);
  const waiting = mine.filter((e) => e.attempts > 0);
  return {
    mine: mine.length,
    elsewhere: all.filter((e) => e.workbookId !== workbookId).length,
    retryAt: waiting.length ? Math.min(...waiting.map((e) => e.nextAttemptAt)) : null,
    error: waiting[0]?.lastError ?? null,
    durable,
  };
}
