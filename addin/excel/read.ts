/// <reference types="office-js" />
/**
 * Reading a table inside an Excel.run: header, position and body values, loading only `values`
 * and the body's position, in as few requests as the response limit allows.
 */

import type { CellValue, TableSnapshot } from '../sheet/port.js';
import { REQUEST_BUDGET, rowBytes } from '../sheet/size.js';
import { isPayloadError } from './batch.js';

/** Rows read in the first request, together with the header and the body's position. */
const FIRST_ROWS = 2000;

export interface ReadTable {
  snapshot: Omit<TableSnapshot, 'state'>;
  worksheet: Excel.Worksheet;
  worksheetId: string;
  /** The sheet is protected (an accepted sheet, locked by the add-in): writes need it lifted first. */
  protected: boolean;
}

function isMissing(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === 'ItemNotFound';
}

/** The table and its sheet, or null when the workbook has no table of that name. */
export async function readTable(
  ctx: Excel.RequestContext,
  tableName: string,
  budget = REQUEST_BUDGET,
  firstRows = FIRST_ROWS,
): Promise<ReadTable | null> {
  const table = ctx.workbook.tables.getItem(tableName);
  const worksheet = table.worksheet.load('name,id');
  const protection = worksheet.protection.load('protected');
  const header = table.getHeaderRowRange().load('values');
  const body = table.getDataBodyRange().load('rowIndex,columnIndex,rowCount,columnCount');
  // Speculatively read the first rows with the rest: small tables need no second request.
  const first =
    firstRows > 0
      ? body
          .getRow(0)
          .getResizedRange(firstRows - 1, 0)
          .load('values')
      : null;
  try {
    await ctx.sync();
  } catch (e) {
    if (isMissing(e)) return null;
    // Very long rows: read the position alone, then the body in smaller pieces.
    if (first && isTooLarge(e)) return readTable(ctx, tableName, budget, 0);
    throw e;
  }
  const rows: CellValue[][] = first ? (first.values as CellValue[][]).slice(0, body.rowCount) : [];
  if (body.rowCount > rows.length) {
    const avg =
      rows.length > 0 ? Math.max(16, rows.reduce((n, r) => n + rowBytes(r), 0) / rows.length) : 40 * body.columnCount;
    await readRest(
      ctx,
      worksheet,
      { row: body.rowIndex, col: body.columnIndex, rows: body.rowCount, cols: body.columnCount },
      rows,
      Math.max(50, Math.floor(budget / avg)),
    );
  }
  return {
    snapshot: {
      sheetName: worksheet.name,
      tableName,
      headers: (header.values[0] ?? []).map((h) => String(h)),
      rows,
      origin: { row: body.rowIndex, col: body.columnIndex },
    },
    worksheet,
    worksheetId: worksheet.id,
    protected: protection.protected,
  };
}

const isTooLarge = (e: unknown) =>
  isPayloadError(e) || (e as { code?: string } | null)?.code === 'ResponsePayloadSizeLimitExceeded';

/** Read the body from `out.length` on, `perRequest` rows at a time; halve on a response that is too large. */
async function readRest(
  ctx: Excel.RequestContext,
  ws: Excel.Worksheet,
  body: { row: number; col: number; rows: number; cols: number },
  out: CellValue[][],
  perRequest: number,
): Promise<void> {
  let step = perRequest;
  while (out.length < body.rows) {
    const start = out.length;
    const count = Math.min(step, body.rows - start);
    const range = ws.getRangeByIndexes(body.row + start, body.col, count, body.cols).load('values');
    try {
      await ctx.sync();
    } catch (e) {
      if (!isTooLarge(e)) throw e;
      if (step === 1) throw e;
      step = Math.max(1, step >> 1);
      continue;
    }
    for (const r of range.values as CellValue[][]) out.push(r);
  }
}
