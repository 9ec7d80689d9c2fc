/**
 * Which budget rows carry money and where it comes from, as the declared-total check reads them
 * and the console's overview shows them.
 *
 * The budget table has no funding-source column, so the source is read from the leads: a line
 * led only by enterprises ("Các doanh nghiệp viễn thông", "Doanh nghiệp ICT") is enterprise
 * money (non_state); every other line is state budget, provincial and central together, since
 * nothing in a row tells them apart.
 */
import type { AgencyMatch, AgencyMatcher } from '../parse/agency.js';
import { parseVnNumber } from '../parse/number.js';
import type { SheetRowRecord } from '../round.js';
import { type Period, tableDef } from '../tables.js';
import { isEnterprise } from './groups.js';

/** A line led by enterprises only: its money is not the state's. */
export function isEnterpriseLed(leads: readonly AgencyMatch[]): boolean {
  return leads.length > 0 && leads.every(isEnterprise);
}

/**
 * Rows that carry money: a parent item whose sub-items exist in the same sheet and section
 * ("1" with "1.1") counts only through them, as in the official totals.
 */
export function leafRows<T extends { row: Pick<SheetRowRecord, 'agencyId' | 'section' | 'code'> }>(
  facts: readonly T[],
): T[] {
  const code = (f: T) => f.row.code.trim().replace(/\.$/, '');
  const parents = new Set<string>();
  for (const f of facts) {
    const c = code(f);
    const cut = c.lastIndexOf('.');
    if (cut > 0) parents.add(`${f.row.agencyId}|${f.row.section}|${c.slice(0, cut)}`);
  }
  return facts.filter((f) => !parents.has(`${f.row.agencyId}|${f.row.section}|${code(f)}`));
}

export interface SourceTotals {
  /** Sum of the leaf rows' total column. */
  grand: number;
  /** Lines led by enterprises only. */
  nonState: number;
  /** Everything else: provincial and targeted central budget together. */
  state: number;
}

const round = (v: number) => Math.round(v * 1000) / 1000;

function amountOf(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : 0;
  const parsed = parseVnNumber(v);
  return parsed.ok && parsed.value !== null ? parsed.value : 0;
}

/**
 * The budget's grand total split by funding source. A blank total counts as the sum of the years.
 *
 * @example
 * budgetSourceTotals(rows, matcher, { from: 2026, to: 2030 }); // { grand: 9615243, nonState: 3073000, state: 6542243 }
 */
export function budgetSourceTotals(
  rows: readonly SheetRowRecord[],
  matcher: AgencyMatcher,
  period: Period,
): SourceTotals {
  const def = tableDef('budget', period);
  let grand = 0;
  let nonState = 0;
  for (const { row } of leafRows(rows.filter((r) => r.table === 'budget').map((row) => ({ row })))) {
    const cell = row.cells[def.totalKey!];
    const total =
      cell === null || cell === undefined || String(cell).trim() === ''
        ? def.yearKeys.reduce((s, k) => s + amountOf(row.cells[k]), 0)
        : amountOf(cell);
    grand += total;
    if (
      isEnterpriseLed(
        matcher.matchList(
          typeof row.cells[def.leadKey!] === 'string' ? (row.cells[def.leadKey!] as string).trim() : '',
        ),
      )
    )
      nonState += total;
  }
  return { grand: round(grand), nonState: round(nonState), state: round(grand - nonState) };
}
