/**
 * The one entry point every caller uses (task pane, service, CLI): check a table's rows and
 * return the findings with what was learned about each row.
 */
import { messages } from '../messages.js';
import { checkProgressRows } from '../progress/checks.js';
import { type Finding, finding, sortFindings } from '../report.js';
import type { TableDef } from '../tables.js';
import { cellPlan, checkCells } from './cells.js';
import { appendixPlaces, type RowPlace, sheetPlaces } from './classify.js';
import type { CheckContext } from './context.js';
import { DuplicateRows } from './duplicates.js';
import { FactTable, type RowFacts } from './facts.js';
import { checkNumbering } from './numbering.js';
import { stripHiddenMarks, textFindings } from './text.js';
import { checkTotals, type Totals } from './totals.js';

export type Layout = 'appendix' | 'sheet';

export interface CheckedTable {
  findings: Finding[];
  /** The rows as checked: agency names without hidden marks (the rows given when none had any). */
  rows: readonly Record<string, unknown>[];
  places: RowPlace[];
  facts: RowFacts[];
  totals: Totals;
}

/**
 * `appendix`: the official table as printed (column-number row, grand total, section rows, items).
 * `sheet`: one agency's rows, each with a `section` path, without heading rows.
 */
export function checkRows(
  ctx: CheckContext,
  rows: readonly Record<string, unknown>[],
  layout: Layout = 'appendix',
): CheckedTable {
  const { findings, places, facts, totals, rows: checked } = checkTable(ctx, rows, layout);
  return { findings, rows: checked, places: places.rowPlaces(), facts: facts.rowFacts(), totals };
}

/** `checkRows` with places and facts left column-wise: for callers that want only the findings. */
export function checkTable(ctx: CheckContext, given: readonly Record<string, unknown>[], layout: Layout = 'appendix') {
  const { def } = ctx;
  // Hidden marks in agency names are taken out before any check reads the names (one warning
  // per cell, instead of an unknown agency that looks exactly like a known one).
  const stripped = ctx.scanCharacters !== false ? stripHiddenMarks(def, given) : null;
  const rows = stripped?.rows ?? given;
  const findings: Finding[] = stripped ? stripped.findings : [];
  const places = layout === 'appendix' ? appendixPlaces(def, rows) : sheetPlaces(rows, ctx.parentKeys);
  const facts = new FactTable(def, rows.length);
  const plan = cellPlan(ctx, facts);
  const rowNumber = ctx.rowNumber ?? ((row: number) => row);
  const duplicates = new DuplicateRows(def, rows, rowNumber);
  for (let i = 0; i < rows.length; i++) {
    checkCells(plan, facts, rows[i]!, places, i, findings);
    if (places.isData(i)) duplicates.note(i);
  }
  if (layout === 'sheet' && ctx.sections) checkSections(ctx, rows, findings);
  checkNumbering(places, codeColumn(def), layout, findings, rowNumber);
  const totals = checkTotals(def, places, facts, findings, rowNumber);
  duplicates.report(findings);
  for (const f of textFindings(def, rows, { characters: ctx.scanCharacters !== false })) findings.push(f);
  if (ctx.progress) for (const f of checkProgressRows(def, rows, ctx.progress)) findings.push(f);
  sortFindings(
    findings,
    def.columns.map((c) => c.key),
  );
  return { findings, places, facts, totals, rows };
}

function codeColumn(def: TableDef) {
  return def.columns.find((c) => c.type === 'code')!;
}

function checkSections(ctx: CheckContext, rows: readonly Record<string, unknown>[], out: Finding[]): void {
  const known = new Set(ctx.sections);
  const column = { key: 'section', header: 'Mục', type: 'text', required: true, width: 8 } as const;
  for (let i = 0; i < rows.length; i++) {
    const section = String(rows[i]!.section ?? '').trim();
    if (!known.has(section))
      out.push(finding(i + 1, column, 'unknown_section', 'error', messages.unknownSection(section, ctx.sections!)));
  }
}
