/// <reference types="office-js" />
/**
 * Laying out a table sheet inside an Excel.run, from a TableSheetSpec: formats that decide how
 * typed text is stored ('@') go first, then the values in size-bounded pieces, then the Excel
 * table over the written range in one call, then the look (widths, wrap, dropdowns, freeze).
 */

import { columnLetter } from '../sheet/a1.js';
import type { ColumnFormat, ColumnSpec, LookupSpec, TableSheetSpec } from '../sheet/port.js';
import { WriteBatch } from './batch.js';
import { writeValues } from './patch.js';

export const NUMBER_FORMATS: Record<ColumnFormat, string> = { text: '@', amount: '#,##0', general: 'General' };

/** Excel measures widths in points; the definitions in characters of the default font. */
export const widthPoints = (chars: number) => Math.round(chars * 5.6 + 4);

type Scalar = string | number | boolean;
/** Office.js applies a single (non-array) value to every cell of a range; its typings only admit 2-D arrays. */
const every = (v: Scalar) => v as unknown as Scalar[][];

/** Set number formats column by column over `rows` rows from `top` (one command per column). */
function columnFormats(ws: Excel.Worksheet, top: number, rows: number, columns: readonly ColumnSpec[], left = 0): void {
  columns.forEach((c, i) => {
    ws.getRangeByIndexes(top, left + i, rows, 1).numberFormat = every(NUMBER_FORMATS[c.format]);
  });
}

/**
 * Lay out a new table sheet: one request for the structure (lookup lists cleared, number
 * formats), the values in as few requests as their size allows (lookup lists, titles, header,
 * rows), then the table and its look queued for the caller's last request.
 */
export async function layOutNewSheet(
  ctx: Excel.RequestContext,
  ws: Excel.Worksheet,
  spec: TableSheetSpec,
  lookup: Excel.Worksheet | null,
): Promise<Excel.Table> {
  const headerRow = spec.titles.length;
  const n = spec.rows.length;
  const lists = prepareLookup(ctx, lookup, spec.lookup);
  columnFormats(ws, headerRow + 1, n, spec.columns);
  ws.getRangeByIndexes(headerRow, 0, 1, spec.columns.length).numberFormat = every('@');
  await ctx.sync();

  const batch = new WriteBatch(ctx);
  await writeLookup(batch, lists, spec.lookup);
  for (const [i, t] of spec.titles.entries()) await writeValues(batch, ws, i, 0, [[t.text]]);
  await writeValues(batch, ws, headerRow, 0, [spec.columns.map((c) => c.header)]);
  await writeValues(batch, ws, headerRow + 1, 0, spec.rows);
  await batch.flush();

  const table = ws.tables.add(ws.getRangeByIndexes(headerRow, 0, n + 1, spec.columns.length), true);
  table.name = spec.tableName;
  table.style = 'TableStyleLight9';
  table.showBandedRows = true;
  styleSheet(ws, spec, headerRow, n);
  ws.freezePanes.freezeAt(ws.getRangeByIndexes(0, 0, headerRow + 1, spec.freezeColumns));
  lists.visibility = 'Hidden';
  return table;
}

/**
 * Refresh the look of an existing table sheet without touching its rows. `origin` is the first
 * body cell; the titles are rewritten only if there is room above the header for them.
 */
export function restyleSheet(
  ws: Excel.Worksheet,
  spec: TableSheetSpec,
  origin: { row: number; col: number },
  bodyRows: number,
): void {
  const headerRow = origin.row - 1;
  const titleTop = headerRow - spec.titles.length;
  columnFormats(ws, origin.row, bodyRows, spec.columns, origin.col);
  const titles = titleTop >= 0 ? spec.titles : [];
  titles.forEach((t, i) => {
    ws.getRangeByIndexes(titleTop + i, origin.col, 1, 1).values = [[t.text]];
  });
  styleSheet(ws, { ...spec, titles }, headerRow, bodyRows, titleTop, origin.col);
}

function styleSheet(
  ws: Excel.Worksheet,
  spec: TableSheetSpec,
  headerRow: number,
  bodyRows: number,
  titleTop = 0,
  left = 0,
): void {
  const cols = spec.columns.length;
  spec.titles.forEach((t, i) => {
    const font = ws.getRangeByIndexes(titleTop + i, left, 1, 1).format.font;
    if (t.style === 'title') {
      font.bold = true;
      font.size = 14;
    } else font.italic = true;
  });
  const header = ws.getRangeByIndexes(headerRow, left, 1, cols).format;
  header.font.bold = true;
  header.wrapText = true;
  header.horizontalAlignment = 'Center';
  header.verticalAlignment = 'Center';
  spec.columns.forEach((c, j) => {
    const i = left + j;
    const column = ws.getRangeByIndexes(headerRow, i, 1, 1);
    column.format.columnWidth = widthPoints(c.width);
    column.getEntireColumn().columnHidden = c.hidden;
    const body = ws.getRangeByIndexes(headerRow + 1, i, bodyRows, 1);
    body.format.wrapText = c.wrap;
    body.format.verticalAlignment = 'Top';
    if (c.readOnlyLook) {
      body.format.font.italic = true;
      body.format.font.color = '#605E5C';
    }
    body.dataValidation.clear();
    if (c.list) {
      body.dataValidation.rule = { list: { inCellDropDown: true, source: c.list.source } };
      // A hint, not a wall, where cells may hold several agencies or a free phrase.
      body.dataValidation.errorAlert = {
        showAlert: c.list.strict,
        style: 'Stop',
        title: 'Giá trị không có trong danh sách',
        message: 'Hãy chọn một giá trị trong danh sách thả xuống.',
      };
      if (c.list.prompt)
        body.dataValidation.prompt = {
          showPrompt: true,
          title: c.header.slice(0, 32),
          message: c.list.prompt.slice(0, 255),
        };
    }
  });
  ws.getRangeByIndexes(headerRow + 1, left, bodyRows, cols).format.autofitRows();
}

/** The hidden sheet of dropdown lists, made or cleared (queued, not sent). */
export function prepareLookup(
  ctx: Excel.RequestContext,
  existing: Excel.Worksheet | null,
  lookup: LookupSpec,
): Excel.Worksheet {
  const ws = existing ?? ctx.workbook.worksheets.add(lookup.sheetName);
  const area = ws.getRange(`A:${columnLetter(lookup.lists.length - 1)}`);
  area.clear('Contents');
  // Text, so that "2026 - 2030" or "I" stay what the dropdown offers.
  area.numberFormat = every('@');
  return ws;
}

/** The lists, one column each: header in row 1, items below. */
export async function writeLookup(batch: WriteBatch, ws: Excel.Worksheet, lookup: LookupSpec): Promise<void> {
  for (const [i, list] of lookup.lists.entries()) {
    await writeValues(
      batch,
      ws,
      0,
      i,
      [list.header, ...list.items].map((v) => [v]),
    );
  }
}
