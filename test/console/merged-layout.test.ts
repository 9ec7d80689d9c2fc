/**
 * The merged appendix as a coordinator prints it, over HTTP on the demo round: the grand total
 * labelled, the same title and «lấy lúc» line as the pane's merged sheet, section rows across
 * the table, and files Vietnamese Excel opens as they are.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { LAYOUT } from '../../service/exports/index.js';
import type { Service } from '../service/harness.js';
import { ROUND, startConsoleService, Visitor, visibleText } from './harness.js';

describe.each(testDatabases())('merged appendix layout on %s', (kind) => {
  let s: Service;
  let coordinator: Visitor;
  beforeAll(async () => {
    s = await startConsoleService(kind);
    coordinator = new Visitor(s);
    await coordinator.signIn(s.tokens.coordinator);
  }, 120_000);
  afterAll(async () => {
    await s.close();
  });

  const tbody = (html: string) => /<tbody>([\s\S]*?)<\/tbody>/.exec(html.split('<table id="merged">')[1]!)![1]!;
  const xlsxOf = async (table: string) => {
    const res = await s.app.request(`/console/rounds/${ROUND}/merged/${table}.xlsx`, {
      headers: { cookie: coordinator.cookie! },
    });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    return wb.worksheets[0]!;
  };

  it('labels the grand total «TỔNG CỘNG» in the console, under the printed title', async () => {
    const page = await coordinator.get(`/console/rounds/${ROUND}/merged/budget`);
    const total = /<tr class="grand_total[^"]*">([\s\S]*?)<\/tr>/.exec(tbody(page.text))![1]!;
    expect(visibleText(total)).toMatch(/^TỔNG CỘNG 9\.621\.743 /);
    expect(visibleText(page.text)).toContain('PHỤ LỤC III: TỔNG HỢP KINH PHÍ THỰC HIỆN');
  });

  it('writes the same title, the «lấy lúc» time and the labelled grand total in the .xlsx', async () => {
    const sheet = await xlsxOf('budget');
    expect(sheet.getCell(LAYOUT.title, 1).value).toBe('PHỤ LỤC III: TỔNG HỢP KINH PHÍ THỰC HIỆN');
    expect(String(sheet.getCell(LAYOUT.subtitle, 1).value)).toMatch(
      / · lấy lúc \d{1,2}:\d\d ngày \d{1,2}\/\d{1,2}\/\d{4}$/,
    );
    const total = sheet.getRow(LAYOUT.header + 2);
    expect(total.getCell(2).value).toBe('TỔNG CỘNG');
    expect(total.getCell(5).value).toBe(9_621_743);
  });

  it('spans a section heading across the empty columns after it in the console', async () => {
    const page = await coordinator.get(`/console/rounds/${ROUND}/merged/tasks`);
    const first = /<tr class="section[^"]*" id="muc-I">([\s\S]*?)<\/tr>/.exec(tbody(page.text))![1]!;
    // STT, then «Nhiệm vụ» across the six remaining columns and the agency, then the flags.
    expect(first).toMatch(/<th scope="row">I<\/th><td colspan="7">CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO/);
    // A budget section keeps its subtotals in their own columns.
    const budget = await coordinator.get(`/console/rounds/${ROUND}/merged/budget`);
    const section = /<tr class="section[^"]*" id="muc-I">([\s\S]*?)<\/tr>/.exec(tbody(budget.text))![1]!;
    expect(section).toMatch(/<td colspan="3">THÚC ĐẨY PHÁT TRIỂN HẠ TẦNG SỐ<\/td><td class="num">/);
  });

  it('merges section rows, repeats the header on each page, numbers the pages and filters in the .xlsx', async () => {
    const sheet = await xlsxOf('tasks');
    const merges = (sheet.model as unknown as { merges: string[] }).merges;
    const firstSection = LAYOUT.header + 1;
    expect(sheet.getCell(firstSection, 1).value).toBe('I');
    expect(String(sheet.getCell(firstSection, 2).value)).toMatch(/^CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO/);
    expect(merges).toContain(`B${firstSection}:H${firstSection}`);
    expect(sheet.pageSetup.printTitlesRow).toBe(`${LAYOUT.header}:${LAYOUT.header}`);
    expect(sheet.headerFooter.oddFooter).toBe('&CTrang &P/&N');
    expect(sheet.autoFilter).toBe(`A${LAYOUT.header}:I${LAYOUT.header}`);
    expect(sheet.getCell(LAYOUT.header, 9).value).toBe('Cảnh báo');
    const budget = await xlsxOf('budget');
    // The budget repeats the column numbers under its header too.
    expect(budget.pageSetup.printTitlesRow).toBe(`${LAYOUT.header}:${LAYOUT.header + 1}`);
  });

  it("names each row's flags in a column, so flagged rows can be filtered without colour", async () => {
    const sheet = await xlsxOf('budget');
    const flagged: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > LAYOUT.header && row.getCell(12).value) flagged.push(String(row.getCell(12).value));
    });
    expect(flagged.length).toBeGreaterThanOrEqual(2);
    expect(flagged.join('\n')).toMatch(/triệu đồng|trùng|khác/);
  });

  it('offers a CSV separated by «;» for Vietnamese Excel, and says which on the button', async () => {
    const page = await coordinator.get(`/console/rounds/${ROUND}/merged/budget`);
    expect(visibleText(page.text)).toContain('Tải về CSV cho Excel tiếng Việt (phân cách bằng dấu chấm phẩy «;»)');
    expect(page.text).toContain(`href="/console/rounds/${ROUND}/merged/budget.csv?sep=%3B"`);
    const csv = await coordinator.get(`/console/rounds/${ROUND}/merged/budget.csv?sep=%3B`);
    expect(csv.status).toBe(200);
    expect(csv.text.startsWith('TT;Tên nhiệm vụ/hoạt động/dự án;')).toBe(true);
    expect(csv.text).toContain(';9621743;');
  });

  it('serves an icon at /favicon.ico instead of a 404 on every page', async () => {
    const res = await s.app.request('/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(await res.text()).toMatch(/^<svg /);
  });
});
