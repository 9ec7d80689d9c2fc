/**
 * «Gửi chính thức» in the pane against the real service: a sheet with unsent edits is not
 * submitted (what is submitted is what the user sees); a synced one is, the header says so and
 * the button is off; returned with a comment, the header quotes it and the sheet can be submitted
 * again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentServer, stateLine } from '../../addin/pane/server-sheet.js';
import { SHEET_NAMES } from '../../addin/sheet/layout.js';
import { testDatabases } from '../../db/test-databases.js';
import { budgetRowsLedBy, newKey, ROUND, type Service, startService } from '../service/harness.js';
import { type PaneRig, startPane } from './pane-harness.js';

const base = `/api/v1/rounds/${ROUND}/sheets/budget`;
const SHEET = SHEET_NAMES.budget;

describe.each(testDatabases())('«Gửi chính thức» in the pane, on %s', (kind) => {
  let s: Service;
  let pane: PaneRig;
  const rows = budgetRowsLedBy('Sở Y tế');
  const state = async () => (await s.call('GET', `${base}/state`, { token: s.tokens.yte })).body.status.state;

  beforeAll(async () => {
    s = await startService(kind);
    const first = await s.call('PUT', base, {
      token: s.tokens.yte,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 0, rows },
    });
    expect(first.status).toBe(200);
    pane = await startPane(s, s.tokens.yte, { prefs: { table: 'budget', round: ROUND } });
    await pane.ctl.insert();
  }, 180_000);
  afterAll(async () => {
    pane?.queue.stop();
    await s?.close();
  });

  it('refuses to submit while the workbook holds an edit not yet synced, and stores nothing', async () => {
    expect(pane.ctl.canSubmit).toBe(true);
    const original = pane.fake.value(SHEET, 'E5');
    pane.fake.user.type(SHEET, 'E5', 'Sở Tài chính');
    await pane.ctl.submit();
    expect(pane.ctl.state.notice).toEqual({
      kind: 'warning',
      text: 'Chưa gửi chính thức: sổ làm việc còn 1 dòng chưa đồng bộ. Bấm «Đồng bộ» trước, rồi gửi chính thức.',
    });
    expect(await state()).toBe('draft');
    pane.fake.user.type(SHEET, 'E5', original);
  });

  it('submits the synced sheet: the service records it, the header says it, the button is off', async () => {
    await pane.ctl.submit();
    expect(pane.ctl.state.notice?.kind).toBe('success');
    expect(pane.ctl.state.notice?.text).toMatch(/^Đã gửi chính thức phiên bản 1 của bảng\./);
    expect(await state()).toBe('submitted');
    const server = currentServer(pane.ctl.state)!;
    const today = new Date();
    expect(stateLine(server)).toMatch(
      new RegExp(`^Đã gửi chính thức ngày ${today.getDate()}/${today.getMonth() + 1}/${today.getFullYear()}; đang chờ`),
    );
    expect(pane.ctl.canSubmit).toBe(false);
  });

  it('returned with a comment, the header quotes it and the sheet can be submitted again', async () => {
    const back = await s.call('POST', `${base}/return?agency=so-y-te`, {
      token: s.tokens.validator,
      body: { note: 'Đề nghị tách kinh phí năm 2027 theo nguồn vốn' },
    });
    expect(back.status).toBe(200);
    await pane.ctl.refresh();
    const server = currentServer(pane.ctl.state)!;
    expect(stateLine(server)).toBe(
      'Bảng được trả lại để sửa: «Đề nghị tách kinh phí năm 2027 theo nguồn vốn». Sửa, đồng bộ rồi bấm «Gửi chính thức» lại.',
    );
    expect(pane.ctl.canSubmit).toBe(true);
    await pane.ctl.submit();
    expect(await state()).toBe('submitted');
  });
});
