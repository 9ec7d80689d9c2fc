/**
 * The merged progress report as .xlsx, in the print style of the merged appendices (Times New
 * Roman, thin borders, bold section lines), streamed so a 42,000-task round never sits in memory.
 */
import type { Stream } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ProgressReport } from '../progress/report-model.js';
import { guardFormula } from './cell-text.js';
import { PROGRESS_COLUMNS, progressLines } from './progress-lines.js';
import { waitForSheet } from './xlsx-backpressure.js';
import { AMOUNT_FORMAT, type CellStyle, StyleBook, SUBTITLE_STYLE, TITLE_STYLE } from './xlsx-styles.js';

const CHECK_EVERY = 200;
const BACKLOG = 2 * 2 ** 20;

/**
 * Write the report to `stream`; resolves once the file is complete.
 *
 * @example await writeProgressXlsx(report, createWriteStream('tien-do-thang-5.xlsx'));
 */
export async function writeProgressXlsx(report: ProgressReport, out: NodeJS.WritableStream): Promise<void> {
  const stream = out as NodeJS.WritableStream & Stream;
  let failure: Error | null = null;
  const broken = new Promise<never>((_, reject) => stream.once('error', (e: Error) => reject((failure = e))));
  broken.catch(() => undefined);
  const lines = progressLines(report);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = 'TổngHợp';
  const sheet = workbook.addWorksheet('Tiến độ', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = PROGRESS_COLUMNS.map((c) => ({ width: c.width }));
  const width = PROGRESS_COLUMNS.length;
  const styles = new StyleBook();
  let r = 1;
  const banner = (text: string, style: CellStyle) => {
    const row = sheet.getRow(r);
    row.getCell(1).value = text;
    row.getCell(1).style = style as ExcelJS.Style;
    sheet.mergeCells(r, 1, r, width);
    row.commit();
    r++;
  };
  banner(lines.title, TITLE_STYLE);
  banner(lines.subtitle, SUBTITLE_STYLE);
  r++;
  for (const [label, value] of lines.summary) {
    const row = sheet.getRow(r++);
    row.getCell(2).value = label;
    row.getCell(2).style = styles.get('item', 'text', false, 0) as ExcelJS.Style;
    row.getCell(3).value = value;
    row.getCell(3).style = { ...styles.get('item', 'amount', false, 0), numFmt: AMOUNT_FORMAT } as ExcelJS.Style;
    row.commit();
  }
  r++;
  const header = sheet.getRow(r++);
  PROGRESS_COLUMNS.forEach((c, i) => {
    header.getCell(i + 1).value = c.header;
    header.getCell(i + 1).style = styles.get('header', i === 0 ? 'code' : 'text', false, 0) as ExcelJS.Style;
  });
  header.commit();
  for (let i = 0; i < lines.rows.length; i++) {
    const line = lines.rows[i]!;
    const row = sheet.getRow(r++);
    line.cells.forEach((value, c) => {
      const cell = row.getCell(c + 1);
      if (value) cell.value = guardFormula(value.replace(/\r\n?/g, '\n'));
      cell.style = styles.get(
        line.kind === 'section' ? 'section' : 'item',
        c === 0 ? 'code' : 'text',
        false,
        0,
      ) as ExcelJS.Style;
    });
    row.commit();
    if (i % CHECK_EVERY === CHECK_EVERY - 1) await waitForSheet(sheet, BACKLOG, () => failure);
  }
  sheet.commit();
  await Promise.race([workbook.commit(), broken]);
}
