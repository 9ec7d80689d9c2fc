/**
 * «Đồng bộ» shows the service's dry run first: counts, the rows it would remove (loudly when
 * many), the changed cells (clicking one selects it), «Gửi» / «Hủy»; the per-user setting lets
 * small syncs go at once, never a removal. Real rows of plan 003 (SKH&CN's budget lines), the
 * real service on both databases, the fake Excel host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStrongRemoval, summaryText } from '../../addin/pane/preview.js';
import { SHEET_NAMES } from '../../addin/sheet/layout.js';
import { testDatabases } from '../../db/test-databases.js';
import { budgetRowsLedBy, dumpDatabase, newKey, ROUND, type Service, startService } from '../service/harness.js';
import { type PaneRig, startPane } from './pane-harness.js';

const base = `/api/v1/rounds/${ROUND}/sheets/budget`;
const SHEET = SHEET_NAMES.budget;
const FIRST = 5; // titles, unit and header above
const COLS = 14; // Mục … uid

describe.each(testDatabases())('the preview before a sync, on %s', (kind) => {
  let s: Service;
  let pane: PaneRig;
  const rows = budgetRowsLedBy('Sở Khoa học và Công nghệ');
  const version = async () => (await s.call('GET', base)).body.version as number;
  const clearRow = (sheetRow: number) => pane.fake.user.type(SHEET, `A${sheetRow}`, [new Array(COLS).fill('')]);

  beforeAll(async () => {
    s = await startService(kind);
    const first = await s.call('PUT', base, {
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 0, rows },
    });
    expect(first.status).toBe(200);
    pane = await startPane(s, s.tokens.coordinator, { prefs: { table: 'budget', round: ROUND } });
    await pane.ctl.insert();
    expect(pane.fake.tableValues('TongHop_budget').length).toBe(rows.length + 1);
  }, 180_000);
  afterAll(async () => {
    pane?.queue.stop();
    await s?.close();
  });

  it('shows what the sync would do, and stores nothing until «Gửi»', async () => {
    pane.fake.user.type(SHEET, `E${FIRST}`, 'Sở Tài chính');
    clearRow(FIRST + 1);
    pane.fake.user.type(SHEET, `A${FIRST + rows.length}`, [
      [
        'II/A',
        '99',
        'Xây dựng nền tảng dữ liệu khoa học và công nghệ dùng chung',
        'Sở Khoa học và Công nghệ',
        '',
        300,
        100,
        100,
        100,
        '',
        '',
      ],
    ]);
    const before = await dumpDatabase(s.db);
    await pane.ctl.sync();
    const p = pane.ctl.state.preview!;
    expect(p).not.toBeNull();
    expect(p.summary).toBe('Sẽ gửi: 1 dòng mới, 1 dòng sửa, 1 dòng xóa.');
    expect(p.removal).toEqual({
      count: 1,
      of: rows.length,
      strong: false,
      rows: [
        `${rows[1]!.section} · ${rows[1]!.code} · ${rows[1]!.name!.slice(0, 67)}${rows[1]!.name!.length > 70 ? '…' : ''}`,
      ],
    });
    const partners = p.cells.find((c) => c.key === 'partners')!;
    expect(partners).toMatchObject({ uid: rows[0]!.uid, sheetRow: FIRST });
    expect(partners.text).toBe(`«Cơ quan phối hợp thực hiện»: ${rows[0]!.partners || '(trống)'} → Sở Tài chính`);
    expect(p.cells.find((c) => c.text.startsWith('dòng mới: II/A · 99 · Xây dựng nền tảng'))?.sheetRow).toBe(
      FIRST + rows.length,
    );
    expect(await dumpDatabase(s.db)).toBe(before);
    await pane.ctl.selectRow(partners.uid, partners.key);
    expect(pane.fake.state.wb.selection).toMatchObject({ address: `'${SHEET}'!E${FIRST}` });
  });

  it('«Gửi» sends exactly what was previewed, and the sync does what the preview said', async () => {
    await pane.ctl.confirmPreview();
    await pane.until((st) => st.notice?.kind === 'success', 'the sync');
    expect(pane.ctl.state.notice!.text).toBe(
      `Đã đồng bộ «Phụ lục III — Tổng hợp kinh phí thực hiện» — phiên bản 2: 1 dòng mới, 1 dòng sửa, 1 dòng xóa, ${rows.length - 2} dòng giữ nguyên.`,
    );
    expect(pane.ctl.state.preview).toBeNull();
    expect(await version()).toBe(2);
  });

  it('«Hủy» sends nothing', async () => {
    pane.fake.user.type(SHEET, `E${FIRST}`, 'Sở Y tế');
    await pane.ctl.sync();
    expect(pane.ctl.state.preview?.summary).toBe('Sẽ gửi: 1 dòng sửa.');
    pane.ctl.cancelPreview();
    expect(pane.ctl.state.preview).toBeNull();
    expect(pane.ctl.state.notice?.text).toBe(
      'Chưa gửi: bảng trong sổ làm việc giữ nguyên, trên hệ thống không có gì thay đổi.',
    );
    expect(await version()).toBe(2);
  });

  it('with the setting off, a small sync goes at once; the choice is kept for the user', async () => {
    pane.ctl.setPreviewSmall(false);
    expect(pane.prefs.values.previewSmall).toBe('0');
    await pane.ctl.sync();
    expect(pane.ctl.state.preview).toBeNull();
    await pane.until((st) => st.notice?.text.includes('phiên bản 3') ?? false, 'the direct sync');
    expect(await version()).toBe(3);
  });

  it('a removal asks first even with the setting off, loudly above a tenth of the sheet', async () => {
    for (const r of [FIRST + 2, FIRST + 3, FIRST + 4]) clearRow(r);
    const before = await dumpDatabase(s.db);
    await pane.ctl.sync();
    const p = pane.ctl.state.preview!;
    expect(p.removal).toMatchObject({ count: 3, of: rows.length, strong: true });
    expect(p.removal!.rows).toHaveLength(3);
    expect(p.summary).toBe('Sẽ gửi: 3 dòng xóa.');
    expect(await dumpDatabase(s.db)).toBe(before);
    pane.ctl.cancelPreview();
  });
});

describe('the preview’s words', () => {
  const counts = { new: 0, changed: 0, unchanged: 0, removed: 0, restored: 0 };
  it('counts as Vietnamese writes them, with the flags it would raise or resolve', () => {
    expect(summaryText({ ...counts, new: 3, changed: 5, removed: 1 }, 2, 0)).toBe(
      'Sẽ gửi: 3 dòng mới, 5 dòng sửa, 1 dòng xóa; 2 cảnh báo mới.',
    );
    expect(summaryText({ ...counts, unchanged: 5, removed: 2997 }, 0, 1)).toBe(
      'Sẽ gửi: 2.997 dòng xóa; 1 cảnh báo được giải quyết.',
    );
  });
  it('warns loudly above 20 rows or a tenth of the sheet', () => {
    expect(isStrongRemoval({ ...counts, unchanged: 1000, removed: 20 })).toBe(false);
    expect(isStrongRemoval({ ...counts, unchanged: 1000, removed: 21 })).toBe(true);
    expect(isStrongRemoval({ ...counts, unchanged: 13, removed: 2 })).toBe(true);
    expect(isStrongRemoval({ ...counts, unchanged: 19, removed: 2 })).toBe(false);
  });
});
