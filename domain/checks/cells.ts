/**
 * Checks of one row's cells: required cells, types, amounts, agencies and time frames.
 * Parsing of agency lists and time frames is memoised because the same texts repeat.
 */
import { messages } from '../messages.js';
import type { AgencyMatch } from '../parse/agency.js';
import { foreignIssuer, parseDocuments } from '../parse/document.js';
import { parseVnNumber } from '../parse/number.js';
import { outsidePeriod, parseTimeframe, type Timeframe } from '../parse/timeframe.js';
import { finding, type Finding } from '../report.js';
import type { ColumnDef } from '../tables.js';
import { cleanText, isBlank } from '../text.js';
import type { RowPlace } from './classify.js';
import type { CheckContext } from './context.js';

/** What the checks learned about a row, for totals and for the callers (merge, flags). */
export interface RowFacts {
  amounts: Record<string, number | null>;
  agencies: Record<string, AgencyMatch[]>;
  timeframe: Timeframe | null;
  /** An amount cell could not be read: sums over the row would mislead. */
  unreadableAmount?: true;
}

interface TimeframeVerdict { value: Timeframe | null; templates: Template[] }

/** Per period, what a time-frame text yields: the same phrase recurs on thousands of rows. */
const timeframeVerdicts = new Map<string, Map<string, TimeframeVerdict>>();

export function checkCells(
  ctx: CheckContext,
  row: Record<string, unknown>,
  place: RowPlace,
  rowNo: number,
  out: Finding[],
): RowFacts {
  const { def } = ctx;
  const facts: RowFacts = { amounts: {}, agencies: {}, timeframe: null };
  const isData = place.kind === 'item' || place.kind === 'subitem';
  const isHeading = place.kind === 'section' || place.kind === 'subsection';
  for (const column of def.columns) {
    const cell = row[column.key];
    if (column.type === 'code') continue;
    if (cell !== undefined && cell !== null && typeof cell !== 'string' && typeof cell !== 'number') {
      out.push(finding(rowNo, column, 'type', 'error', messages.notText(column.header)));
      continue;
    }
    const blank = isBlank(cell);
    if (blank) {
      if (column.type === 'amount') facts.amounts[column.key] = null;
      if (isData && column.required && !place.hasChildren) out.push(requiredFinding(ctx, row, column, rowNo));
      else if (isHeading && column.key === def.nameKey) out.push(finding(rowNo, column, 'required', 'error', messages.required(column.header)));
      continue;
    }
    switch (column.type) {
      case 'amount': {
        const parsed = parseVnNumber(cell);
        if (!parsed.ok) {
          out.push(finding(rowNo, column, 'type', 'error', messages.notNumber(column.header, parsed.reason)));
          facts.amounts[column.key] = null;
          facts.unreadableAmount = true;
        } else {
          facts.amounts[column.key] = parsed.value;
          if (parsed.value !== null && parsed.value < 0) out.push(finding(rowNo, column, 'negative_amount', 'error', messages.negative(column.header)));
        }
        break;
      }
      case 'agency':
      case 'agencies':
        if (isData) facts.agencies[column.key] = checkAgencies(ctx, column, String(cell), rowNo, out);
        break;
      case 'timeframe':
        if (isData) facts.timeframe = checkTimeframe(ctx, column, cell, rowNo, out);
        break;
      default:
        break;
    }
  }
  if (isData) checkDocument(ctx, row, facts, rowNo, out);
  if (isData) {
    checkYearSum(ctx, facts, rowNo, out);
    checkLeadInPartners(ctx, facts, rowNo, out);
  }
  return facts;
}

function requiredFinding(ctx: CheckContext, row: Record<string, unknown>, column: ColumnDef, rowNo: number): Finding {
  const { def } = ctx;
  if (column.key === def.leadKey) {
    const glued = agencyAtEnd(ctx, row[def.nameKey]);
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
  return finding(rowNo, column, 'required', 'error', messages.required(column.header));
}

function agencyAtEnd(ctx: CheckContext, name: unknown): string | null {
  return typeof name === 'string' ? (ctx.matcher.agencyAtEnd(name)?.name ?? null) : null;
}

type Template = Omit<Finding, 'row'>;

const template = (column: ColumnDef, code: Finding['code'], severity: Finding['severity'], message: string, suggestion: string | null = null): Template => {
  const { row: _row, ...rest } = finding(1, column, code, severity, message, suggestion);
  return rest;
};

/** A finding from a memoised template, for one row. */
const stamp = (row: number, t: Template): Finding => ({ row, column: t.column, code: t.code, severity: t.severity, message: t.message, suggestion: t.suggestion });
interface CellVerdict { matches: AgencyMatch[]; templates: Template[] }

/** Per matcher, what a given agency cell yields: the same text gives the same findings on every row. */
const verdicts = new WeakMap<object, Map<string, Map<string, CellVerdict>>>();

function checkAgencies(ctx: CheckContext, column: ColumnDef, cell: string, rowNo: number, out: Finding[]): AgencyMatch[] {
  let byColumn = verdicts.get(ctx.matcher);
  if (!byColumn) verdicts.set(ctx.matcher, (byColumn = new Map()));
  let memo = byColumn.get(column.key);
  if (!memo) byColumn.set(column.key, (memo = new Map()));
  let verdict = memo.get(cell);
  if (!verdict) {
    verdict = judgeAgencies(ctx, column, cell);
    if (memo.size > 100_000) memo.clear();
    memo.set(cell, verdict);
  }
  for (const t of verdict.templates) out.push(stamp(rowNo, t));
  return verdict.matches;
}

function judgeAgencies(ctx: CheckContext, column: ColumnDef, cell: string): CellVerdict {
  const matches = ctx.matcher.matchList(cell);
  const isLead = column.key === ctx.def.leadKey;
  const templates: Template[] = [];
  const strip = ({ row: _row, ...rest }: Finding): Template => rest;
  let renamed: string | null = null;
  const aliasNotes: string[] = [];
  for (const m of matches) {
    if (m.via === 'unknown') {
      templates.push(strip(finding(1, column, 'unknown_agency', isLead ? 'error' : 'warning', messages.unknownAgency(m.raw, m.suggestions), m.suggestions[0] ? replaceName(cell, m.raw, m.suggestions[0]) : null)));
    } else if (m.via === 'alias' || m.via === 'former') {
      renamed = replaceName(renamed ?? cleanText(cell), m.raw, m.agency.name);
      aliasNotes.push(m.via === 'alias' ? messages.agencyAlias(m.raw, m.agency.name) : messages.agencyFormer(m.raw, m.agency.name));
    }
  }
  if (renamed !== null) templates.push(strip(finding(1, column, 'agency_alias', 'warning', aliasNotes.join(' '), renamed)));
  return { matches, templates };
}

function replaceName(cell: string, raw: string, name: string): string {
  const text = cleanText(cell);
  const at = text.indexOf(raw);
  return at < 0 ? text : text.slice(0, at) + name + text.slice(at + raw.length);
}

function checkTimeframe(ctx: CheckContext, column: ColumnDef, cell: unknown, rowNo: number, out: Finding[]): Timeframe | null {
  const periodKey = `${ctx.period.from}-${ctx.period.to}`;
  let memo = timeframeVerdicts.get(periodKey);
  if (!memo) timeframeVerdicts.set(periodKey, (memo = new Map()));
  const text = typeof cell === 'string' ? cell : String(cell);
  let verdict = typeof cell === 'string' ? memo.get(text) : undefined;
  if (!verdict) {
    verdict = judgeTimeframe(ctx, column, cell);
    if (typeof cell === 'string') {
      if (memo.size > 20_000) memo.clear();
      memo.set(text, verdict);
    }
  }
  for (const t of verdict.templates) out.push(stamp(rowNo, t));
  return verdict.value;
}

function judgeTimeframe(ctx: CheckContext, column: ColumnDef, cell: unknown): TimeframeVerdict {
  const parsed = parseTimeframe(cell);
  if (!parsed.ok) return { value: null, templates: [template(column, 'timeframe', 'warning', messages.timeframeUnreadable(cleanText(String(cell))))] };
  if (parsed.value && outsidePeriod(parsed.value, ctx.period)) {
    return { value: parsed.value, templates: [template(column, 'timeframe_out_of_period', 'warning', messages.timeframeOutOfPeriod(cleanText(String(cell)), ctx.period.from, ctx.period.to))] };
  }
  return { value: parsed.value, templates: [] };
}

const round = (v: number) => Math.round(v * 1000) / 1000;

function checkYearSum(ctx: CheckContext, facts: RowFacts, rowNo: number, out: Finding[]): void {
  const { def } = ctx;
  if (def.totalKey === null || facts.unreadableAmount) return;
  const total = facts.amounts[def.totalKey];
  if (total === null || total === undefined) return;
  let sum = 0;
  let any = false;
  for (const key of def.yearKeys) {
    const v = facts.amounts[key];
    if (v !== null && v !== undefined) { sum += v; any = true; }
  }
  if (!any) return; // total without a yearly split: nothing to compare
  if (round(sum) !== round(total)) {
    const column = def.columns.find((c) => c.key === def.totalKey)!;
    const years = `${def.yearKeys[0]!.slice(1)}–${def.yearKeys[def.yearKeys.length - 1]!.slice(1)}`;
    out.push(finding(rowNo, column, 'sum_mismatch', 'error', messages.sumMismatch(total, sum, years), String(round(sum))));
  }
}

const leadInPartnersMemo = new WeakMap<object, Map<AgencyMatch[], Map<AgencyMatch[], Template[]>>>();

function checkLeadInPartners(ctx: CheckContext, facts: RowFacts, rowNo: number, out: Finding[]): void {
  const { def } = ctx;
  if (!def.leadKey || !def.partnersKey) return;
  const leads = facts.agencies[def.leadKey];
  const partners = facts.agencies[def.partnersKey];
  if (!leads || !partners) return;
  // The matcher hands out one array per distinct cell text, so the arrays themselves are the keys.
  let byLead = leadInPartnersMemo.get(ctx.matcher);
  if (!byLead) leadInPartnersMemo.set(ctx.matcher, (byLead = new Map()));
  let memo = byLead.get(leads);
  if (!memo) byLead.set(leads, (memo = new Map()));
  let templates = memo.get(partners);
  if (!templates) {
    templates = judgeLeadInPartners(ctx, leads, partners);
    memo.set(partners, templates);
  }
  for (const t of templates) out.push(stamp(rowNo, t));
}

function judgeLeadInPartners(ctx: CheckContext, leads: AgencyMatch[], partners: AgencyMatch[]): Template[] {
  const leadIds = new Set(leads.flatMap((m) => (m.via === 'unknown' ? [] : [m.agency.id])));
  const both = partners.filter((m) => m.via !== 'unknown' && leadIds.has(m.agency.id));
  const column = ctx.def.columns.find((c) => c.key === ctx.def.partnersKey)!;
  const kept = partners.filter((m) => !both.includes(m)).map((m) => m.raw).join('; ');
  return both.flatMap((m) => {
    if (m.via === 'unknown') return [];
    const { row: _row, ...t } = finding(1, column, 'lead_in_partners', 'warning', messages.leadInPartners(m.agency.name), kept);
    return [t];
  });
}

/** A cited document must have been issued by the unit that cites it (its symbol carries the issuer's initials). */
function checkDocument(ctx: CheckContext, row: Record<string, unknown>, facts: RowFacts, rowNo: number, out: Finding[]): void {
  const column = documentColumn(ctx.def);
  const cell = column ? row[column.key] : undefined;
  if (!column || isBlank(cell)) return;
  const refs = parseDocuments(String(cell));
  if (refs === null) {
    out.push(finding(rowNo, column, 'document_format', 'warning', messages.documentFormat(cleanText(String(cell)))));
    return;
  }
  const proposers = ctx.def.leadKey ? facts.agencies[ctx.def.leadKey] : undefined;
  const proposer = proposers?.length === 1 ? proposers[0]! : undefined;
  if (!proposer || proposer.via === 'unknown') return;
  for (const ref of refs) {
    const issuer = foreignIssuer(ref, proposer.agency);
    if (issuer !== null) out.push(finding(rowNo, column, 'document_issuer', 'warning', messages.documentIssuer(ref.text, issuer, proposer.raw)));
  }
}

const documentColumns = new WeakMap<object, ColumnDef | null>();
function documentColumn(def: CheckContext['def']): ColumnDef | null {
  let column = documentColumns.get(def);
  if (column === undefined) documentColumns.set(def, (column = def.columns.find((c) => c.type === 'document') ?? null));
  return column;
}
