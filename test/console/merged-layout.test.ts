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
});
