/**
 * Sends left waiting by another workbook (a copy deleted or renamed) can be dropped from the
 * pane, after a confirmation that says what is lost; this workbook's own sends stay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueEntry } from '../../addin/sync/queue.js';
import { MemoryStore } from '../../addin/sync/store.js';
import { budgetRowsLedBy, ROUND, type Service, startService } from '../service/harness.js';
import { type PaneRig, startPane } from './pane-harness.js';
import { fakeWorkbook } from './support.js';

const entry = (id: string, workbookId: string): QueueEntry => ({
  id,
  workbookId,
  round: ROUND,
  table: 'budget',
  // Waiting behind a send that is not there: the queue holds it, so the test sees it stay.
  baseVersion: null,
  key: `key-${id}`,
  rows: budgetRowsLedBy('Sở Y tế')
    .slice(0, 2)
    .map((r) => ({ ...r, code: r.code ?? '' })),
  createdAt: '2026-12-01T08:00:00.000Z',
  attempts: 1,
  nextAttemptAt: 0,
  lastError: 'Không kết nối được tới máy chủ TổngHợp.',
  conflict: null,
});

describe('the queue notice of another workbook', () => {
  let s: Service;
  let pane: PaneRig;
  const store = new MemoryStore<QueueEntry>();

  beforeAll(async () => {
    s = await startService('pglite');
    const wb = fakeWorkbook();
    wb.fake.state.wb.settings['tonghop.state'] = { workbookId: 'this-workbook', sheets: {} };
    await store.put(entry('mine', 'this-workbook'));
    await store.put(entry('orphan', 'deleted-copy'));
    pane = await startPane(s, s.tokens.yte, { store, fake: wb, prefs: { table: 'budget', round: ROUND } });
  }, 180_000);
  afterAll(async () => {
    pane?.queue.stop();
    await s?.close();
  });

  it('counts the other workbook’s send apart from this one’s', async () => {
    await pane.until((st) => st.queue.elsewhere === 1, 'the queue view');
    expect(pane.ctl.state.queue).toMatchObject({ mine: 1, elsewhere: 1 });
  });

  it('asks before dropping it, and backing out keeps it', async () => {
    await pane.ctl.discardOrphans('ask');
    expect(pane.ctl.state.queue.confirmDiscard).toBe(true);
    await pane.ctl.discardOrphans(false);
    expect(pane.ctl.state.queue.confirmDiscard).toBe(false);
    expect((await store.all()).map((e) => e.id).sort()).toEqual(['mine', 'orphan']);
  });

  it('confirmed, drops only the other workbook’s send', async () => {
    await pane.ctl.discardOrphans('ask');
    await pane.ctl.discardOrphans(true);
    expect(pane.ctl.state.notice).toEqual({ kind: 'success', text: 'Đã bỏ 1 lần gửi của sổ làm việc khác.' });
    expect(pane.ctl.state.queue).toMatchObject({ mine: 1, elsewhere: 0 });
    expect((await store.all()).map((e) => e.id)).toEqual(['mine']);
  });
});
