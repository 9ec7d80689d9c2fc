/** The pure sheet model: addresses, layout, rows, marks, the merged grid, what a sync did. */
import { describe, expect, it } from 'vitest';
import { areaAddresses, columnLetter, parseAddress } from '../../addin/sheet/a1.js';
import { sheetColumns } from '../../addin/sheet/columns.js';
import { buildTableSheet, lookupSpec, timeframeChoices } from '../../addin/sheet/layout.js';
import { type CellMark, decodeMarks, desiredMarks, encodeMarks, planMarks } from '../../addin/sheet/marks.js';
import { mergedGrid } from '../../addin/sheet/merged.js';
import { apiRow, readRows } from '../../addin/sheet/rows.js';
import { chunkRows, rowBytes } from '../../addin/sheet/size.js';
import { uidFixes } from '../../addin/sheet/uids.js';
import type { MergedResponse } from '../../addin/sync/api.js';
import { countStatuses, describeConflict, describeStatuses } from '../../addin/sync/summary.js';
import { parseTimeframe, TASK_STATUSES, tableDef } from '../../domain/index.js';
import { layoutInput } from './support.js';

describe('A1 addresses', () => {
  it('names columns and folds cells into the fewest areas', () => {
    expect([0, 25, 26, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
    expect(
      areaAddresses([
        { row: 4, col: 4 },
        { row: 5, col: 4 },
        { row: 6, col: 4 },
        { row: 9, col: 4 },
        { row: 4, col: 1 },
      ]),
    ).toEqual(['B5,E5:E7,E10']);
    expect(
      areaAddresses(
        Array.from({ length: 100 }, (_, i) => ({ row: i * 2, col: 0 })),
        50,
      ).every((a) => a.length <= 50),
    ).toBe(true);
    expect(parseAddress("'PL III - Kinh phí'!$B$2:D9")).toEqual({ row: 1, col: 1, rows: 8, cols: 3 });
  });
});

describe('the table sheet layout', () => {
  const spec = buildTableSheet(layoutInput('budget'), { workbookId: null, sheets: {} }, null, null);

  it('frames the official headers with Mục, comments and the hidden mark and id columns', () => {
    expect(spec.columns.map((c) => c.header)).toEqual([
      'Mục',
      ...tableDef('budget').columns.map((c) => c.header),
      'Ý kiến thẩm định',
      'Dấu kiểm tra',
      'uid',
    ]);
    expect(spec.columns.filter((c) => c.hidden).map((c) => c.header)).toEqual(['Dấu kiểm tra', 'uid']);
    expect(spec.columns.filter((c) => c.format === 'amount')).toHaveLength(6);
    expect(spec.columns.find((c) => c.header === 'TT')!.format).toBe('text');
    expect(spec.titles.map((t) => t.text)).toEqual([
      'Phụ lục III — Tổng hợp kinh phí thực hiện',
      'Đợt thử nghiệm — Sở Y tế',
      'ĐVT: Triệu đồng',
    ]);
    expect(spec.rows).toEqual([spec.columns.map(() => '')]); // a table needs one row
  });

  it('takes dropdowns from ranges of the lookup sheet, strict only for the section', () => {
    const lists = Object.fromEntries(spec.columns.filter((c) => c.list).map((c) => [c.header, c.list]));
    expect(Object.keys(lists)).toEqual(['Mục', 'Cơ quan chủ trì thực hiện', 'Cơ quan phối hợp thực hiện']);
    expect(lists.Mục).toMatchObject({ source: '=TongHop_DanhMuc!$F$2:$F$14', strict: true });
    expect(lists['Cơ quan chủ trì thực hiện']!.strict).toBe(false);
    const tasks = buildTableSheet(layoutInput('tasks'), { workbookId: null, sheets: {} }, null, null);
    expect(tasks.columns.find((c) => c.header === 'Thời gian thực hiện')!.list!.source).toMatch(
      /^=TongHop_DanhMuc!\$B\$2:\$B\$\d+$/,
    );
  });

  it('lists time frames the checks accept, and the statuses as declared once', () => {
    const choices = timeframeChoices({ from: 2026, to: 2030 });
    expect(choices).toContain('Quý IV/2030');
    for (const c of choices) expect(parseTimeframe(c), c).toMatchObject({ ok: true });
    const lookup = lookupSpec(layoutInput('budget'));
    expect(lookup.lists[2]!.items).toEqual([...TASK_STATUSES]);
    expect(lookup.lists[0]!.items.length).toBeGreaterThan(100);
  });
});

describe('reading rows', () => {
  const def = tableDef('budget');
  const headers = sheetColumns(def).map((c) => c.header);

  it('reads by header, skips empty rows, keeps codes as text and blanks as null', () => {
    const moved = [...headers].reverse();
    const row = (o: Record<string, string | number>) => moved.map((h) => o[h] ?? '');
    const read = readRows(
      {
        headers: moved,
        rows: [
          row({ Mục: 'I/A', TT: 1, 'Tên nhiệm vụ/hoạt động/dự án': 'Nhiệm vụ', 'Năm 2026': 5, uid: 'a' }),
          row({ uid: 'b', 'Dấu kiểm tra': 'name:e:-' }),
          row({ TT: '2', 'Tên nhiệm vụ/hoạt động/dự án': 'Ha\u0300 Giang' }),
        ],
      },
      def,
    );
    expect(read.positions).toEqual([0, 2]);
    expect(read.rows[0]).toMatchObject({
      uid: 'a',
      section: 'I/A',
      code: '1',
      name: 'Nhiệm vụ',
      y2026: 5,
      total: null,
    });
    expect(read.rows[1]!.name).toBe('Hà Giang'); // NFC
    expect(apiRow(read.rows[0]!, def)).not.toHaveProperty('_marks');
    expect(read.missing).toEqual([]);
    expect(readRows({ headers: headers.filter((h) => h !== 'Năm 2030'), rows: [] }, def).missing).toEqual(['Năm 2030']);
  });

  it('re-issues the ids of copied rows and gives ids to typed rows', () => {
    let n = 0;
    const fixes = uidFixes([{ uid: 'a' }, { uid: '' }, { uid: 'a' }, { uid: 'b' }], () => `n${++n}`);
    expect(fixes).toEqual([
      { index: 1, uid: 'n1', copy: false },
      { index: 2, uid: 'n2', copy: true },
    ]);
  });
});

describe('marks', () => {
  const def = tableDef('budget');
  const columns = new Map(sheetColumns(def).map((c, i) => [c.key, i]));
  const f = (row: number, key: string | null, severity: 'error' | 'warning', message = 'm') => ({
    row,
    column: key ? { key, header: key } : null,
    severity,
    message,
    suggestion: null,
  });

  it('puts several findings of a cell in one note, the worst severity winning', () => {
    const desired = desiredMarks(
      [f(1, 'lead', 'warning', 'a'), f(1, 'lead', 'error', 'b'), f(2, null, 'warning')],
      [3, 7],
      columns,
      def,
    );
    expect(desired.get(3)!.get(columns.get('lead')!)).toEqual({ severity: 'error', text: 'Cảnh báo: a\nLỗi: b' });
    expect([...desired.get(7)!.keys()]).toEqual([columns.get('name')]); // a whole-row finding marks the name
  });

  it('round-trips what a row records', () => {
    const marks = [
      { key: 'lead', severity: 'error' as const, note: 'abc' },
      { key: 'total', severity: 'warning' as const, note: '-' },
    ];
    expect(decodeMarks(encodeMarks(marks))).toEqual(marks);
    expect(decodeMarks('rác')).toEqual([]);
  });

  it('changes only what differs from the recorded marks', () => {
    const width = sheetColumns(def).length;
    const rows = [Array(width).fill(''), Array(width).fill('')];
    rows[0]![columns.get('_marks')!] = 'lead:e:-;total:w:-';
    const desired = new Map<number, Map<number, CellMark>>([
      [0, new Map([[columns.get('lead')!, { severity: 'error', text: 'x' }]])],
      [1, new Map([[columns.get('name')!, { severity: 'warning', text: 'y' }]])],
    ]);
    const plan = planMarks({ rows, columns, desired, notes: false });
    expect(plan.fills).toEqual([
      { color: null, cells: [{ row: 0, col: columns.get('total') }] },
      { color: '#FFF4CE', cells: [{ row: 1, col: columns.get('name') }] },
    ]);
    expect(plan.columns![0]!.values).toEqual(['lead:e:-', 'name:w:-']);
  });
});

describe('size estimate', () => {
  it('never falls below the UTF-8 size of Vietnamese text and splits under the budget', () => {
    const row = ['Sở Văn hóa, Thể thao và Du lịch', 9615243, ''];
    expect(rowBytes(row)).toBeGreaterThanOrEqual(new TextEncoder().encode(JSON.stringify(row)).length);
    const rows = Array.from({ length: 1000 }, () => row);
    const spans = chunkRows(rows, 10_000);
    expect(spans[0]).toEqual([0, Math.floor(10_000 / rowBytes(row))]);
    expect(spans.at(-1)![1]).toBe(1000);
  });
});

describe('the merged sheet', () => {
  const merged: MergedResponse = {
    table: 'budget',
    period: { from: 2026, to: 2030 },
    title: 'Phụ lục III — Tổng hợp kinh phí thực hiện',
    unit: 'Triệu đồng',
    totals: { grand: { total: 300 }, sections: { I: { total: 300 } } },
    columns: tableDef('budget').columns.map((c) => ({ key: c.key, header: c.header, type: c.type, width: c.width })),
    rows: [
      {
        kind: 'column_numbers',
        section: '',
        code: '',
        cells: Object.fromEntries(tableDef('budget').columns.map((c, i) => [c.key, String(i + 1)])),
        agencyId: null,
        uid: null,
        agencyName: null,
        flagIds: [],
      },
      {
        kind: 'grand_total',
        section: '',
        code: '',
        cells: { total: 300 },
        agencyId: null,
        uid: null,
        agencyName: null,
        flagIds: [],
      },
      {
        kind: 'section',
        section: 'I',
        code: 'I',
        cells: { code: 'I', name: 'HẠ TẦNG SỐ', total: 300 },
        agencyId: null,
        uid: null,
        agencyName: null,
        flagIds: [],
      },
      {
        kind: 'item',
        section: 'I',
        code: '1',
        cells: { name: 'Kho dữ liệu', lead: 'Sở Y tế', total: 300 },
        agencyId: 'so-y-te',
        uid: 'a',
        agencyName: 'Sở Y tế',
        flagIds: ['f'],
      },
    ],
    flags: {
      f: {
        code: 'possible_duplicate',
        severity: 'warning',
        status: 'open',
        message: 'Có thể trùng với nhiệm vụ của Sở Tài chính.',
      },
    },
  };
  const grid = mergedGrid(merged, tableDef('budget'), 'Đợt thử nghiệm', new Date(2026, 2, 5, 9, 7));

  it('is the official layout with the sender and the flags beside each row', () => {
    expect(grid.sheetName).toBe('Tổng hợp PL III - Kinh phí');
    expect(grid.header.slice(-2)).toEqual(['Cơ quan gửi', 'Cảnh báo của hệ thống']);
    expect(grid.rows[1]!.slice(0, 5)).toEqual(['', 'TỔNG CỘNG', '', '', 300]);
    expect(grid.rows[3]!.slice(0, 2)).toEqual(['1', 'Kho dữ liệu']);
    expect(grid.rows[3]!.slice(-2)).toEqual(['Sở Y tế', '• Có thể trùng với nhiệm vụ của Sở Tài chính.']);
    expect(grid.styles).toEqual({ bold: [1, 2], italic: [0], centered: [0] });
    expect(grid.highlights).toEqual([
      {
        row: 3,
        cols: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11],
        color: '#FFF4CE',
        note: '[TổngHợp] Có thể trùng với nhiệm vụ của Sở Tài chính.',
      },
    ]);
    expect(grid.titles[1]!.text).toBe('Đợt thử nghiệm · lấy lúc 9:07 ngày 5/3/2026');
  });

  it('shortens on each row a flag that lists forty agencies, keeping its start', () => {
    const long = `Nhiệm vụ «Kho dữ liệu» do nhiều cơ quan gửi với số tiền khác nhau: ${Array.from({ length: 40 }, (_, i) => `UBND xã số ${i + 1}: ${(i + 1) * 1000} triệu đồng`).join('; ')}.`;
    const wide = mergedGrid(
      { ...merged, flags: { f: { ...merged.flags.f!, message: long } } },
      tableDef('budget'),
      'Đợt thử nghiệm',
      new Date(2026, 2, 5),
    );
    const shown = String(wide.rows[3]!.at(-1));
    expect(long.length).toBeGreaterThan(1000);
    expect(shown.length).toBeLessThan(500);
    expect(shown).toMatch(/^• Nhiệm vụ «Kho dữ liệu» do nhiều cơ quan gửi/);
    expect(shown).toMatch(/… \(xem đầy đủ trong danh sách cảnh báo của đợt\)$/);
    expect(wide.highlights[0]!.note!.length).toBeLessThan(500);
  });
});

describe('what a sync did', () => {
  it('counts and says it in words', () => {
    const c = countStatuses([
      { uid: 'a', status: 'inserted' },
      { uid: 'b', status: 'inserted' },
      { uid: 'c', status: 'unchanged' },
    ]);
    expect(describeStatuses(c)).toBe('2 dòng mới, 1 dòng giữ nguyên');
  });

  it('groups thousands as Vietnamese writes them', () => {
    expect(describeStatuses({ inserted: 0, updated: 0, deleted: 2997, unchanged: 5 })).toBe(
      '2.997 dòng xóa, 5 dòng giữ nguyên',
    );
  });

  it('describes a conflict row by row against the local copy', () => {
    const def = tableDef('budget');
    const lines = describeConflict(
      {
        currentVersion: 4,
        message: '',
        changedRows: [
          { uid: 'a', section: 'I', code: '1', name: 'Tên mới', total: 9615243, deleted: false, version: 4 },
          { uid: 'b', section: 'I', code: '2', name: 'Bị xóa', deleted: true, version: 4 },
          { uid: 'c', section: 'I', code: '3', name: 'Thêm', deleted: false, version: 4 },
        ],
      },
      [
        { uid: 'a', section: 'I', code: '1', name: 'Tên cũ', total: '9.615.243' },
        { uid: 'b', section: 'I', code: '2', name: 'Bị xóa' },
      ],
      def,
    );
    expect(lines.map((l) => l.what)).toEqual([
      'khác bản của bạn ở «Tên nhiệm vụ/hoạt động/dự án»',
      'đã bị xóa trên hệ thống; bản của bạn vẫn còn dòng này',
      'được thêm trên hệ thống; bản của bạn không có dòng này',
    ]);
  });
});
