/** The streaming .xlsx export when the output breaks, and the ExcelJS internals its backpressure reads. */
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Stream, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { writeMergedXlsx } from '../../service/exports/index.js';
import { sheetBacklog, waitForSheet } from '../../service/exports/xlsx-backpressure.js';
import { mergedBudget } from './budget-fixture.js';

const { merged, agencyName } = mergedBudget();

describe('writeMergedXlsx on a broken output', () => {
  it('rejects with the stream error instead of waiting for ever', async () => {
    const broken = new Writable({ write: (_chunk, _enc, done) => done(new Error('Hết dung lượng đĩa')) });
    await expect(writeMergedXlsx(merged, { agencyName, stream: broken })).rejects.toThrow('Hết dung lượng đĩa');
  });

  it('rejects on a big table too, while rows are still being written', async () => {
    const big = { ...merged, rows: Array.from({ length: 60 }, () => merged.rows).flat() };
    const broken = new Writable({ write: (_chunk, _enc, done) => done(new Error('Mất kết nối')) });
    await expect(writeMergedXlsx(big, { agencyName, stream: broken })).rejects.toThrow('Mất kết nối');
  });
});

describe('sheet backpressure', () => {
  it('sees the rows ExcelJS has not zipped yet, and waits until the zip takes them', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tonghop-merge-bp-')), 'bp.xlsx');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: createWriteStream(path) as unknown as Stream,
      useStyles: false,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet('x');
    for (let i = 0; i < 3000; i++) sheet.addRow([i, `Nhiệm vụ số ${i} của Sở Khoa học và Công nghệ`, 12_345]).commit();
    // If this fails after an ExcelJS upgrade, the internals xlsx-backpressure.ts reads have moved.
    expect(sheetBacklog(sheet)).toBeGreaterThan(100_000);
    await waitForSheet(sheet, 64 * 1024, () => null);
    expect(sheetBacklog(sheet)).toBeLessThanOrEqual(64 * 1024);
    sheet.commit();
    await workbook.commit();
  });
});
