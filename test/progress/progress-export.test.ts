import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { progressCsv } from '../../service/exports/progress-csv.js';
import { writeProgressXlsx } from '../../service/exports/progress-xlsx.js';
import { buildProgressReport } from '../../service/progress/report-model.js';
import { INPUT } from './fixtures.js';

const report = buildProgressReport(INPUT);

async function readBack(): Promise<ExcelJS.Worksheet> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  await writeProgressXlsx(report, stream);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return book.getWorksheet('Tiến độ')!;
}

const values = (sheet: ExcelJS.Worksheet) => {
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    rows[n - 1] = Array.from({ length: 8 }, (_, i) => row.getCell(i + 1).value ?? null);
  });
  return rows;
};

describe('merged progress report', () => {
  it('.xlsx: a summary block on top, then sections with their tasks', async () => {
    const rows = values(await readBack());
    expect(rows[0]![0]).toBe('BÁO CÁO TIẾN ĐỘ THỰC HIỆN DANH MỤC NHIỆM VỤ CẦN LÀM NGAY');
    const summary = Object.fromEntries(rows.filter((r) => r && typeof r[2] === 'number').map((r) => [r[1], r[2]]));
    expect(summary).toEqual({
      'Tổng số nhiệm vụ': 5,
      'Hoàn thành đúng hạn': 1,
      'Hoàn thành quá hạn': 1,
      'Chưa hoàn thành, trong hạn': 1,
      'Chưa hoàn thành, quá hạn': 2,
      'Số nhiệm vụ quá hạn': 2,
      'Kinh phí đã giải ngân (triệu đồng)': 200,
      'Kinh phí kế hoạch năm (triệu đồng)': 860,
    });
    const header = rows.findIndex((r) => r?.[0] === 'STT');
    const table = rows.slice(header + 1);
    expect(table[0]![1]).toBe('1. Các nhiệm vụ thí điểm');
    expect(table[1]).toEqual([
      '1',
      'Số hóa toàn diện đền Bảo Hà và ứng dụng chuyển đổi số trong công tác quản lý, vận hành đền Bảo Hà',
      'Đảng ủy xã Bảo Hà',
      '20/05/2026',
      'Hoàn thành đúng hạn',
      'Đã trình dự thảo đề án số hóa đền Bảo Hà',
      null,
      null,
    ]);
    // Typed text that starts like a formula stays text.
    expect(table[2]![7]).toBe("'=Sở Tài chính bố trí kinh phí");
    expect(table[5]![1]).toBe('2. Các nhiệm vụ giai đoạn 2026 - 2030');
    expect(table[6]!.slice(3, 5)).toEqual(['2026-2030', 'Chưa hoàn thành, trong hạn']);
  });

  it('.csv: the same lines with a BOM and CRLF', () => {
    const csv = progressCsv(report);
    expect(csv.startsWith('\uFEFFBÁO CÁO TIẾN ĐỘ')).toBe(true);
    expect(csv).toContain('\r\n"Chưa hoàn thành, quá hạn",2\r\n');
    expect(csv).toContain('\r\n3,"Triển khai camera giám sát');
    expect(csv).toContain(",'=Sở Tài chính bố trí kinh phí\r\n");
  });
});
