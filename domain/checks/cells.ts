/**
 * Checks of one row's cells: required cells, types, amounts, agencies and time frames.
 * Everything that does not depend on the row (columns by type, memo tables, fixed messages) is
 * resolved once per run in a `CellPlan`; cell texts are judged once each (see `verdicts.ts`).
 */
import { messages } from '../messages.js';
import type { AgencyMatch, AgencyMatcher } from '../parse/agency.js';
import { foreignIssuer, parseDocuments } from '../parse/document.js';
import { parseVnNumber, plainAmount } from '../parse/number.js';
import { finding, type Finding } from '../report.js';
import type { ColumnDef, Period, TableDef } from '../tables.js';
import { cleanText, isBlank } from '../text.js';
import type { PlaceTable } from './classify.js';
import type { CheckContext } from './context.js';
import type { FactTable } from './facts.js';
import {
  agencyMemo, agencyVerdict, judgeLeadInPartners, leadInPartnersMemoOf, readAmount, stamp, stampAll, template,
  timeframeMemo, timeframeVerdict, type CellVerdict, type Template, type TimeframeVerdict,
} from './verdicts.js';

/** One checked column with what its checks need at hand. */
interface PlannedColumn {
  readonly column: ColumnDef;
  readonly key: string;
  readonly type: ColumnDef['type'];
  readonly required: boolean;
  readonly isName: boolean;
  /** Findings whose text depends on the column only. */
  readonly notText: Template;
  readonly missing: Template;
  /** Amount and agency columns: their place in the fact table. */
  readonly slot: number;
  /** Agency columns: their verdict memo. */
  readonly agencies: Map<string, CellVerdict> | null;
}

/** What a blank cell of a row breaks. */
type BlankRule = 'none' | 'required' | 'name';

/** The row-independent part of a check run. */
export interface CellPlan {
  readonly def: TableDef;
  readonly period: Period;
  readonly matcher: AgencyMatcher;
  /**
   * The checked columns by type. Each kind is checked in its own loop; findings are sorted by
   * row and column afterwards, so only the order within one column matters, and that is kept.
   */
  readonly texts: readonly PlannedColumn[];
  readonly amounts: readonly PlannedColumn[];
  readonly agencyColumns: readonly PlannedColumn[];
  readonly timeframeColumns: readonly PlannedColumn[];
  readonly timeframes: Map<string, TimeframeVerdict>;
  readonly documentColumn: ColumnDef | null;
  readonly totalColumn: ColumnDef | null;
  /** Fact-table slots of the total and of the years it must equal, -1 when absent. */
  readonly totalSlot: number;
  readonly yearSlots: readonly number[];
  /** "2026–2030", for the year-sum message. */
  readonly yearsLabel: string;
  readonly partnersColumn: ColumnDef | null;
  readonly leadSlot: number;
  readonly partnersSlot: number;
  readonly leadInPartners: Map<AgencyMatch[], Map<AgencyMatch[], Template[]>>;
}

export function cellPlan(ctx: CheckContext, facts: FactTable): CellPlan {
  const { def, matcher } = ctx;
  const columns = def.columns
    .filter((column) => column.type !== 'code')
    .map((column): PlannedColumn => ({
      column,
      key: column.key,
      type: column.type,
      required: column.required,
      isName: column.key === def.nameKey,
      notText: template(column, 'type', 'error', messages.notText(column.header)),
      missing: template(column, 'required', 'error', messages.required(column.header)),
      slot: column.type === 'amount' ? facts.amountSlot(column.key) : facts.agencySlot(column.key),
      agencies: column.type === 'agency' || column.type === 'agencies' ? agencyMemo(matcher, def, column) : null,
    }));
  const years = def.yearKeys;
  const partnersColumn = def.columns.find((c) => c.key === def.partnersKey) ?? null;
  return {
    def,
    period: ctx.period,
    matcher,
    texts: columns.filter((c) => !['amount', 'agency', 'agencies', 'timeframe'].includes(c.type)),
    amounts: columns.filter((c) => c.type === 'amount'),
    agencyColumns: columns.filter((c) => c.type === 'agency' || c.type === 'agencies'),
    timeframeColumns: columns.filter((c) => c.type === 'timeframe'),
    timeframes: timeframeMemo(ctx.period),
    documentColumn: def.columns.find((c) => c.type === 'document') ?? null,
    totalColumn: def.columns.find((c) => c.key === def.totalKey) ?? null,
    totalSlot: facts.amountSlot(def.totalKey),
    yearSlots: years.map((key) => facts.amountSlot(key)),
    yearsLabel: years.length > 0 ? `${years[0]!.slice(1)}–${years[years.length - 1]!.slice(1)}` : '',
    partnersColumn,
    leadSlot: facts.agencySlot(def.leadKey),
    partnersSlot: facts.agencySlot(def.partnersKey),
    leadInPartners: leadInPartnersMemoOf(matcher, partnersColumn),
  };
}

/** Check the cells of row `index` (0-based), recording what it learns in `facts`. */
export function checkCells(plan: CellPlan, facts: FactTable, row: Record<string, unknown>, places: PlaceTable, index: number, out: Finding[]): void {
  const rowNo = index + 1;
  const kind = places.kinds[index]!;
  const isData = kind === 'item' || kind === 'subitem';
  // What a blank cell breaks: a data row without sub-rows must fill its required cells, a heading needs its name.
  const blank: BlankRule = isData ? (places.hasChildren(index) ? 'none' : 'required') : kind === 'section' || kind === 'subsection' ? 'name' : 'none';
  for (let c = 0; c < plan.texts.length; c++) {
    const planned = plan.texts[c]!;
    present(plan, row, row[planned.key], planned, blank, rowNo, out);
  }
  for (let c = 0; c < plan.amounts.length; c++) {
    const planned = plan.amounts[c]!;
    const cell = row[planned.key];
    // The common case first: a plain amount needs neither a blank check nor a parse result.
    const plain = typeof cell === 'string' ? plainAmount(cell) : -1;
    if (plain >= 0) facts.setAmount(index, planned.slot, plain);
    else if (present(plan, row, cell, planned, blank, rowNo, out)) checkAmount(planned, cell, facts, index, out);
    else if (isBlank(cell)) facts.setAmount(index, planned.slot, null);
  }
  if (!isData) {
    // Headings and totals: agencies and time frames are not checked, only their presence.
    for (const planned of plan.agencyColumns) present(plan, row, row[planned.key], planned, blank, rowNo, out);
    for (const planned of plan.timeframeColumns) present(plan, row, row[planned.key], planned, blank, rowNo, out);
    return;
  }
  for (let c = 0; c < plan.agencyColumns.length; c++) {
    const planned = plan.agencyColumns[c]!;
    const cell = row[planned.key];
    // A text met before is known to be present: its verdict answers at once.
    let verdict = typeof cell === 'string' ? planned.agencies!.get(cell) : undefined;
    if (verdict === undefined) {
      if (!present(plan, row, cell, planned, blank, rowNo, out)) continue;
      verdict = agencyVerdict(planned.agencies!, plan.matcher, plan.def, planned.column, typeof cell === 'string' ? cell : String(cell));
    }
    stampAll(rowNo, verdict.templates, out);
    facts.setAgencies(index, planned.slot, verdict.matches);
  }
  for (let c = 0; c < plan.timeframeColumns.length; c++) {
    const planned = plan.timeframeColumns[c]!;
    const cell = row[planned.key];
    if (!present(plan, row, cell, planned, blank, rowNo, out)) continue;
    const verdict = timeframeVerdict(plan.timeframes, plan.period, planned.column, cell);
    stampAll(rowNo, verdict.templates, out);
    facts.setTimeframe(index, verdict.value);
  }
  if (plan.documentColumn) checkDocument(plan, plan.documentColumn, facts, row, index, out);
  if (plan.totalSlot >= 0) checkYearSum(plan, facts, index, out);
  if (plan.leadSlot >= 0 && plan.partnersSlot >= 0) checkLeadInPartners(plan, facts, index, out);
}

/**
 * True when the cell holds text or a number to check further. Otherwise reports what is wrong:
 * a value of another type, or a blank where the row must fill the column.
 */
function present(plan: CellPlan, row: Record<string, unknown>, cell: unknown, planned: PlannedColumn, blank: BlankRule, rowNo: number, out: Finding[]): boolean {
  if (typeof cell === 'string') {
    if (!isBlank(cell)) return true;
  } else if (typeof cell === 'number') {
    return true;
  } else if (cell !== undefined && cell !== null) {
    out.push(stamp(rowNo, planned.notText));
    return false;
  }
  // Blank: a rule may require the cell.
  if (blank === 'required' && planned.required) out.push(requiredFinding(plan, row, planned, rowNo));
  else if (blank === 'name' && planned.isName) out.push(stamp(rowNo, planned.missing));
  return false;
}

function checkAmount(planned: PlannedColumn, cell: unknown, facts: FactTable, index: number, out: Finding[]): void {
  const rowNo = index + 1;
  const parsed = readAmount(cell);
  if (!parsed.ok) {
    out.push(finding(rowNo, planned.column, 'type', 'error', messages.notNumber(planned.column.header, parsed.reason)));
    facts.setAmount(index, planned.slot, null);
    facts.markUnreadable(index);
  } else {
    facts.setAmount(index, planned.slot, parsed.value);
    if (parsed.value !== null && parsed.value < 0) out.push(finding(rowNo, planned.column, 'negative_amount', 'error', messages.negative(planned.column.header)));
  }
}

function requiredFinding(plan: CellPlan, row: Record<string, unknown>, planned: PlannedColumn, rowNo: number): Finding {
  const { def } = plan;
  const column = planned.column;
  if (column.key === def.leadKey) {
    const name = row[def.nameKey];
    const glued = typeof name === 'string' ? (plan.matcher.agencyAtEnd(name)?.name ?? null) : null;
    if (glued) return finding(rowNo, column, 'required', 'error', messages.requiredLeadInName(column.header, glued), glued);
  }
  if (column.key === def.totalKey) {
    let sum = 0;
    let any = false;
    for (const key of def.yearKeys) {
      const parsed = parseVnNumber(row[key]);
      if (parsed.ok && parsed.value !== null) { sum += parsed.value; any = true; }
    }
    if (any) return finding(rowNo, column, 'required', 'error', messages.requiredTotal(column.header, sum), String(round(sum)));
  }
  return stamp(rowNo, planned.missing);
}

const round = (v: number) => Math.round(v * 1000) / 1000;

function checkYearSum(plan: CellPlan, facts: FactTable, index: number, out: Finding[]): void {
  if (facts.isUnreadable(index)) return;
  const total = facts.amount(index, plan.totalSlot);
  if (total === null || total === undefined) return;
  let sum = 0;
  let any = false;
  const years = plan.yearSlots;
  for (let y = 0; y < years.length; y++) {
    const v = facts.amount(index, years[y]!);
    if (v !== null && v !== undefined) { sum += v; any = true; }
  }
  if (!any) return; // total without a yearly split: nothing to compare
  if (round(sum) !== round(total)) {
    out.push(finding(index + 1, plan.totalColumn!, 'sum_mismatch', 'error', messages.sumMismatch(total, sum, plan.yearsLabel), String(round(sum))));
  }
}

function checkLeadInPartners(plan: CellPlan, facts: FactTable, index: number, out: Finding[]): void {
  const leads = facts.agencies(index, plan.leadSlot);
  const partners = facts.agencies(index, plan.partnersSlot);
  if (!leads || !partners) return;
  let memo = plan.leadInPartners.get(leads);
  if (!memo) plan.leadInPartners.set(leads, (memo = new Map()));
  let templates = memo.get(partners);
  if (!templates) {
    templates = judgeLeadInPartners(plan.partnersColumn!, leads, partners);
    memo.set(partners, templates);
  }
  stampAll(index + 1, templates, out);
}

/** A cited document must have been issued by the unit that cites it (its symbol carries the issuer's initials). */
function checkDocument(plan: CellPlan, column: ColumnDef, facts: FactTable, row: Record<string, unknown>, index: number, out: Finding[]): void {
  const cell = row[column.key];
  if (isBlank(cell)) return;
  const rowNo = index + 1;
  const refs = parseDocuments(String(cell));
  if (refs === null) {
    out.push(finding(rowNo, column, 'document_format', 'warning', messages.documentFormat(cleanText(String(cell)))));
    return;
  }
  const proposers = facts.agencies(index, plan.leadSlot);
  const proposer = proposers?.length === 1 ? proposers[0]! : undefined;
  if (!proposer || proposer.via === 'unknown') return;
  for (const ref of refs) {
    const issuer = foreignIssuer(ref, proposer.agency);
    if (issuer !== null) out.push(finding(rowNo, column, 'document_issuer', 'warning', messages.documentIssuer(ref.text, issuer, proposer.raw)));
  }
}
