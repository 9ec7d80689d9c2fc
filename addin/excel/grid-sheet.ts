/// <reference types="office-js" />
/**
 * A plain sheet in the official layout (the merged appendix), written in one Excel.run. An
 * existing sheet of the same name is cleared and rewritten in place, keeping its tab position.
 */
import { columnLetter, rangeAddress } from '../sheet/a1.js';
import type { GridSheetSpec } from '../sheet/port.js';
import { WriteBatch } from './batch.js';
import { fillCells, writeValues } from './patch.js';
import { NUMBER_FORMATS, widthPoints } from './table-sheet.js';

const every = (v: string) => v as unknown as string[][];
const BORDERS = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideVertical', 'InsideHorizontal'] as const;

/** Row spans "A7:L7,A9:L9" joined up to `maxChars`, for RangeAreas. */
function rowAreas(rows: readonly number[], cols: number, maxChars = 2000): string[] {
  const out: string[] = [];
  let current = '';
  for (const r of rows) {
    const part = rangeAddress(r, 0, 1, cols);
    if (current && current.length + part.length + 1 > maxChars) {
      out.push(current);
      current = '';
    }
    current = current ? `${current},${part}` : part;
  }
  if (current) out.push(current);
  return out;
}

export async function writeGrid(ctx: Excel.RequestContext, spec: GridSheetSpec, notes: boolean): Promise<void> {
  const found = ctx.workbook.worksheets.getItemOrNullObject(spec.sheetName);
  found.load('name');
  await ctx.sync();
  let ws: Excel.Worksheet;
  if (found.isNullObject) {
    ws = ctx.workbook.worksheets.add(spec.sheetName);
  } else {
    ws = found;
    if (notes) {
      // The sheet is the add-in's own: every note on it came from an earlier pull.
      ws.notes.load('items');
      await ctx.sync();
      for (const n of ws.notes.items) n.delete();
    }
    ws.freezePanes.unfreeze();
    ws.getRange().clear('All');
  }
  const cols = spec.columns.length;
  const headerRow = spec.titles.length;
  const top = headerRow + 1;
  const n = spec.rows.length;
  ws.getRangeByIndexes(headerRow, 0, 1, cols).numberFormat = every('@');
  spec.columns.forEach((c, i) => {
    if (n > 0) ws.getRangeByIndexes(top, i, n, 1).numberFormat = every(NUMBER_FORMATS[c.format]);
  });
  await ctx.sync();

  const batch = new WriteBatch(ctx);
  for (const [i, t] of spec.titles.entries()) await writeValues(batch, ws, i, 0, [[t.text]]);
  await writeValues(batch, ws, headerRow, 0, [spec.header]);
  if (n > 0) await writeValues(batch, ws, top, 0, spec.rows);
  await batch.flush();

  spec.titles.forEach((t, i) => {
    const font = ws.getRangeByIndexes(i, 0, 1, 1).format.font;
    if (t.style === 'title') {
      font.bold = true;
      font.size = 14;
    } else font.italic = true;
  });
  const header = ws.getRangeByIndexes(headerRow, 0, 1, cols).format;
  header.font.bold = true;
  header.wrapText = true;
  header.horizontalAlignment = 'Center';
  header.verticalAlignment = 'Center';
  header.fill.color = '#DEECF9';
  spec.columns.forEach((c, i) => {
    ws.getRange(`${columnLetter(i)}:${columnLetter(i)}`).format.columnWidth = widthPoints(c.width);
    if (n > 0) ws.getRangeByIndexes(top, i, n, 1).format.wrapText = c.wrap;
  });
  const grid = ws.getRangeByIndexes(headerRow, 0, n + 1, cols).format;
  grid.verticalAlignment = 'Top';
  for (const b of BORDERS) {
    const border = grid.borders.getItem(b);
    border.style = 'Continuous';
    border.color = '#A19F9D';
  }
  for (const a of rowAreas(
    spec.styles.bold.map((r) => top + r),
    cols,
  ))
    ws.getRanges(a).format.font.bold = true;
  for (const a of rowAreas(
    spec.styles.italic.map((r) => top + r),
    cols,
  ))
    ws.getRanges(a).format.font.italic = true;
  for (const a of rowAreas(
    spec.styles.centered.map((r) => top + r),
    cols,
  ))
    ws.getRanges(a).format.horizontalAlignment = 'Center';
  ws.freezePanes.freezeRows(headerRow + 1);
  ws.activate();
  await ctx.sync();

  for (const h of spec.highlights) {
    await fillCells(
      batch,
      ws,
      { row: top, col: 0 },
      h.cols.map((col) => ({ row: h.row, col })),
      h.color,
    );
  }
  await batch.flush();
  if (notes) {
    for (const h of spec.highlights) {
      if (!h.note || h.cols.length === 0) continue;
      const address = rangeAddress(top + h.row, h.cols[0]!, 1, 1);
      const text = h.note;
      await batch.add({
        bytes: 120 + text.length * 3,
        run: () => {
          ws.notes.add(address, text);
        },
      });
    }
    await batch.flush();
  }
  if (n > 0) ws.getRangeByIndexes(top, 0, n, cols).format.autofitRows();
  await ctx.sync();
}
