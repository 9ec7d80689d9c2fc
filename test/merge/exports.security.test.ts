/**
 * Text a person typed must never run as a formula in the coordinator's spreadsheet: CSV prefixes
 * an apostrophe to text starting with = + - @ tab CR; .xlsx stores such text as a string value.
 */
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { mergeTable, type SheetRowRecord, tableDef } from '../../domain/index.js';
import { LAYOUT, writeMergedCsv, writeMergedXlsx } from '../../service/exports/index.js';

const DANGEROUS = [
  '=HYPERLINK("http://evil.example","Bấm vào đây")',
  '+SUM(1,2)',
  '-2+3',
  '@SUM(1)',
  '\t=1+1',
  '\r=1+1',
  "=cmd|' /C calc'!A0",
];
const EVIL_AGENCY = '=WEBSERVICE("http://evil.example")';
const budget = tableDef('budget');

const rows: SheetRowRecord[] = DANGEROUS.map((name, i) => ({
  table: 'budget',
  uid: `x${i}`,
  agencyId: i === 0 ? 'evil' : 'snv',
  section: 'I',
  code: String(i + 1),
  rowHash: `${i}`,
  cells: {
    code: String(i + 1),
    name,
    lead: 'Sở Nội vụ',
    partners: 'Sở Tài chính, "Sở Xây dựng"\nvà UBND xã',
    total: -5,
    y2026: -5,
    y2027: null,
    y2028: null,
    y2029: null,
    y2030: null,
  },
}));
const merged = mergeTable({
  def: budget,
  period: { from: 2026, to: 2030 },
  outline: [{ path: 'I', title: '=TIÊU ĐỀ' }],
  rows,
});
const agencyName = (id: string) => (id === 'evil' ? EVIL_AGENCY : 'Sở Nội vụ');

describe('CSV injection', () => {
  it('prefixes an apostrophe to text a spreadsheet would run, and only to text', async () => {
    let text = '';
    await writeMergedCsv(merged, (c) => (text += c), { agencyName });
    const [, , , heading, ...items] = parse(text, { bom: true }) as string[][];
    expect(heading![1]).toBe("'=TIÊU ĐỀ");
    expect(items.map((r) => r[1])).toEqual(DANGEROUS.map((d) => `'${d}`));
    expect(items[0]![10]).toBe(`'${EVIL_AGENCY}`);
    // Quotes, commas and line breaks survive the RFC 4180 round trip; negative amounts stay numbers.
    expect(items[0]![3]).toBe('Sở Tài chính, "Sở Xây dựng"\nvà UBND xã');
    expect(items[0]![4]).toBe('-5');
  });
});

describe('XLSX formula injection', () => {
  it('stores such text as a plain string, never a formula', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tonghop-merge-sec-')), 'evil.xlsx');
    await writeMergedXlsx(merged, { agencyName, stream: createWriteStream(path) });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.worksheets[0]!;
    const first = LAYOUT.header + 1 + 3; // column numbers, grand total, heading
    DANGEROUS.forEach((text, i) => {
      const cell = sheet.getRow(first + i).getCell(2);
      expect(cell.type, text).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      expect(cell.value).toBe(text.replace('\r', '\n')); // Excel's in-cell line break is LF
    });
    const agency = sheet.getRow(first).getCell(budget.columns.length + 1);
    expect(agency.type).toBe(ExcelJS.ValueType.String);
    expect(agency.value).toBe(EVIL_AGENCY);
    expect(sheet.getRow(first).getCell(5)).toMatchObject({ type: ExcelJS.ValueType.Number, value: -5 });
  });

  it('gives text that starts like a formula the text format, so retyping it in Excel keeps it text', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tonghop-merge-sec-')), 'evil.xlsx');
    await writeMergedXlsx(merged, { agencyName, stream: createWriteStream(path) });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.worksheets[0]!;
    const first = LAYOUT.header + 1 + 3;
    DANGEROUS.forEach((text, i) => {
      const cell = sheet.getRow(first + i).getCell(2);
      if (/^[=+\-@]/.test(text)) expect(cell.numFmt, text).toBe('@');
    });
    expect(sheet.getRow(first).getCell(5).numFmt).not.toBe('@');
  });
});
