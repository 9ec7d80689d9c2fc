/**
 * How a table of the appendix is laid out on a sheet: the official columns from the table
 * definition, framed by the add-in's own columns (section "Mục" in front; reviewers' comments,
 * check marks and the row id at the end), with formats, widths and dropdowns derived from the
 * column types. Pure data: the adapter only writes what this says.
 */

import { toRoman } from '../../domain/parse/code.js';
import type { OutlineEntry } from '../../domain/round.js';
import { type ColumnType, type Period, tableDef } from '../../domain/tables.js';
import { TABLE_NAMES, TASK_STATUSES, type TableName } from '../../domain/values.js';
import { absoluteRef } from './a1.js';
import type { SheetColumn } from './columns.js';
import { sheetColumns } from './columns.js';
import type { CellValue, ColumnSpec, LookupSpec, TableSheetSpec, TableSnapshot, WorkbookState } from './port.js';
import { rowCells, rowsFromSnapshot, type SheetRowValues } from './rows.js';

export const LOOKUP_SHEET = 'TongHop_DanhMuc';

/** Where the add-in keeps its state on the lookup sheet (0-based): one JSON cell. */
export const STATE_CELL = { row: 1, col: 25 } as const;

export const SHEET_NAMES: Record<TableName, string> = {
  targets: 'PL I - Mục tiêu',
  tasks: 'PL II - Nhiệm vụ',
  budget: 'PL III - Kinh phí',
  priorities: 'Nhiệm vụ cần làm ngay',
  progress: 'Tiến độ nhiệm vụ',
  'target-progress': 'Kết quả mục tiêu',
};

export const MERGED_SHEET_NAMES: Record<TableName, string> = {
  targets: 'Tổng hợp PL I - Mục tiêu',
  tasks: 'Tổng hợp PL II - Nhiệm vụ',
  budget: 'Tổng hợp PL III - Kinh phí',
  priorities: 'Tổng hợp cần làm ngay',
  progress: 'Tổng hợp tiến độ',
  'target-progress': 'Tổng hợp kết quả mục tiêu',
};

/** Excel table names allow no spaces or diacritics; these are the add-in's own. */
export const excelTableName = (table: TableName) => `TongHop_${table}`;
export const tableOfExcelName = (name: string): TableName | null =>
  (TABLE_NAMES as readonly string[]).includes(name.replace(/^TongHop_/, '')) && name.startsWith('TongHop_')
    ? (name.slice(8) as TableName)
    : null;

/** The lookup sheet's lists, in a fixed column order so dropdown sources stay put. */
type ListName = 'agencies' | 'timeframes' | 'statuses' | `sections:${TableName}`;
const LIST_ORDER: readonly ListName[] = [
  'agencies',
  'timeframes',
  'statuses',
  ...TABLE_NAMES.map((t) => `sections:${t}` as const),
];
const listColumn = (name: ListName) => LIST_ORDER.indexOf(name);

/** Which dropdown a column type gets. Statuses attach to a `status` column once a table has one. */
const LIST_OF_TYPE: Partial<Record<ColumnType | 'status', ListName>> = {
  agency: 'agencies',
  agencies: 'agencies',
  timeframe: 'timeframes',
  status: 'statuses',
};

/** Time frames offered in the dropdown: the phrases the plans use, for the round's period. */
export function timeframeChoices(period: Period): string[] {
  const years = Array.from({ length: period.to - period.from + 1 }, (_, i) => period.from + i);
  return [
    'Thường xuyên',
    'Hằng năm',
    'Định kỳ 6 tháng, hằng năm',
    'Hằng quý',
    `${period.from} - ${period.to}`,
    ...years.map((y) => `Năm ${y}`),
    ...years.slice(0, -1).map((y) => `${y} - ${y + 1}`),
    ...years.flatMap((y) => [1, 2, 3, 4].map((q) => `Quý ${toRoman(q)}/${y}`)),
  ];
}

export interface LayoutInput {
  table: TableName;
  period: Period;
  roundName: string;
  agencyName: string | null;
  /** Every table's outline (the round's), for the section dropdowns. */
  outline: Partial<Record<TableName, readonly OutlineEntry[]>>;
  /** Canonical agency names, for the dropdowns. */
  agencies: readonly string[];
}

export function lookupSpec(input: LayoutInput): LookupSpec {
  const items: Record<ListName, { header: string; items: string[] }> = {
    agencies: { header: 'Cơ quan, đơn vị', items: [...input.agencies].sort((a, b) => a.localeCompare(b, 'vi')) },
    timeframes: { header: 'Thời gian thực hiện', items: timeframeChoices(input.period) },
    statuses: { header: 'Tình trạng', items: [...TASK_STATUSES] },
    ...(Object.fromEntries(
      TABLE_NAMES.map((t) => [
        `sections:${t}`,
        { header: `Mục (${t})`, items: (input.outline[t] ?? []).map((e) => e.path) },
      ]),
    ) as Record<`sections:${TableName}`, { header: string; items: string[] }>),
  };
  return { sheetName: LOOKUP_SHEET, lists: LIST_ORDER.map((n) => items[n]) };
}

function listSource(lookup: LookupSpec, name: ListName): string | null {
  const col = listColumn(name);
  const count = lookup.lists[col]!.items.length;
  return count === 0 ? null : absoluteRef(lookup.sheetName, 1, col, count);
}

const PROMPTS: Partial<Record<ListName | 'sections', string>> = {
  agencies: 'Chọn cơ quan trong danh sách. Có nhiều cơ quan thì ghi tên đầy đủ, ngăn cách bằng dấu chấm phẩy (;).',
  timeframes:
    'Chọn hoặc ghi theo mẫu: Quý I/2026, Năm 2026, 2026 - 2027, Hằng năm, Thường xuyên, trước ngày 20/5/2026.',
  sections: 'Chọn mục theo khung của đợt (ví dụ II hoặc II/B).',
};

function columnSpec(column: SheetColumn, table: TableName, lookup: LookupSpec): ColumnSpec {
  const base: ColumnSpec = {
    header: column.header,
    format: 'text',
    width: column.width,
    wrap: column.width >= 20,
    hidden: false,
    list: null,
    readOnlyLook: false,
  };
  switch (column.kind) {
    case 'section': {
      const source = listSource(lookup, `sections:${table}`);
      return { ...base, list: source ? { source, strict: true, prompt: PROMPTS.sections! } : null };
    }
    case 'comments':
      return { ...base, wrap: true, readOnlyLook: true };
    case 'marks':
    case 'uid':
      return { ...base, hidden: true };
    case 'domain': {
      const type = column.type!;
      const format = type === 'amount' ? 'amount' : type === 'value' ? 'general' : 'text';
      const listName = LIST_OF_TYPE[type];
      const source = listName ? listSource(lookup, listName) : null;
      // Agency cells may list several agencies and time frames are free phrases: the list is a hint, never a wall.
      return {
        ...base,
        format,
        list: source && listName ? { source, strict: false, prompt: PROMPTS[listName] ?? null } : null,
      };
    }
  }
}

/**
 * The layout of a table sheet with its rows: the existing rows (re-insert), the server's rows
 * (first insert when the agency already sent some), or one empty row for a new table.
 */
export function buildTableSheet(
  input: LayoutInput,
  state: WorkbookState,
  existing: TableSnapshot | null,
  serverRows: readonly SheetRowValues[] | null,
): TableSheetSpec {
  const def = tableDef(input.table, input.period);
  const columns = sheetColumns(def);
  const lookup = lookupSpec(input);
  let rows: CellValue[][];
  // Rows carried over lose their check marks: the fills and notes stay behind on the old layout.
  if (existing) rows = rowsFromSnapshot(existing, def).map((r) => rowCells({ ...r, _marks: '' }, columns));
  else if (serverRows && serverRows.length > 0) rows = serverRows.map((r) => rowCells(r, columns));
  else rows = [columns.map(() => '')];
  if (rows.length === 0) rows = [columns.map(() => '')];
  const titles: TableSheetSpec['titles'] = [
    { text: def.title, style: 'title' },
    { text: [input.roundName, input.agencyName].filter(Boolean).join(' — '), style: 'subtitle' },
  ];
  if (def.unit) titles.push({ text: `ĐVT: ${def.unit}`, style: 'unit' });
  return {
    sheetName: SHEET_NAMES[input.table],
    tableName: excelTableName(input.table),
    titles,
    columns: columns.map((c) => columnSpec(c, input.table, lookup)),
    rows,
    lookup,
    state,
    freezeColumns: 2,
  };
}
