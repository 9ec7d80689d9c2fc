/**
 * The merged province appendix as a sheet in the official layout: title, header, the column
 * numbers and grand total (budget), sections and items in official order, with the sending
 * agency and the service's flags beside each row, flagged rows highlighted.
 */
import { flagExcerpt } from '../../domain/consistency/excerpt.js';
import { GRAND_TOTAL_LABEL, printedTitle, pulledLine } from '../../domain/merge/printed-layout.js';
import type { TableDef } from '../../domain/tables.js';
import type { MergedResponse } from '../sync/api.js';
import { MERGED_SHEET_NAMES } from './layout.js';
import { FILL } from './marks.js';
import type { CellValue, ColumnFormat, GridSheetSpec } from './port.js';

const FORMAT_OF: Record<string, ColumnFormat> = { amount: 'amount', value: 'general' };

export function mergedGrid(merged: MergedResponse, def: TableDef, roundName: string, pulledAt: Date): GridSheetSpec {
  const columns = [
    ...merged.columns.map((c) => ({
      width: c.width,
      format: FORMAT_OF[c.type] ?? ('text' as ColumnFormat),
      wrap: c.width >= 20,
    })),
    { width: 24, format: 'text' as ColumnFormat, wrap: true },
    { width: 40, format: 'text' as ColumnFormat, wrap: true },
  ];
  const styles: GridSheetSpec['styles'] = { bold: [], italic: [], centered: [] };
  const highlights: GridSheetSpec['highlights'] = [];
  const rows: CellValue[][] = merged.rows.map((r, i) => {
    if (r.kind === 'column_numbers') {
      styles.italic.push(i);
      styles.centered.push(i);
    }
    if (r.kind === 'grand_total' || r.kind === 'section' || r.kind === 'subsection') styles.bold.push(i);
    if (r.kind === 'subsection') styles.italic.push(i);
    const rowFlags = r.flagIds.flatMap((id) => (merged.flags[id] ? [merged.flags[id]] : []));
    // Shortened per row: a flag about forty agencies' rows lists them all (flagExcerpt).
    const messages = rowFlags.map((f) => flagExcerpt(f.message));
    const flags = messages.map((m) => `• ${m}`).join('\n');
    if (rowFlags.length > 0) {
      highlights.push({
        row: i,
        cols: merged.columns.map((_, c) => c).concat(merged.columns.length + 1),
        color: rowFlags.some((f) => f.severity === 'error') ? FILL.error : FILL.warning,
        note: `[TổngHợp] ${messages.join('\n')}`,
      });
    }
    const cells = merged.columns.map((c) => {
      const v = c.key === 'code' ? (r.cells.code ?? r.code) : r.cells[c.key];
      return v === null || v === undefined ? '' : v;
    });
    if (r.kind === 'grand_total' && cells[1] === '') cells[1] = GRAND_TOTAL_LABEL;
    return [...cells, r.agencyName ?? '', flags];
  });
  const titles: GridSheetSpec['titles'] = [
    { text: printedTitle(def.title), style: 'title' },
    { text: pulledLine(roundName, pulledAt), style: 'subtitle' },
  ];
  if (merged.unit) titles.push({ text: `ĐVT: ${merged.unit}`, style: 'unit' });
  return {
    sheetName: MERGED_SHEET_NAMES[merged.table],
    columns,
    titles,
    header: [...merged.columns.map((c) => c.header), 'Cơ quan gửi', 'Cảnh báo của hệ thống'],
    rows,
    styles,
    highlights,
  };
}
