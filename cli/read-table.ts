/**
 * Reading a table from a .csv or .xlsx file: find the header row (even below a title), map its
 * columns to the table's keys, and return the data rows with their line numbers in the file.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { findColumn, isBlank, type Period, parsePeriod, type TableName, tableDef } from '../domain/index.js';

export class TableReadError extends Error {}

export interface ReadTable {
  rows: Record<string, string | number | null>[];
  /** Line (1-based) in the file of each data row. */
  lines: number[];
  /** Period read from the headers ("Nhu cầu vốn giai đoạn 2021 - 2025"), when they name one. */
  period: Period | null;
}

type Grid = (string | number | null)[][];

export async function readTableFile(path: string, table: TableName, period?: Period): Promise<ReadTable> {
  const ext = extname(path).toLowerCase();
  let grid: Grid;
  try {
    if (ext === '.csv') grid = await readCsv(path);
    else if (ext === '.xlsx') grid = await readXlsx(path);
    else throw new TableReadError(`Chỉ đọc được tệp .csv hoặc .xlsx, không đọc được tệp «${ext || path}».`);
  } catch (error) {
    if (error instanceof TableReadError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new TableReadError(`Không tìm thấy tệp «${path}».`);
    throw new TableReadError(`Không đọc được tệp «${path}»: ${(error as Error).message}`);
  }
  return gridToTable(grid, table, period);
}

async function readCsv(path: string): Promise<Grid> {
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  return parseCsv(text, { relax_column_count: true, skip_empty_lines: false }) as Grid;
}

async function readXlsx(path: string): Promise<Grid> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new TableReadError('Tệp .xlsx không có trang tính nào.');
  const grid: Grid = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: (string | number | null)[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellValue(cell.value);
    });
    grid[rowNumber - 1] = cells;
  });
  for (let i = 0; i < grid.length; i++) grid[i] ??= [];
  return grid;
}

function cellValue(value: ExcelJS.CellValue): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return `${value.getUTCDate()}/${value.getUTCMonth() + 1}/${value.getUTCFullYear()}`;
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('result' in value) return cellValue(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  return String(value);
}

const PERIOD_IN_HEADER = /giai\s+đoạn\s+(\d{4})\s*[-–]\s*(\d{4})/iu;

function gridToTable(grid: Grid, table: TableName, requested?: Period): ReadTable {
  // The header row is the first of the top rows in which most cells name a column of the table.
  for (let h = 0; h < Math.min(grid.length, 30); h++) {
    const headerCells = (grid[h] ?? []).map((c) => (c === null ? '' : String(c)));
    const fromHeader = headerCells.map((c) => PERIOD_IN_HEADER.exec(c.normalize('NFC'))).find((m) => m);
    const period = requested ?? (fromHeader ? parsePeriod(`${fromHeader[1]}-${fromHeader[2]}`) : undefined);
    const def = tableDef(table, period);
    const mapping = headerCells.map((c) => (c.trim() === '' ? undefined : findColumn(def, c)));
    const found = new Set(mapping.filter((m) => m).map((m) => m!.key));
    if (found.size < Math.ceil(def.columns.length / 2)) continue;
    const missing = def.columns.filter((c) => c.required && !found.has(c.key));
    if (missing.length > 0) {
      throw new TableReadError(
        `Dòng tiêu đề (dòng ${h + 1}) thiếu cột bắt buộc: ${missing.map((c) => `«${c.header}»`).join(', ')}.`,
      );
    }
    const rows: ReadTable['rows'] = [];
    const lines: number[] = [];
    for (let r = h + 1; r < grid.length; r++) {
      const cells = grid[r] ?? [];
      if (cells.every((c) => isBlank(c))) continue;
      const row: Record<string, string | number | null> = {};
      mapping.forEach((col, i) => {
        if (col) row[col.key] = cells[i] ?? null;
      });
      rows.push(row);
      lines.push(r + 1);
    }
    return { rows, lines, period: fromHeader ? parsePeriod(`${fromHeader[1]}-${fromHeader[2]}`) : null };
  }
  const def = tableDef(table, requested);
  throw new TableReadError(
    `Không tìm thấy dòng tiêu đề của bảng «${def.title}» trong 30 dòng đầu. Cần các cột: ${def.columns.map((c) => `«${c.header}»`).join(', ')} (hoặc mã cột ${def.columns.map((c) => c.key).join(', ')}).`,
  );
}
