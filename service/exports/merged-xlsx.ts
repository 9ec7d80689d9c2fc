/**
 * The merged appendix as an .xlsx in the official layout, written with ExcelJS's streaming
 * writer so 40,000 rows never sit in memory as a workbook: title and subtitle, the unit above
 * the table, the header, the column-number and grand-total rows, headings in bold, amounts as
 * real numbers, the sending agency as a last column, and validators' flags as filled cells with
 * the messages in a cell note.
 *
 * Memory stays flat with the row count: ExcelJS's writer has no backpressure of its own, so the
 * loop waits for the zip every few hundred rows (see xlsx-backpressure.ts).
 *
 * Notes do work in streaming mode (ExcelJS ≥ 3.1, `lib/stream/xlsx/sheet-comments-writer.js`).
 * Keep to ONE sheet with notes: ExcelJS gives every VML drawing the same shape-id block, which
 * Excel reports as corrupt once two sheets carry notes (exceljs issue #3070).
 */
import type { Stream } from 'node:stream';
import ExcelJS from 'exceljs';
import { GRAND_TOTAL_LABEL, headingSpan, type MergedRow, type MergedTable, printedTitle } from '../../domain/index.js';
import { AGENCY_HEADER, FLAGS_HEADER, startsLikeFormula } from './cell-text.js';
import { indexFlags, noteText, type RowFlags } from './flags.js';
import { waitForSheet } from './xlsx-backpressure.js';
import {
  type CellStyle,
  type ColumnClass,
  columnClass,
  type FlagLevel,
  StyleBook,
  SUBTITLE_STYLE,
  TITLE_STYLE,
  UNIT_STYLE,
} from './xlsx-styles.js';

export interface MergedXlsxOptions {
  agencyName: (agencyId: string) => string;
  /** `${uid}:${columnKey}` (a cell) or `${uid}:` (the whole row) → Vietnamese messages. */
  flagsByCell?: ReadonlyMap<string, readonly string[]>;
  /** Receives the .xlsx bytes; ended by the writer when the file is complete. */
  stream: NodeJS.WritableStream;
  /** The line under the title: the round and when the rows were taken (`pulledLine`), as the pane's merged sheet writes it. */
  subtitle?: string;
}

/** Row numbers of the fixed top of the sheet. */
export const LAYOUT = { title: 1, subtitle: 2, unit: 3, header: 4 } as const;
const AGENCY_WIDTH = 30;
const FLAGS_WIDTH = 40;
/** Every so many rows, let the zip catch up until at most BACKLOG bytes of the sheet wait for it. */
const CHECK_EVERY = 200;
const BACKLOG = 2 * 2 ** 20;

/**
 * Write `merged` as .xlsx to `options.stream`; resolves once the file is complete.
 *
 * @example
 * await writeMergedXlsx(merged, { agencyName, flagsByCell, stream: createWriteStream('phu-luc-iii.xlsx') });
 */
export async function writeMergedXlsx(merged: MergedTable, options: MergedXlsxOptions): Promise<void> {
  // ExcelJS types its option as a Stream but only pipes into it; any writable stream will do.
  const stream = options.stream as NodeJS.WritableStream & Stream;
  let failure: Error | null = null;
  const broken = new Promise<never>((_, reject) => stream.once('error', (e: Error) => reject((failure = e))));
  broken.catch(() => undefined); // handled by the race below; not an unhandled rejection meanwhile
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = 'TổngHợp';
  // The table's columns, the sending agency, and the flags in words (to filter without colour).
  const width = merged.columns.length + 2;
  // Each printed page repeats the header, and the column numbers under it where the table has them.
  const lastTitleRow = merged.rows[0]?.kind === 'column_numbers' ? LAYOUT.header + 1 : LAYOUT.header;
  const sheet = workbook.addWorksheet(sheetName(merged.title), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: LAYOUT.header, topLeftCell: `A${LAYOUT.header + 1}` }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${LAYOUT.header}:${lastTitleRow}`,
    },
    headerFooter: { oddFooter: '&CTrang &P/&N', evenFooter: '&CTrang &P/&N' },
  });
  sheet.autoFilter = { from: { row: LAYOUT.header, column: 1 }, to: { row: LAYOUT.header, column: width } };
  sheet.columns = [...merged.columns.map((c) => ({ width: c.width })), { width: AGENCY_WIDTH }, { width: FLAGS_WIDTH }];

  banner(sheet, LAYOUT.title, width, printedTitle(merged.title), TITLE_STYLE, 24);
  banner(
    sheet,
    LAYOUT.subtitle,
    width,
    options.subtitle ?? `(Tổng hợp toàn tỉnh, giai đoạn ${merged.period.from} - ${merged.period.to})`,
    SUBTITLE_STYLE,
  );
  banner(sheet, LAYOUT.unit, width, merged.unit ? `ĐVT: ${merged.unit}` : null, UNIT_STYLE);

  const styles = new StyleBook();
  const classes: ColumnClass[] = [...merged.columns.map((c) => columnClass(c.type)), 'text', 'text'];
  const header = sheet.getRow(LAYOUT.header);
  header.height = 63;
  [...merged.columns.map((c) => c.header), AGENCY_HEADER, FLAGS_HEADER].forEach((text, i) => {
    const cell = header.getCell(i + 1);
    cell.value = text;
    cell.style = styles.get('header', classes[i]!, false, 0);
  });
  header.commit();

  const flags = indexFlags(options.flagsByCell, new Set(merged.columns.map((c) => c.key)));
  const nameIndex = Math.max(
    0,
    merged.columns.findIndex((c) => c.type === 'text'),
  );
  const writer = { sheet, styles, classes, merged, options, nameIndex };
  for (let i = 0; i < merged.rows.length; i++) {
    writeRow(writer, LAYOUT.header + 1 + i, merged.rows[i]!, flags);
    if (i % CHECK_EVERY === CHECK_EVERY - 1) await waitForSheet(sheet, BACKLOG, () => failure);
  }
  sheet.commit();
  // ExcelJS listens for the stream's errors only from here on; one that came earlier would
  // leave commit() waiting for a 'finish' that never comes.
  await Promise.race([workbook.commit(), broken]);
}

interface Writer {
  sheet: ExcelJS.Worksheet;
  styles: StyleBook;
  classes: readonly ColumnClass[];
  merged: MergedTable;
  options: MergedXlsxOptions;
  /** Column (0-based) that takes the note of a whole-row flag: the first text column, the name. */
  nameIndex: number;
}

function writeRow(w: Writer, rowNumber: number, row: MergedRow, flagIndex: Map<string, RowFlags>): void {
  const xlsRow = w.sheet.getRow(rowNumber);
  const flags = row.uid === null ? undefined : flagIndex.get(row.uid);
  const rowFlagged = flags !== undefined && flags.row.length > 0;
  const columns = w.merged.columns;
  const allMessages = flags ? [...flags.row, ...[...flags.cells.values()].flat()] : [];
  for (let i = 0; i <= columns.length + 1; i++) {
    const cell = xlsRow.getCell(i + 1);
    const isAgency = i === columns.length;
    const isFlags = i === columns.length + 1;
    const key = isAgency || isFlags ? '' : columns[i]!.key;
    let value = isFlags
      ? allMessages.length > 0
        ? noteText(allMessages)
        : null
      : isAgency
        ? row.agencyId === null
          ? null
          : w.options.agencyName(row.agencyId)
        : (row.cells[key] ?? null);
    // The column numbers are numbers in Excel too (text digits get a green "number stored as text" mark).
    if (row.kind === 'column_numbers' && typeof value === 'string' && /^\d+$/.test(value)) value = Number(value);
    if (row.kind === 'grand_total' && i === w.nameIndex && (value === null || value === '')) value = GRAND_TOTAL_LABEL;
    // A string value is written as text, never as a formula, whatever it starts with. Line
    // breaks become LF, Excel's own (XML would turn a bare CR into LF on reading anyway).
    if (typeof value === 'string' && value.includes('\r')) value = value.replace(/\r\n?/g, '\n');
    else if (typeof value === 'number' && !Number.isFinite(value)) value = null; // "NaN" is no XML number
    if (value !== null) cell.value = value;
    const cellMessages = flags && !isAgency && !isFlags ? flags.cells.get(key) : undefined;
    const flag: FlagLevel = cellMessages ? 2 : rowFlagged ? 1 : 0;
    const decimals = typeof value === 'number' && !Number.isInteger(value);
    cell.style = w.styles.get(row.kind, w.classes[i]!, decimals, flag) as ExcelJS.Style;
    // Text format, so that retyping the cell in Excel keeps it text instead of making it a live formula.
    if (typeof value === 'string' && startsLikeFormula(value)) cell.style = { ...cell.style, numFmt: '@' };
    const messages = i === w.nameIndex && rowFlagged ? [...flags.row, ...(cellMessages ?? [])] : cellMessages;
    if (messages) cell.note = noteText(messages);
  }
  if (row.kind === 'section' || row.kind === 'subsection') {
    const keys = columns.map((c) => c.key);
    let span = headingSpan(row.cells, keys, w.nameIndex);
    // A heading that reaches the table's end covers the agency column too, as printed.
    if (w.nameIndex + span === keys.length && row.agencyId === null) span++;
    if (span > 1) w.sheet.mergeCells(rowNumber, w.nameIndex + 1, rowNumber, w.nameIndex + span);
  }
  xlsRow.commit();
}

/** A line above the table, merged across its width (nothing is written for a null text). */
function banner(
  sheet: ExcelJS.Worksheet,
  rowNumber: number,
  width: number,
  text: string | null,
  style: CellStyle,
  height?: number,
): void {
  const row = sheet.getRow(rowNumber);
  if (height) row.height = height;
  if (text !== null) {
    const cell = row.getCell(1);
    cell.value = text;
    cell.style = style as ExcelJS.Style;
    sheet.mergeCells(rowNumber, 1, rowNumber, width);
  } else {
    row.height = 15;
  }
  row.commit();
}

/** "Phụ lục III — Tổng hợp…" → "Phụ lục III"; Excel allows 31 characters and none of []:*?/\. */
function sheetName(title: string): string {
  return (
    (title.split(/\s+[—–-]\s+/)[0] ?? title)
      .replace(/[[\]:*?/\\]/g, ' ')
      .slice(0, 31)
      .trim() || 'Tổng hợp'
  );
}
