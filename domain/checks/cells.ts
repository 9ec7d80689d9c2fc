/**
 * Checks of one row's cells: required cells, types, amounts, agencies and time frames.
 * Everything that does not depend on the row (columns by type, memo tables, fixed messages) is
 * resolved once per run in a `CellPlan`; cell texts are judged once each (see `verdicts.ts`).
 */
import { messages } from '../messages.js';
import type { AgencyMatcher } from '../parse/agency.js';
import { foreignIssuer, parseDocuments } from '../parse/document.js';
import { parseVnNumber, plainAmount } from '../parse/number.js';
import { type Finding, finding } from '../report.js';
import type { ColumnDef, Period, TableDef } from '../tables.js';
import { cleanText, isBlank } from '../text.js';
import type { PlaceTable } from './classify.js';
import type { CheckContext } from './context.js';
import type { FactTable } from './facts.js';
import {
  agencyMemo,
  agencyVerdict,
  type CellVerdict,
  leadInPartners,
  readAmount,
  stamp,
  stampAll,
  type Template,
  type TimeframeVerdict,
  template,
  timeframeMemo,
  timeframeVerdict,
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
  /** Amount columns: what the year-sum check makes of them. */
  readonly sumRole: 'total' | 'year' | null;
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
  /** "2026–2030", for the year-sum message. */
  readonly yearsLabel: string;
  readonly partnersColumn: ColumnDef | null;
  /** Fact-table slots of the lead and partners columns (also their places in `agencyColumns`), -1 when absent. */
  readonly leadSlot: number;
  readonly partnersSlot: number;
}

export function cellPlan(ctx: CheckContext, facts: FactTable): CellPlan {
  const { def, matcher } = ctx;
  const columns = def.columns
    .filter((column) => column.type !== 'code')
    .map(
      (column): PlannedColumn => ({
        column,
        key: column.key,
        type: column.type,
        required: column.required,
        isName: column.key === def.nameKey,
        notText: template(column, 'type', 'error', messages.notText(column.header)),
        missing: template(column, 'required', 'error', messages.required(column.header)),
        slot: column.type === 'amount' ? facts.amountSlot(column.key) : facts.agencySlot(column.key),
        sumRole: column.key === def.totalKey ? 'total' : def.yearKeys.includes(column.key) ? 'year' : null,
        agencies: column.type === 'agency' || column.type === 'agencies' ? agencyMemo(matcher, def, column) : null,
      }),
    );
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
    yearsLabel: years.length > 0 ? `${years[0]!.slice(1)}–${years[years.length - 1]!.slice(1)}` : '',
    partnersColumn,
    leadSlot: facts.agencySlot(def.leadKey),
    partnersSlot: facts.agencySlot(def.partnersKey),
  };
}

/** Check the cells of row `index` (0-based), recording what it learns in `facts`. */
export function checkCells(
  plan: CellPlan,
  facts: FactTable,
  row: Record<string, unknown>,
  places: PlaceTable,
  index: number,
  out: Finding[],
): void {
  const rowNo = index + 1;
  const kind = places.kinds[index]!;
  const isData = kind === 'item' || kind === 'subitem';
  // What a blank cell breaks: a data row without sub-rows must fill its required cells, a heading needs its name.
  const blank: BlankRule = isData
    ? places.hasChildren(index)
      ? 'none'
      : 'required'
    : kind === 'section' || kind === 'subsection'
      ? 'name'
      : 'none';
  for (let c = 0; c < plan.texts.length; c++) {
    const planned = plan.texts[c]!;
    present(plan, row, row[planned.key], planned, blank, rowNo, out);
  }
  // The total and the sum of the years, gathered here for the year-sum check below. The years
  // are added in column order, which is the order of `def.yearKeys`.
  let total: number | null = null;
  let yearSum = 0;
  let anyYear = false;
  for (let c = 0; c < plan.amounts.length; c++) {
    const planned = plan.amounts[c]!;
    const cell = row[planned.key];
    // The common cases first: an empty cell is blank without looking further, and a plain
    // amount needs neither a blank check nor a parse result.
    if (cell === '') {
      blankCell(plan, row, planned, blank, rowNo, out);
      facts.setAmount(index, planned.slot, null);
      continue;
    }
    let value: number | null = null;
    const plain = typeof cell === 'string' ? plainAmount(cell) : -1;
    if (plain >= 0) {
      facts.setAmount(index, planned.slot, plain);
      value = plain;
    } else if (present(plan, row, cell, planned, blank, rowNo, out))
      value = checkAmount(planned, cell, facts, index, out);
    else if (isBlank(cell)) facts.setAmount(index, planned.slot, null);
    if (value === null) continue;
    if (planned.sumRole === 'year') {
      yearSum += value;
      anyYear = true;
    } else if (planned.sumRole === 'total') total = value;
  }
  if (!isData) {
    // Headings and totals: agencies and time frames are not checked, only their presence.
    for (const planned of plan.agencyColumns) present(plan, row, row[planned.key], planned, blank, rowNo, out);
    for (const planned of plan.timeframeColumns) present(plan, row, row[planned.key], planned, blank, rowNo, out);
    return;
  }
  // The verdicts of the lead and partners cells, for the lead-in-partners check below.
  let lead: CellVerdict | undefined;
  let partners: CellVerdict | undefined;
  for (let c = 0; c < plan.agencyColumns.length; c++) {
    const planned = plan.agencyColumns[c]!;
    const cell = row[planned.key];
    // A text met before is known to be present: its verdict answers at once.
    let verdict = typeof cell === 'string' ? planned.agencies!.get(cell) : undefined;
    if (verdict === undefined) {
      if (!present(plan, row, cell, planned, blank, rowNo, out)) continue;
      verdict = agencyVerdict(
        planned.agencies!,
        plan.matcher,
        plan.def,
        planned.column,
        typeof cell === 'string' ? cell : String(cell),
      );
    }
    stampAll(rowNo, verdict.templates, out);
    facts.setAgencies(index, planned.slot, verdict.matches);
    if (planned.slot === plan.leadSlot) lead = verdict;
    else if (planned.slot === plan.partnersSlot) partners = verdict;
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
  if (total !== null && anyYear && !facts.isUnreadable(index)) checkYearSum(plan, total, yearSum, index, out);
  if (lead !== undefined && partners !== undefined)
    stampAll(rowNo, leadInPartners(plan.partnersColumn!, lead, partners), out);
}

/**
 * True when the cell holds text or a number to check further. Otherwise reports what is wrong:
 * a value of another type, or a blank where the row must fill the column.
 */
function present(
  plan: CellPlan,
  row: Record<string, unknown>,
  cell: unknown,
  planned: PlannedColumn,
  blank: BlankRule,
  rowNo: number,
  out: Finding[],
): boolean {
  if (typeof cell === 'string') {
    if (!isBlank(cell)) return true;
  } else if (typeof cell === 'number') {
    return true;
  } else if (cell !== undefined && cell !== null) {
    out.push(stamp(rowNo, planned.notText));
    return false;
  }
  blankCell(plan, row, planned, blank, rowNo, out);
  return false;
}

/** A blank cell: a rule of the row may require it. */
function blankCell(
  plan: CellPlan,
  row: Record<string, unknown>,
  planned: PlannedColumn,
  blank: BlankRule,
  rowNo: number,
  out: Finding[],
): void {
  if (blank === 'required' && planned.required) out.push(requiredFinding(plan, row, planned, rowNo));
  else if (blank === 'name' && planned.isName) out.push(stamp(rowNo, planned.missing));
}

/** Read an amount that is not plain; its value, or null when blank or unreadable. */
function checkAmount(
  planned: PlannedColumn,
  cell: unknown,
  facts: FactTable,
  index: number,
  out: Finding[],
): number | null {
  const rowNo = index + 1;
  const parsed = readAmount(cell);
  if (!parsed.ok) {
    out.push(finding(rowNo, planned.column, 'type', 'error', messages.notNumber(planned.column.header, parsed.reason)));
    facts.markUnreadable(index, planned.slot);
    return null;
  }
  facts.setAmount(index, planned.slot, parsed.value);
  if (parsed.value !== null && parsed.value < 0)
    out.push(finding(rowNo, planned.column, 'negative_amount', 'error', messages.negative(planned.column.header)));
  return parsed.value;
}

function requiredFinding(plan: CellPlan, row: Record<string, unknown>, planned: PlannedColumn, rowNo: number): Finding {
  const { def } = plan;
  const column = planned.column;
  if (column.key === def.leadKey) {
    const name = row[def.nameKey];
    const glued = typeof name === 'string' ? (plan.matcher.agencyAtEnd(name)?.name ?? null) : null;
    if (glued)
      return finding(rowNo, column, 'required', 'error', messages.requiredLeadInName(column.header, glued), glued);
  }
  if (column.key === def.totalKey) {
    let sum = 0;
    let any = false;
    for (const key of def.yearKeys) {
      const parsed = parseVnNumber(row[key]);
      if (parsed.ok && parsed.value !== null) {
        sum += parsed.value;
        any = true;
      }
    }
    if (any)
      return finding(
        rowNo,
        column,
        'required',
        'error',
        messages.requiredTotal(column.header, sum),
        String(round(sum)),
      );
  }
  return stamp(rowNo, planned.missing);
}

const round = (v: number) => Math.round(v * 1000) / 1000;

/** The total of a row with a readable yearly split must equal the sum of the years. */
function checkYearSum(plan: CellPlan, total: number, sum: number, index: number, out: Finding[]): void {
  if (round(sum) !== round(total)) {
    out.push(
      finding(
        index + 1,
        plan.totalColumn!,
        'sum_mismatch',
        'error',
        messages.sumMismatch(total, sum, plan.yearsLabel),
        String(round(sum)),
      ),
    );
  }
}

/** A cited document must have been issued by the unit that cites it (its symbol carries the issuer's initials). */
function checkDocument(
  plan: CellPlan,
  column: ColumnDef,
  facts: FactTable,
  row: Record<string, unknown>,
  index: number,
  out: Finding[],
): void {
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
    if (issuer !== null)
      out.push(
        finding(rowNo, column, 'document_issuer', 'warning', messages.documentIssuer(ref.text, issuer, proposer.raw)),
      );
  }
}
