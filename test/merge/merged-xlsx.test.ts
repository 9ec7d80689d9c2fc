/**
 * The merged budget as .xlsx, read back with ExcelJS: the printed layout (title, unit, header,
 * column numbers, grand total, bold headings), real numbers with their format, a frozen header,
 * and flags as filled cells with notes.
 */
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SheetRowRecord } from '../../domain/index.js';
import { FLAG_FILLS, LAYOUT, writeMergedXlsx } from '../../service/exports/index.js';
import { mergedBudget } from './budget-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'tonghop-merge-xlsx-'));
const { fixture, merged, agencyName } = mergedBudget();
const byCodeIn = (records: readonly SheetRowRecord[], section: string, code: string) =>
  records.find((r) => r.section === section && r.code === code)!;
const byCode = (section: string, code: string) => byCodeIn(fixture.records, section, code);
const cellFlagged = byCode('I/B', '7'); // the real row whose lead is glued onto the name
const rowFlagged = byCode('IV', '12'); // the real possible duplicate of IV 11
const flagsByCell = new Map<string, string[]>([
  [`${cellFlagged.uid}:lead`, ['Chưa nhập «Cơ quan chủ trì thực hiện».', 'Tên nhiệm vụ kết thúc bằng «Công an tỉnh».']],
  [`${rowFlagged.uid}:`, ['Có thể trùng với dòng IV 11.']],
  [`${rowFlagged.uid}:no_such_column`, ['Thông báo về một cột không có trong bảng.']],
]);

const firstDataRow = LAYOUT.header + 1;
const xlsxRowOf = (uid: string) => firstDataRow + merged.rows.findIndex((r) => r.uid === uid);
/** The solid fill colour of a cell, or null (ExcelJS reads "no fill" as pattern "none"). */
const fillOf = (cell: ExcelJS.Cell) =>
  cell.fill?.type === 'pattern' && cell.fill.pattern === 'solid' ? cell.fill.fgColor?.argb : null;
const col = (key: string) => merged.columns.findIndex((c) => c.key === key) + 1;
let sheet: ExcelJS.Worksheet;

beforeAll(async () => {
  const path = join(dir, 'phu-luc-iii.xlsx');
  const stream = createWriteStream(path);
  await writeMergedXlsx(merged, {
    agencyName,
    flagsByCell,
    stream,
    subtitle: '(Kèm theo Kế hoạch số 15/KH-UBND của Ủy ban nhân dân tỉnh Lào Cai)',
  });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  sheet = workbook.worksheets[0]!;
});

describe('writeMergedXlsx layout', () => {
  it('has the printed title, subtitle and unit above the table, merged across it', () => {
    const width = merged.columns.length + 2;
    expect(sheet.name).toBe('Phụ lục III');
    expect(sheet.getCell(LAYOUT.title, 1).value).toBe('PHỤ LỤC III: TỔNG HỢP KINH PHÍ THỰC HIỆN');
    expect(sheet.getCell(LAYOUT.title, 1).font).toMatchObject({ bold: true });
    expect(sheet.getCell(LAYOUT.title, 1).alignment).toMatchObject({ horizontal: 'center' });
    expect(sheet.getCell(LAYOUT.subtitle, 1).value).toContain('Kèm theo Kế hoạch số 15/KH-UBND');
    expect(sheet.getCell(LAYOUT.unit, 1).value).toBe('ĐVT: Triệu đồng');
    expect(sheet.getCell(LAYOUT.unit, 1).alignment).toMatchObject({ horizontal: 'right' });
    const merges = (sheet.model as unknown as { merges: string[] }).merges;
    const last = String.fromCharCode(64 + width);
    expect(merges).toEqual(expect.arrayContaining([`A1:${last}1`, `A2:${last}2`, `A3:${last}3`]));
  });

  it('has the official header, bold, wrapped, bordered, with the sending agency and the flags last', () => {
    const header = sheet.getRow(LAYOUT.header);
    expect((header.values as unknown[]).slice(1)).toEqual([
      ...merged.columns.map((c) => c.header),
      'Cơ quan gửi',
      'Cảnh báo',
    ]);
    const cell = header.getCell(col('total'));
    expect(cell.font).toMatchObject({ bold: true });
    expect(cell.alignment).toMatchObject({ horizontal: 'center', wrapText: true });
    expect(cell.border).toMatchObject({
      top: { style: 'thin' },
      bottom: { style: 'thin' },
      left: { style: 'thin' },
      right: { style: 'thin' },
    });
  });

  it('freezes the panes below the header and sizes the columns from their definitions', () => {
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: LAYOUT.header });
    expect(sheet.getColumn(col('name')).width).toBe(45);
    expect(sheet.getColumn(merged.columns.length + 1).width).toBeGreaterThanOrEqual(25);
  });

  it('numbers the columns in italics under the header', () => {
    const row = sheet.getRow(firstDataRow);
    expect((row.values as unknown[]).slice(1, 11)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(row.getCell(1).font).toMatchObject({ italic: true });
  });

  it('writes the grand total labelled «TỔNG CỘNG», as bold numbers in the amount format', () => {
    const row = sheet.getRow(firstDataRow + 1);
    expect(row.getCell(1).value).toBeNull();
    expect(row.getCell(2).value).toBe('TỔNG CỘNG');
    const totals = ['total', 'y2026', 'y2027', 'y2028', 'y2029', 'y2030'].map((k) => row.getCell(col(k)));
    expect(totals.map((c) => c.value)).toEqual([9_615_243, 1_625_520, 2_230_820, 2_417_820, 2_012_563, 1_328_520]);
    for (const c of totals) {
      expect(c.type).toBe(ExcelJS.ValueType.Number);
      expect(c.numFmt).toBe('#,##0');
      expect(c.font).toMatchObject({ bold: true });
    }
  });

  it('writes sections bold, sub-sections bold italic, items plain, with their subtotals', () => {
    const section = sheet.getRow(firstDataRow + 2);
    expect(section.getCell(1).value).toBe('I');
    expect(section.getCell(2).value).toBe('THÚC ĐẨY PHÁT TRIỂN HẠ TẦNG SỐ');
    expect(section.getCell(2).font).toMatchObject({ bold: true });
    expect(section.getCell(2).font?.italic).toBeFalsy();
    expect(section.getCell(col('total')).value).toBe(4_770_743);
    const sub = sheet.getRow(firstDataRow + 3);
    expect(sub.getCell(1).value).toBe('A');
    expect(sub.getCell(2).font).toMatchObject({ bold: true, italic: true });
    const item = sheet.getRow(firstDataRow + 4);
    expect(item.getCell(1).value).toBe('1');
    expect(item.getCell(2).font?.bold).toBeFalsy();
    expect(item.getCell(2).alignment).toMatchObject({ wrapText: true });
    expect(item.getCell(col('total'))).toMatchObject({ value: 2_073_000, numFmt: '#,##0' });
    expect(item.getCell(merged.columns.length + 1).value).toBe('Các doanh nghiệp viễn thông');
  });

  it('leaves empty year cells empty', () => {
    const second = sheet.getRow(firstDataRow + 5); // I/A 2: nothing in 2026
    expect(second.getCell(2).value).toBe(fixture.printed[3]!.name);
    expect(second.getCell(col('y2026')).value).toBeNull();
  });

  it('gives amounts with decimals their own format', async () => {
    const { merged: withDecimals } = mergedBudget((records) => {
      Object.assign(byCodeIn(records, 'V', '7').cells, { total: 5000.5, y2030: 1000.5 });
    });
    const path = join(dir, 'decimals.xlsx');
    await writeMergedXlsx(withDecimals, { agencyName, stream: createWriteStream(path) });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const ws = workbook.worksheets[0]!;
    const uid = byCode('V', '7').uid;
    const row = ws.getRow(firstDataRow + withDecimals.rows.findIndex((r) => r.uid === uid));
    expect(row.getCell(col('total'))).toMatchObject({ value: 5000.5, numFmt: '#,##0.###' });
    expect(row.getCell(col('y2029'))).toMatchObject({ value: 1000, numFmt: '#,##0' });
    expect(ws.getRow(firstDataRow + 1).getCell(col('total'))).toMatchObject({
      value: 9_615_243.5,
      numFmt: '#,##0.###',
    });
  });

  it('writes every merged row once, in order', () => {
    const codes: unknown[] = [];
    for (let r = firstDataRow; r < firstDataRow + merged.rows.length; r++) codes.push(sheet.getRow(r).getCell(1).value);
    expect(codes.slice(2)).toEqual(merged.rows.slice(2).map((r) => r.code || null));
    expect(sheet.getRow(firstDataRow + merged.rows.length).getCell(1).value).toBeNull();
  });
});

describe('writeMergedXlsx flags', () => {
  it('fills a flagged cell light orange and puts its messages in a note', () => {
    const cell = sheet.getRow(xlsxRowOf(cellFlagged.uid)).getCell(col('lead'));
    expect(fillOf(cell)).toBe(FLAG_FILLS.cell);
    expect(cell.note).toBe('• Chưa nhập «Cơ quan chủ trì thực hiện».\n• Tên nhiệm vụ kết thúc bằng «Công an tỉnh».');
    const neighbour = sheet.getRow(xlsxRowOf(cellFlagged.uid)).getCell(col('name'));
    expect(fillOf(neighbour)).toBeNull();
    expect(neighbour.note).toBeUndefined();
  });

  it('fills a flagged row light yellow and notes it on the name, with messages about unknown columns', () => {
    const row = sheet.getRow(xlsxRowOf(rowFlagged.uid));
    for (let c = 1; c <= merged.columns.length + 1; c++) {
      expect(fillOf(row.getCell(c)), `column ${c}`).toBe(FLAG_FILLS.row);
    }
    expect(row.getCell(col('name')).note).toBe(
      '• Có thể trùng với dòng IV 11.\n• Thông báo về một cột không có trong bảng.',
    );
    expect(row.getCell(col('total')).note).toBeUndefined();
  });

  it('leaves unflagged rows unfilled', () => {
    for (let r = firstDataRow; r < firstDataRow + merged.rows.length; r++) {
      const uid = merged.rows[r - firstDataRow]!.uid;
      if (uid === cellFlagged.uid || uid === rowFlagged.uid) continue;
      for (let c = 1; c <= merged.columns.length + 1; c++) expect(fillOf(sheet.getRow(r).getCell(c))).toBeNull();
    }
  });
});
