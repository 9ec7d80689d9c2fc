/**
 * Cell styles of the merged appendix, as the printed one looks: Times New Roman (the font of
 * Vietnamese administrative documents), thin borders, bold headings, amounts "#,##0".
 *
 * ExcelJS maps a style object to a style id by object identity, so every style here is built
 * once and reused; a fresh object per cell would cost a lookup by content for each of them.
 */
import type ExcelJS from 'exceljs';
import type { RowKind } from '../../domain/index.js';

export type CellStyle = Partial<ExcelJS.Style>;

/** How a column is laid out: centred code, wrapped text, right-aligned amount. */
export type ColumnClass = 'code' | 'text' | 'amount';
/** 0: not flagged; 1: its row is flagged; 2: the cell itself is flagged. */
export type FlagLevel = 0 | 1 | 2;

export const AMOUNT_FORMAT = '#,##0';
// Only for amounts with decimals: "#,##0.###" shows a bare "1.234," on whole numbers.
export const DECIMAL_FORMAT = '#,##0.###';
/** Light orange for a flagged cell, light yellow for the rest of a flagged row. */
export const FLAG_FILLS = { cell: 'FFFCD5B4', row: 'FFFFF2CC' } as const;

const FONT = 'Times New Roman';
const SIZE = 12;
const thin = { style: 'thin' } as const;
const BORDER: CellStyle['border'] = { top: thin, left: thin, bottom: thin, right: thin };

export const TITLE_STYLE: CellStyle = {
  font: { name: FONT, size: 14, bold: true },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
};
export const SUBTITLE_STYLE: CellStyle = {
  font: { name: FONT, size: SIZE, italic: true },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
};
export const UNIT_STYLE: CellStyle = {
  font: { name: FONT, size: SIZE, italic: true },
  alignment: { horizontal: 'right', vertical: 'middle' },
};

export type TableRowKind = 'header' | RowKind;
const ROW_KINDS: readonly TableRowKind[] = [
  'header',
  'column_numbers',
  'grand_total',
  'section',
  'subsection',
  'item',
  'subitem',
];
const CLASSES: readonly ColumnClass[] = ['code', 'text', 'amount'];

function font(kind: TableRowKind): Partial<ExcelJS.Font> {
  switch (kind) {
    case 'header':
    case 'grand_total':
    case 'section':
      return { name: FONT, size: SIZE, bold: true };
    case 'subsection':
      return { name: FONT, size: SIZE, bold: true, italic: true };
    case 'column_numbers':
      return { name: FONT, size: SIZE, italic: true };
    default:
      return { name: FONT, size: SIZE };
  }
}

function alignment(kind: TableRowKind, cls: ColumnClass): Partial<ExcelJS.Alignment> {
  if (kind === 'header' || kind === 'column_numbers' || cls === 'code')
    return { horizontal: 'center', vertical: 'middle', wrapText: true };
  if (cls === 'amount') return { horizontal: 'right', vertical: 'middle' };
  return { horizontal: 'left', vertical: 'middle', wrapText: true };
}

function build(kind: TableRowKind, cls: ColumnClass, decimals: boolean, flag: FlagLevel): CellStyle {
  const style: CellStyle = { font: font(kind), alignment: alignment(kind, cls), border: BORDER };
  if (cls === 'amount' && kind !== 'header' && kind !== 'column_numbers')
    style.numFmt = decimals ? DECIMAL_FORMAT : AMOUNT_FORMAT;
  if (flag > 0)
    style.fill = {
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: flag === 2 ? FLAG_FILLS.cell : FLAG_FILLS.row },
    };
  return style;
}

/** Every table cell style, built on first use and then shared. */
export class StyleBook {
  private readonly styles: (CellStyle | undefined)[] = [];

  get(kind: TableRowKind, cls: ColumnClass, decimals: boolean, flag: FlagLevel): CellStyle {
    const i = ((ROW_KINDS.indexOf(kind) * CLASSES.length + CLASSES.indexOf(cls)) * 2 + (decimals ? 1 : 0)) * 3 + flag;
    return (this.styles[i] ??= build(kind, cls, decimals, flag));
  }
}

/** The class of a column type from the table definitions. */
export function columnClass(type: string): ColumnClass {
  return type === 'code' ? 'code' : type === 'amount' ? 'amount' : 'text';
}
