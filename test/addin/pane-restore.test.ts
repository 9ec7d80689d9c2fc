/**
 * «Khôi phục dòng đã xóa» in the pane: rows a sync removed are listed as the service recorded
 * them, and the ticked ones come back on the service (a versioned sync) and into the workbook's
 * table where the service put them, beside an edit the user has not sent yet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHEET_NAMES } from '../../addin/sheet/layout.js';
import { testDatabases } from '../../db/test-databases.js';
import { budgetRowsLedBy, newKey, ROUND, type Service, startService } from '../service/harness.js';
import { type PaneRig, startPane } from './pane-harness.js';

const base = `/api/v1/rounds/${ROUND}/sheets/budget`;
const SHEET = SHEET_NAMES.budget;
const TABLE = 'TongHop_budget';
const FIRST = 5;
const NAME = 2; // column C
const UID = 13; // column N

describe.each(testDatabases())('restoring removed rows from the pane, on %s', (kind) => {
  let s: Service;
  let pane: PaneRig;
  const rows = budgetRowsLedBy('Sở Khoa học và Công nghệ');
  const bodyRows = () =>
    pane.fake
      .tableValues(TABLE)
      .slice(1)
      .filter((r) => r[UID] !== '');

  beforeAll(async () => {
    s = await startService(kind);
    const first = await s.call('PUT', base, {
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 0, rows },
    });
    expect(first.status).toBe(200);
    pane = await startPane(s, s.tokens.coordinator, { prefs: { table: 'budget', round: ROUND } });
    await pane.ctl.insert();
    // Two rows cleared by mistake, and sent after the warning.
    for (const r of [FIRST + 1, FIRST + 2]) pane.fake.user.type(SHEET, `A${r}`, [new Array(14).fill('')]);
    await pane.ctl.sync();
    expect(pane.ctl.state.preview?.removal?.count).toBe(2);
    await pane.ctl.confirmPreview();
    await pane.until((st) => st.notice?.text.includes('phiên bản 2') ?? false, 'the removal');
  }, 180_000);
  afterAll(async () => {
    pane?.queue.stop();
    await s?.close();
  });

  it('lists the removed rows with who removed them and when', async () => {
    await pane.ctl.showRemoved();
    const listed = pane.ctl.state.removed!;
    expect(listed.rows.map((r) => r.uid).sort()).toEqual([rows[1]!.uid, rows[2]!.uid].sort());
    const second = listed.rows.find((r) => r.uid === rows[2]!.uid)!;
    expect(second.label).toBe(`${rows[2]!.section} · ${rows[2]!.code} · ${rows[2]!.name}`);
    expect(second.removedBy).toBe('Chuyên viên điều phối');
  });

  it('brings the ticked row back on the service and into the sheet, keeping an unsent edit', async () => {
    pane.fake.user.type(SHEET, `E${FIRST}`, 'Sở Tài chính');
    pane.ctl.toggleRemoved(rows[2]!.uid, true);
    await pane.ctl.restoreRemoved();
    expect(pane.ctl.state.notice?.text).toBe(
      'Đã khôi phục 1 dòng vào bảng trên hệ thống (phiên bản 3) và vào sổ làm việc.',
    );
    expect(pane.ctl.state.removed).toBeNull();
    const server = await s.call('GET', base);
    expect(server.body.version).toBe(3);
    expect(server.body.rows.map((r: any) => r.uid)).toEqual([rows[0]!.uid, ...rows.slice(2).map((r) => r.uid)]);
    const local = bodyRows();
    expect(local.map((r) => r[UID])).toEqual(server.body.rows.map((r: any) => r.uid));
    expect(local[1]![NAME]).toBe(rows[2]!.name);
    expect(local[0]![4]).toBe('Sở Tài chính');
    expect(pane.ctl.state.workbookState.sheets[`${ROUND}:budget`]?.version).toBe(3);
  });

  it('the next sync sends only the unsent edit', async () => {
    await pane.ctl.sync();
    expect(pane.ctl.state.preview?.summary).toBe('Sẽ gửi: 1 dòng sửa.');
    pane.ctl.cancelPreview();
  });

  it('a restore on a version the workbook has not seen is refused and changes nothing', async () => {
    const current = (await s.call('GET', base)).body;
    const moved = await s.call('PUT', base, {
      headers: { 'idempotency-key': newKey() },
      body: {
        baseVersion: current.version,
        rows: current.rows.map(({ findings: _f, ...r }: any) => r).slice(0, -1),
      },
    });
    expect(moved.status).toBe(200);
    await pane.ctl.showRemoved();
    pane.ctl.toggleRemoved(rows[1]!.uid, true);
    const before = pane.fake.tableValues(TABLE);
    await pane.ctl.restoreRemoved();
    expect(pane.ctl.state.notice).toMatchObject({ kind: 'error' });
    expect(pane.ctl.state.notice!.text).toMatch(/^Chưa khôi phục: bảng trên hệ thống đã thay đổi/);
    expect(pane.fake.tableValues(TABLE)).toEqual(before);
    expect((await s.call('GET', base)).body.version).toBe(moved.body.version);
  });
});
