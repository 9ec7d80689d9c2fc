/**
 * The adapter (addin/excel/) driven against the fake Excel host, which enforces what Excel does:
 * payload caps, value shapes, null meaning "unchanged", text typed into General cells turning
 * into numbers, one note per cell.
 */
import { describe, expect, it } from 'vitest';
import { planCheck } from '../../addin/sheet/check.js';
import { planComments } from '../../addin/sheet/comments.js';
import { buildTableSheet, excelTableName, type LayoutInput } from '../../addin/sheet/layout.js';
import { emptyState } from '../../addin/sheet/port.js';
import type { SheetRowValues } from '../../addin/sheet/rows.js';
import { tableDef } from '../../domain/index.js';
import { demoItems } from '../../service/demo/demo-round.js';
import { checkSetup, fakeWorkbook, layoutInput, sheetRows } from './support.js';

const SHEET = 'PL III - Kinh phí';
const TABLE = excelTableName('budget');
const state = { workbookId: 'wb-1', sheets: {} };

const row = (uid: string, cells: Partial<Record<string, string | number>>): SheetRowValues => ({
  uid,
  section: 'I/A',
  ...cells,
});
const clean = (uid: string, code: string, name: string) =>
  row(uid, { code, name, lead: 'Sở Y tế', total: 100, y2026: 100 });

async function inserted(
  rows: SheetRowValues[] | null,
  options: Parameters<typeof fakeWorkbook>[0] = {},
  input: LayoutInput = layoutInput('budget'),
) {
  const env = fakeWorkbook(options);
  const result = await env.workbook.insertTable(TABLE, (existing) => buildTableSheet(input, state, existing, rows));
  return { ...env, result };
}

describe('inserting a table', () => {
  it('writes values first, then makes one Excel table over them, with text columns stored as text', async () => {
    const { fake, result } = await inserted([
      row('a', { code: '2.10', name: 'Nhiệm vụ', lead: 'Sở Y tế', total: 1500.5, y2026: '1.500,5' }),
    ]);
    expect(result).toEqual({ mode: 'created', sheetName: SHEET, rows: 1 });
    const t = fake.table(TABLE);
    expect({ row: t.row, rows: t.rows, cols: t.cols }).toEqual({ row: 3, rows: 2, cols: 14 });
    expect(fake.value(SHEET, 'B5')).toBe('2.10'); // a General cell would have made it 2.1
    expect(fake.value(SHEET, 'F5')).toBe(1500.5); // numbers stay numbers
    expect(fake.value(SHEET, 'G5')).toBe('1.500,5'); // as the user typed it: the checks read it
    expect(fake.cell(SHEET, 'F5').f).toBe('#,##0');
    // Calculation and screen updating were suspended for every write request.
    expect(fake.stats.suspendCalculation).toBeGreaterThan(0);
    expect(fake.stats.suspendScreen).toBe(fake.stats.suspendCalculation);
    expect(fake.sheet('TongHop_DanhMuc').visibility).toBe('Hidden');
    expect(fake.value('TongHop_DanhMuc', 'B1')).toBe('Thời gian thực hiện');
    expect(fake.state.wb.settings['tonghop.state']).toEqual(state);
  });

  it('re-inserting refreshes the look and keeps every row as it is', async () => {
    const { fake, workbook } = await inserted([clean('a', '1', 'Một'), clean('b', '2', 'Hai')]);
    fake.user.type(SHEET, 'C6', 'Hai (đã sửa)');
    const again = await workbook.insertTable(TABLE, (existing) =>
      buildTableSheet(layoutInput('budget'), state, existing, null),
    );
    expect(again).toEqual({ mode: 'refreshed', sheetName: SHEET, rows: 2 });
    expect(fake.tableValues(TABLE).map((r) => r[2])).toEqual(['Tên nhiệm vụ/hoạt động/dự án', 'Một', 'Hai (đã sửa)']);
  });

  it('rebuilds a table whose columns changed, carrying every row over by header', async () => {
    const { fake, workbook } = await inserted([clean('a', '1', 'Một'), clean('b', '2', 'Hai')]);
    // A plan period of 2026–2031 adds a year column: the layout changes under existing rows.
    const longer = { ...layoutInput('budget'), period: { from: 2026, to: 2031 } };
    const result = await workbook.insertTable(TABLE, (existing) => buildTableSheet(longer, state, existing, null));
    expect(result).toEqual({ mode: 'rebuilt', sheetName: SHEET, rows: 2 });
    const values = fake.tableValues(TABLE);
    expect(values[0]).toContain('Năm 2031');
    expect(values.slice(1).map((r) => [r[2], r[3], r[values[0]!.indexOf('uid')]])).toEqual([
      ['Một', 'Sở Y tế', 'a'],
      ['Hai', 'Sở Y tế', 'b'],
    ]);
    expect(fake.sheetNames()).toEqual(['Sheet1', SHEET, 'TongHop_DanhMuc']); // in its old place
  });

  it('does not take over a sheet of the same name that is not ours', async () => {
    const env = fakeWorkbook();
    env.fake.state.wb.sheets[0]!.name = SHEET;
    const result = await env.workbook.insertTable(TABLE, (existing) =>
      buildTableSheet(layoutInput('budget'), state, existing, null),
    );
    expect(result.sheetName).toBe(`${SHEET} (2)`);
  });
});

describe('checking', () => {
  const mistakes = [
    row('a', {
      code: '1',
      name: 'Xây dựng kho dữ liệu',
      lead: 'Sở Y tê',
      partners: 'Sở KH&CN',
      total: 300,
      y2026: 100,
      y2027: 100,
      y2028: 50,
    }),
    clean('b', '2', 'Đào tạo nhân lực'),
  ];

  it('marks each cell with a finding (fill and note) and lists where it is', async () => {
    const { fake, workbook } = await inserted(mistakes);
    const result = await workbook.patchTable(TABLE, (snap) => planCheck(snap, checkSetup('budget'), { force: true }));
    expect(result!.findings.map((f) => [f.sheetRow, f.column?.key, f.code])).toEqual([
      [5, 'lead', 'unknown_agency'],
      [5, 'partners', 'agency_alias'],
      [5, 'total', 'sum_mismatch'],
    ]);
    expect([
      fake.cell(SHEET, 'D5').fill,
      fake.cell(SHEET, 'E5').fill,
      fake.cell(SHEET, 'F5').fill,
      fake.cell(SHEET, 'C5').fill,
    ]).toEqual(['#FDE7E9', '#FFF4CE', '#FDE7E9', undefined]);
    expect(Object.keys(fake.notes(SHEET)).sort()).toEqual(['4,3', '4,4', '4,5']);
  });

  it('clears exactly its own marks once fixed, leaving a note the user wrote', async () => {
    const { fake, workbook } = await inserted(mistakes);
    await workbook.patchTable(TABLE, (snap) => planCheck(snap, checkSetup('budget')));
    fake.sheet(SHEET).notes['5,2'] = 'Ghi chú của chị Lan';
    fake.user.type(SHEET, 'D5', 'Sở Y tế');
    fake.user.type(SHEET, 'F5', 250);
    const result = await workbook.patchTable(TABLE, (snap) => planCheck(snap, checkSetup('budget')));
    expect(result!.findings.map((f) => f.code)).toEqual(['agency_alias']);
    expect(fake.cell(SHEET, 'D5').fill).toBeUndefined();
    expect(fake.cell(SHEET, 'F5').fill).toBeUndefined();
    expect(fake.notes(SHEET)).toEqual({
      '4,4': expect.stringMatching(/^\[TổngHợp\] Cảnh báo/),
      '5,2': 'Ghi chú của chị Lan',
    });
  });

  it('names the other row of a repeat by its Excel row number, as the pane heads each group', async () => {
    const { workbook } = await inserted([
      clean('a', '1', 'Xây dựng kho dữ liệu'),
      clean('b', '2', 'Đào tạo nhân lực'),
      clean('c', '1', 'Số hoá hồ sơ bệnh án'),
    ]);
    const result = await workbook.patchTable(TABLE, (snap) => planCheck(snap, checkSetup('budget')));
    const repeat = result!.findings.find((f) => f.code === 'numbering')!;
    expect(repeat.sheetRow).toBe(7);
    expect(repeat.message).toBe('Số thứ tự «1» bị trùng với dòng 5.');
  });

  it('costs one Excel.run of three requests: the read, the writes with the note look-ups, the notes', async () => {
    const { fake, workbook } = await inserted(mistakes);
    fake.resetStats();
    await workbook.patchTable(TABLE, (snap) => planCheck(snap, checkSetup('budget'), { force: true }));
    expect({ runs: fake.stats.runs, syncs: fake.stats.syncs }).toEqual({ runs: 1, syncs: 3 });
  });

  it('a second check with nothing changed writes nothing but the forced fills', async () => {
    const { fake, workbook } = await inserted(mistakes);
    await workbook.patchTable(TABLE, (snap) => planCheck(snap, checkSetup('budget')));
    fake.resetStats();
    await workbook.patchTable(TABLE, (snap) => planCheck(snap, checkSetup('budget')));
    expect(fake.stats.syncs).toBe(1); // the read; no write request at all
  });

  it('never writes over a note the user put on a cell it marks', async () => {
    const { fake, workbook } = await inserted(mistakes);
    fake.sheet(SHEET).notes['4,3'] = 'Chờ xác nhận tên cơ quan';
    await workbook.patchTable(TABLE, (snap) => planCheck(snap, checkSetup('budget')));
    expect(fake.notes(SHEET)['4,3']).toBe('Chờ xác nhận tên cơ quan');
    expect(fake.cell(SHEET, 'D5').fill).toBe('#FDE7E9');
  });

  it('without notes (ExcelApi below 1.18) marks by fill alone', async () => {
    const { fake, workbook } = await inserted(mistakes, { apiVersion: '1.9' });
    const result = await workbook.patchTable(TABLE, (snap) => planCheck(snap, checkSetup('budget', false)));
    expect(result!.errors).toBe(2);
    expect(fake.cell(SHEET, 'D5').fill).toBe('#FDE7E9');
    expect(fake.notes(SHEET)).toEqual({});
  });

  it('applies a suggestion and re-checks in the same run', async () => {
    const { fake, workbook } = await inserted(mistakes);
    const first = await workbook.patchTable(TABLE, (snap) => planCheck(snap, checkSetup('budget')));
    const lead = first!.findings.find((f) => f.code === 'unknown_agency')!;
    fake.resetStats();
    const after = await workbook.patchTable(TABLE, (snap) =>
      planCheck(snap, checkSetup('budget'), { edits: [{ uid: lead.uid, key: 'lead', value: lead.suggestion! }] }),
    );
    expect(fake.stats.runs).toBe(1);
    expect(fake.value(SHEET, 'D5')).toBe('Sở Y tế');
    expect(after!.findings.map((f) => f.code)).toEqual(['agency_alias', 'sum_mismatch']);
  });

  it('gives typed rows an id and copied rows a new one, and skips empty rows', async () => {
    const { fake, workbook } = await inserted([clean('a', '1', 'Một')]);
    const copy = fake.tableValues(TABLE)[1]!;
    fake.user.type(SHEET, 'A6', [copy.map((v, i) => (i === 1 ? '2' : i === 2 ? 'Hai' : v))]);
    fake.user.type(SHEET, 'A7', [['I/A', '3', 'Ba', 'Sở Y tế', '', 10, 10]]);
    fake.user.type(SHEET, 'A8', [['', '', '', '', '', '', '', '', '', '', '', '', '', '']]);
    const result = await workbook.patchTable(TABLE, (snap) => planCheck(snap, checkSetup('budget')));
    expect(result!.rows.map((r) => r.code)).toEqual(['1', '2', '3']);
    expect(result!.reissued).toBe(1);
    const uids = fake
      .tableValues(TABLE)
      .slice(1, 4)
      .map((r) => r[13]);
    expect(uids[0]).toBe('a');
    expect(new Set(uids).size).toBe(3);
    expect(uids.every((u) => typeof u === 'string' && u.length > 0)).toBe(true);
  });
});

describe('comments and selection', () => {
  it("writes reviewers' comments on their rows and clears those that are gone", async () => {
    const { fake, workbook } = await inserted([clean('a', '1', 'Một'), clean('b', '2', 'Hai')]);
    const def = tableDef('budget');
    await workbook.patchTable(TABLE, (snap) =>
      planComments(snap, def, [
        {
          uid: 'b',
          author: 'Chuyên viên thẩm định',
          body: 'Kiểm tra lại số tiền năm 2026.',
          createdAt: '2026-03-05T08:00:00Z',
        },
      ]),
    );
    expect(fake.value(SHEET, 'L6')).toMatch(/^Chuyên viên thẩm định \(5\/3\/2026\): Kiểm tra lại số tiền năm 2026\.$/);
    await workbook.patchTable(TABLE, (snap) => planComments(snap, def, []));
    expect(fake.value(SHEET, 'L6')).toBe('');
  });

  it('selects a cell by row id, wherever the row has moved', async () => {
    const { fake, workbook } = await inserted([clean('a', '1', 'Một'), clean('b', '2', 'Hai')]);
    expect(await workbook.selectCell(TABLE, { uidCol: 13, uid: 'b', col: 3 })).toBe(true);
    expect(fake.state.wb.selection?.address).toBe(`'${SHEET}'!D6`);
    expect(await workbook.selectCell(TABLE, { uidCol: 13, uid: 'nope', col: 3 })).toBe(false);
    expect(await workbook.selectCell('TongHop_tasks', { uidCol: 13, uid: 'b', col: 3 })).toBe(false);
  });

  it('tells the pane which rows and columns a user edited, and not its own writes', async () => {
    const { fake, workbook } = await inserted([clean('a', '1', 'Một')]);
    await workbook.readState();
    const edits: unknown[] = [];
    const stop = await workbook.onTableEdited((e) => edits.push(e));
    await new Promise((r) => setTimeout(r, 1600)); // a sheet just laid out is the add-in's own for a moment
    // The echo of the add-in's own write (a uid it gave) is not the user's edit.
    await workbook.patchTable(TABLE, (_snap) => ({ patch: { columns: [{ col: 13, values: ['x1'] }] }, result: null }));
    for (const h of fake.state.handlers)
      await h({
        worksheetId: fake.sheet(SHEET).id,
        address: 'N5',
        changeType: 'RangeEdited',
        source: 'Local',
        type: 'WorksheetChanged',
      });
    fake.user.type(SHEET, 'D6', 'Sở Y tế');
    fake.user.type('Sheet1', 'A1', 'không liên quan');
    await new Promise((r) => setTimeout(r, 20));
    expect(edits).toEqual([{ tableName: TABLE, rows: { from: 1, to: 1 }, cols: { from: 3, to: 3 } }]);
    await stop();
  });
});

describe('limits', () => {
  it('halves a write that Excel refuses as too large, and still writes everything', async () => {
    const { rows, outline } = sheetRows('budget', 3000);
    const input = { ...layoutInput('budget'), outline: { budget: outline } };
    // A host with a far smaller cap than Excel on the web: the estimate alone would overshoot it.
    const { fake, result } = await inserted(rows, { requestCap: 400_000 }, input);
    expect(result.rows).toBe(3000);
    expect(fake.tableValues(TABLE).length).toBe(3001);
    expect(fake.stats.refused.length).toBeGreaterThan(0); // Excel said no at least once…
    expect(Math.max(...fake.stats.requests)).toBeLessThanOrEqual(400_000); // …and every smaller request went through
  });

  it('inserts, checks and marks 20,000 rows without a request or response over 4 MB', { timeout: 60_000 }, async () => {
    const { rows, outline } = sheetRows('budget', 20_000);
    const input = { ...layoutInput('budget'), outline: { budget: outline } };
    const { fake, workbook } = await inserted(rows, {}, input);
    const writeSyncs = fake.stats.syncs;
    expect(writeSyncs).toBeLessThanOrEqual(20_000 / 2000);
    fake.resetStats();
    const setup = { ...checkSetup('budget'), sections: outline.map((o) => o.path) };
    const result = await workbook.patchTable(TABLE, (snap) => planCheck(snap, setup, { force: true }));
    expect(result!.rows.length).toBe(20_000);
    expect(result!.findings.length).toBeGreaterThan(1000);
    expect(Math.max(...fake.stats.requests)).toBeLessThan(4 * 1024 * 1024);
    expect(Math.max(...fake.stats.responses)).toBeLessThan(4 * 1024 * 1024);
  });
});

it('state lives in the document settings and never holds a token', async () => {
  const { fake, workbook } = await inserted(null);
  await workbook.saveState({
    ...emptyState(),
    workbookId: 'w',
    sheets: { 'r:budget': { version: 3, syncedAt: '2026-01-01T00:00:00Z', agency: 'so-y-te' } },
  });
  expect((await workbook.readState()).state.sheets['r:budget']!.version).toBe(3);
  expect(JSON.stringify(fake.state.wb)).not.toMatch(/th_[A-Za-z0-9_-]{20,}/);
});

describe('group rows whose sub-items other agencies send', () => {
  // Phụ lục II, item 2 "Phân công theo dõi, tổng hợp…": SKH&CN sends it without a time frame,
  // and its sub-items 2.1–2.16 come from sixteen other departments.
  const item = demoItems('tasks').items.find(
    (i) => i.row.code === '2' && String(i.row.name).startsWith('Phân công theo dõi'),
  )!;
  const rows: SheetRowValues[] = [{ ...item.row, uid: item.uid, section: item.section } as SheetRowValues];
  const errors = (r: Awaited<ReturnType<typeof check>>) =>
    r!.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.column?.key]);
  async function check(roundParents: ReadonlySet<string>) {
    const { workbook } = await inserted(rows, {}, layoutInput('tasks'));
    return workbook.patchTable(excelTableName('tasks'), (snap) =>
      planCheck(snap, checkSetup('tasks', true, roundParents)),
    );
  }

  it('asks a time frame of the item alone, and none once the round says other rows hang under it', async () => {
    expect(item.row.timeframe ?? '').toBe('');
    expect(errors(await check(new Set()))).toEqual([['required', 'timeframe']]);
    expect(errors(await check(new Set([`${item.section}|2`])))).toEqual([]);
    // Another item's sub-items do not excuse this one.
    expect(errors(await check(new Set([`${item.section}|3`])))).toEqual([['required', 'timeframe']]);
  });
});
