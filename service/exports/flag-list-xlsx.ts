/**
 * A filtered list of flags as .xlsx, to attach to an official letter: title, the filters and the
 * time it was taken, then one line per flag in the print style of the merged appendices, with
 * the header repeated on each printed page and an autofilter.
 */
import ExcelJS from 'exceljs';
import { guardFormula } from './cell-text.js';
import { StyleBook, SUBTITLE_STYLE, TITLE_STYLE } from './xlsx-styles.js';

export interface FlagListColumn {
  header: string;
  width: number;
}

export interface FlagList {
  title: string;
  /** Lines under the title: the round and time, the filters in words. */
  subtitles: readonly string[];
  columns: readonly FlagListColumn[];
  /** One line per flag, a text per column. */
  rows: readonly (readonly string[])[];
}

/**
 * The workbook's bytes.
 *
 * @example
 * const bytes = await flagListXlsx({ title: 'DANH SÁCH CẢNH BÁO', subtitles: [], columns, rows });
 */
export async function flagListXlsx(list: FlagList): Promise<ArrayBuffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'TổngHợp';
  const sheet = workbook.addWorksheet('Cảnh báo', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    headerFooter: { oddFooter: 'Trang &P/&N' },
  });
  sheet.columns = list.columns.map((c) => ({ width: c.width }));
  const width = list.columns.length;
  const styles = new StyleBook();
  let r = 1;
  for (const [text, style] of [
    [list.title, TITLE_STYLE],
    ...list.subtitles.map((s) => [s, SUBTITLE_STYLE] as const),
  ] as const) {
    const cell = sheet.getCell(r, 1);
    cell.value = text;
    cell.style = style as ExcelJS.Style;
    sheet.mergeCells(r, 1, r, width);
    r++;
  }
  r++;
  const headerRow = r;
  list.columns.forEach((c, i) => {
    const cell = sheet.getCell(r, i + 1);
    cell.value = c.header;
    cell.style = styles.get('header', i === 0 ? 'code' : 'text', false, 0) as ExcelJS.Style;
  });
  for (const line of list.rows) {
    r++;
    line.forEach((value, i) => {
      const cell = sheet.getCell(r, i + 1);
      if (value) cell.value = guardFormula(value);
      cell.style = styles.get('item', i === 0 ? 'code' : 'text', false, 0) as ExcelJS.Style;
    });
  }
  sheet.pageSetup.printTitlesRow = `${headerRow}:${headerRow}`;
  sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: Math.max(r, headerRow), column: width } };
  sheet.views = [{ state: 'frozen', ySplit: headerRow }];
  // A copy of its own: the writer's buffer may be a view on a larger one.
  return new Uint8Array(await workbook.xlsx.writeBuffer()).slice().buffer;
}
