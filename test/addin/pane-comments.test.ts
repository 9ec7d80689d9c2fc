/**
 * A reviewer's comment in the pane names its row (section, code, name), and the agency answers
 * it from the pane: «Đã sửa» goes to the service and comes back onto the row's comment cell.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownFlags } from '../../addin/pane/own-flags.js';
import { SHEET_NAMES } from '../../addin/sheet/layout.js';
import type { Flag } from '../../addin/sync/api.js';
import { testDatabases } from '../../db/test-databases.js';
import { budgetRowsLedBy, newKey, ROUND, type Service, startService } from '../service/harness.js';
import { type PaneRig, startPane } from './pane-harness.js';

const NOTE = 'Đề nghị chuyển dòng này cho Sở Tài chính gửi.';

describe.each(testDatabases())('comments and answers in the pane, on %s', (kind) => {
  let s: Service;
  let pane: PaneRig;
  let flagId = '';
  const foreign: Record<string, string> & { uid: string; section: string } = {
    ...budgetRowsLedBy('Sở Tài chính')[0]!,
    uid: 'yte-tc-1',
    // Neither its lead nor a partner: the flag «not involved» is raised on it.
    partners: '',
  };
  const rows = [...budgetRowsLedBy('Sở Y tế'), foreign];

  beforeAll(async () => {
    s = await startService(kind);
    const synced = await s.call('PUT', `/api/v1/rounds/${ROUND}/sheets/budget`, {
      token: s.tokens.yte,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 0, rows },
    });
    expect(synced.status).toBe(200);
    const flags = await s.call('GET', `/api/v1/rounds/${ROUND}/flags?code=submitter_not_involved`, {
      token: s.tokens.validator,
    });
    flagId = flags.body.flags.find((f: any) => f.rows.some((r: any) => r.uid === foreign.uid)).id;
    await s.call('POST', `/api/v1/rounds/${ROUND}/flags/${flagId}/review`, {
      token: s.tokens.validator,
      body: { action: 'return', note: NOTE },
    });
    pane = await startPane(s, s.tokens.yte, { prefs: { table: 'budget', round: ROUND } });
    await pane.ctl.insert();
  }, 180_000);
  afterAll(async () => {
    pane?.queue.stop();
    await s?.close();
  });

  it('names the row a comment is about', () => {
    const [comment] = pane.ctl.state.comments;
    expect(comment).toMatchObject({ uid: foreign.uid, body: NOTE, flagId });
    expect(pane.ctl.state.server!.labels[foreign.uid]).toBe(`${foreign.section} · ${foreign.code} · ${foreign.name}`);
  });

  it('lists the flag on the agency’s own row with its severity, and keeps it after «Làm mới»', async () => {
    const listed = () => pane.ctl.state.flags!.items.find((f) => f.id === flagId);
    expect(listed()).toMatchObject({ severity: 'warning', uids: [foreign.uid] });
    await pane.ctl.refresh();
    expect(listed()).toMatchObject({ severity: 'warning', uids: [foreign.uid] });
    await pane.ctl.selectRow(foreign.uid, pane.ctl.nameKey);
    expect(pane.fake.state.wb.selection).toMatchObject({ address: `'${SHEET_NAMES.budget}'!C7` });
  });

  it('answers «Đã sửa»: stored on the service, back on the row’s comment cell', async () => {
    await pane.ctl.replyToComment(flagId, '', true);
    expect(pane.ctl.state.notice).toEqual({
      kind: 'success',
      text: 'Đã gửi trả lời; chuyên viên thẩm định xem được trên trang của cảnh báo.',
    });
    expect(pane.ctl.state.comments.map((c) => [c.author, c.body])).toEqual([
      ['Chuyên viên thẩm định', NOTE],
      ['Sở Y tế', 'Đã sửa'],
    ]);
    const cell = String(pane.fake.tableValues('TongHop_budget')[3]![11]);
    expect(cell).toContain(NOTE);
    expect(cell).toMatch(/Sở Y tế \(\d+\/\d+\/\d{4}\): Đã sửa$/);
    expect(SHEET_NAMES.budget).toBe('PL III - Kinh phí');
  });
});

describe('which flags an account is shown', () => {
  const flag = (id: string, rows: Flag['rows'], table: string | null = 'budget'): Flag => ({
    id,
    code: 'conflicting_amounts',
    severity: 'warning',
    table,
    agencyIds: [...new Set(rows.map((r) => r.agencyId))],
    rows,
    message: id,
    figures: {},
    status: 'open',
    reviewNote: null,
    reviewedBy: null,
    reviewedAt: null,
    updatedAt: '2026-12-08T00:00:00.000Z',
  });
  const row = (uid: string, agencyId: string) => ({ table: 'budget', uid, agencyId, section: 'I/A', code: '1' });
  const flags = [
    flag('two-agencies', [row('a', 'so-y-te'), row('b', 'so-tai-chinh')]),
    flag('province-total', [], null),
    flag('other-agency', [row('c', 'so-tai-chinh')]),
  ];
  it('an agency sees the flags on its own rows, on those rows only; no province-wide total', () => {
    expect(ownFlags(flags, 'budget', { role: 'agency', agencyId: 'so-y-te' })).toEqual([
      { id: 'two-agencies', severity: 'warning', message: 'two-agencies', uids: ['a'] },
    ]);
  });
  it('a coordinator sees them all, the province-wide ones included', () => {
    expect(ownFlags(flags, 'budget', { role: 'coordinator', agencyId: 'so-khcn' }).map((f) => [f.id, f.uids])).toEqual([
      ['two-agencies', ['a', 'b']],
      ['province-total', []],
      ['other-agency', ['c']],
    ]);
  });
});
