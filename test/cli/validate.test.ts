import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableDef } from '../../domain/index.js';
import { runCli } from '../support/cli.js';
import { appendix } from '../support/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'tonghop-cli-'));
const cli = (...args: string[]) => runCli(args);

const csvCell = (v: unknown) => {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

beforeAll(async () => {
  const def = tableDef('budget');
  const rows = appendix('budget');
  const lines = [
    def.columns.map((c) => csvCell(c.header)).join(','),
    ...rows.map((r) => def.columns.map((c) => csvCell(r[c.key])).join(',')),
  ];
  writeFileSync(join(dir, 'budget.csv'), `\uFEFF${lines.join('\n')}\n`);
  const fixed = rows.map((r) => (r.code === '7' && r.lead === '' ? { ...r, lead: 'Công an tỉnh' } : r));
  let secondB = 0;
  const clean = fixed.map((r) => (r.code === 'B' && ++secondB === 2 ? { ...r, code: 'C' } : r));
  writeFileSync(
    join(dir, 'clean.csv'),
    [
      def.columns.map((c) => c.key).join(','),
      ...clean.map((r) => def.columns.map((c) => csvCell(r[c.key])).join(',')),
    ].join('\n'),
  );

  // An .xlsx as staff keep it: a title and the unit above the header, amounts typed as numbers.
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Phụ lục III');
  ws.addRow(['PHỤ LỤC III: TỔNG HỢP KINH PHÍ THỰC HIỆN']);
  ws.addRow(['ĐVT: Triệu đồng']);
  ws.addRow(def.columns.map((c) => c.header.replace('giai đoạn', 'giai\nđoạn')));
  for (const r of clean)
    ws.addRow(
      def.columns.map((c) =>
        c.type === 'amount' && r[c.key] ? Number(r[c.key]!.replace(/\./g, '')) : (r[c.key] ?? null),
      ),
    );
  await wb.xlsx.writeFile(join(dir, 'budget.xlsx'));
  writeFileSync(join(dir, 'broken.xlsx'), 'not a zip');
});

describe('cli validate', () => {
  it('reports the real mistakes of Phụ lục III and exits 1', () => {
    const r = cli('validate', '--table', 'budget', join(dir, 'budget.csv'), '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(Object.keys(report)).toEqual(['table', 'rows', 'findings']);
    expect(report.rows).toBe(83);
    expect(Object.keys(report.findings[0])).toEqual(['row', 'column', 'code', 'severity', 'message', 'suggestion']);
    expect(
      report.findings.filter((f: { severity: string }) => f.severity === 'error').map((f: { code: string }) => f.code),
    ).toEqual(['required', 'numbering']);
  });

  it('prints a readable report grouped by row, with the line in the file', () => {
    const r = cli('validate', '--table', 'budget', join(dir, 'budget.csv'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('83 dòng, 2 lỗi');
    expect(r.out).toMatch(/Dòng 14 \(dòng 15 trong tệp, TT 7\):\n {2}Lỗi \[Cơ quan chủ trì thực hiện\]/);
    expect(r.out).toContain('Gợi ý sửa: Công an tỉnh');
  });

  it('exits 0 on the corrected table read by column keys, and on .xlsx with a title above the header', () => {
    expect(cli('validate', '--table', 'budget', join(dir, 'clean.csv')).code).toBe(0);
    const x = cli('validate', '--table', 'budget', join(dir, 'budget.xlsx'), '--json');
    expect(x.err).toBe('');
    expect(x.code).toBe(0);
    expect(JSON.parse(x.out).rows).toBe(83);
  });

  it('exits 2 with the reason when the file cannot be read', () => {
    const missing = cli('validate', '--table', 'budget', join(dir, 'nope.csv'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Không tìm thấy tệp');
    const broken = cli('validate', '--table', 'budget', join(dir, 'broken.xlsx'));
    expect(broken.code).toBe(2);
    expect(broken.err).toContain('Không đọc được tệp');
    const wrongTable = cli('validate', '--table', 'tasks', join(dir, 'budget.csv'));
    expect(wrongTable.code).toBe(2);
    expect(wrongTable.err).toContain('Không tìm thấy dòng tiêu đề');
    expect(cli('validate', join(dir, 'budget.csv')).code).toBe(2);
  });
});
