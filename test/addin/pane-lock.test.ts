/**
 * The pane against the real service: what the service holds before the table is inserted, and
 * an accepted sheet locked in the workbook (cells protected, the header naming who accepted it,
 * a sync refused with the 423's message), unlocked again once a coordinator reopens it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentServer, heldLine, isLocked, lockLine } from '../../addin/pane/server-sheet.js';
import { SHEET_NAMES } from '../../addin/sheet/layout.js';
import { testDatabases } from '../../db/test-databases.js';
import { budgetRowsLedBy, newKey, ROUND, type Service, startService } from '../service/harness.js';
import { type PaneRig, startPane } from './pane-harness.js';

const base = `/api/v1/rounds/${ROUND}/sheets/budget`;
const SHEET = SHEET_NAMES.budget;

describe.each(testDatabases())('the pane and a sheet the service holds, on %s', (kind) => {
  let s: Service;
  let pane: PaneRig;
  const rows = budgetRowsLedBy('Sở Y tế');
  const move = (action: string, token: string, note?: string) =>
    s.call('POST', `${base}/${action}?agency=so-y-te`, { token, ...(note ? { body: { note } } : {}) });

  beforeAll(async () => {
    s = await startService(kind);
    const first = await s.call('PUT', base, {
      token: s.tokens.yte,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 0, rows },
    });
    expect(first.status).toBe(200);
    pane = await startPane(s, s.tokens.yte, { prefs: { table: 'budget', round: ROUND } });
  }, 180_000);
  afterAll(async () => {
    pane?.queue.stop();
    await s?.close();
  });

  it('says what the service holds before the table is inserted, not «never synced»', () => {
    expect(pane.ctl.hasTable).toBe(false);
    const held = heldLine(currentServer(pane.ctl.state));
    expect(held).toMatch(new RegExp(`^Máy chủ đang giữ phiên bản 1 của bảng này \\(${rows.length} dòng, gửi lúc `));
    expect(held).not.toContain('Chưa đồng bộ');
  });

  it('locks the cells of an accepted sheet and says who accepted it', async () => {
    await pane.ctl.insert();
    expect(pane.ctl.state.notice?.text).toContain(`cùng ${rows.length} dòng đơn vị đã gửi`);
    expect((await move('submit', s.tokens.yte)).status).toBe(200);
    expect((await move('accept', s.tokens.validator)).status).toBe(200);
    await pane.ctl.refresh();
    const server = currentServer(pane.ctl.state)!;
    expect(isLocked(server)).toBe(true);
    const today = new Date();
    expect(lockLine(server)).toBe(
      `Đã được chấp nhận ngày ${today.getDate()}/${today.getMonth() + 1}/${today.getFullYear()} bởi Chuyên viên thẩm định; liên hệ cán bộ điều phối Sở Khoa học và Công nghệ để mở lại. Các ô của bảng đã được khóa, không sửa được.`,
    );
    expect(pane.fake.sheet(SHEET).protected).toBe(true);
    expect(() => pane.fake.user.type(SHEET, 'G5', 999)).toThrow(/protected/);
  });

  it('a sync of the locked sheet shows the 423 in Vietnamese, and the sheet stays as it was', async () => {
    const before = pane.fake.tableValues('TongHop_budget');
    await pane.ctl.sync();
    await pane.until((st) => st.notice?.kind === 'error', 'the refusal');
    expect(pane.ctl.state.notice!.text).toMatch(
      /^Hệ thống không nhận bảng: Bảng này đã được Chuyên viên thẩm định chấp nhận lúc .* Liên hệ cán bộ điều phối Sở Khoa học và Công nghệ để mở lại bảng\.$/,
    );
    expect(pane.fake.tableValues('TongHop_budget')).toEqual(before);
    expect(pane.fake.sheet(SHEET).protected).toBe(true);
    expect((await s.call('GET', base, { token: s.tokens.yte })).body.version).toBe(1);
  });

  it('reopened by a coordinator, the sheet can be typed into again', async () => {
    expect((await move('reopen', s.tokens.coordinator, 'Bổ sung kinh phí năm 2027')).status).toBe(200);
    await pane.ctl.refresh();
    expect(isLocked(currentServer(pane.ctl.state))).toBe(false);
    expect(pane.fake.sheet(SHEET).protected).toBe(false);
    pane.fake.user.type(SHEET, 'H5', 5);
    expect(pane.fake.value(SHEET, 'H5')).toBe(5);
  });
});
