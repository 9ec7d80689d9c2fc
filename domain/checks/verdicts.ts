/**
 * What one cell text yields, worked out once per distinct text: agency lists, time frames and
 * amounts repeat on thousands of rows of a real table, so a row only looks its verdict up and
 * stamps the ready findings with its row number.
 */
import { messages } from '../messages.js';
import type { AgencyMatch, AgencyMatcher } from '../parse/agency.js';
import { type NumberResult, parseVnNumber } from '../parse/number.js';
import { outsidePeriod, parseTimeframe, type Timeframe } from '../parse/timeframe.js';
import { type Finding, finding } from '../report.js';
import type { ColumnDef, Period, TableDef } from '../tables.js';
import { cleanText } from '../text.js';

/** A finding without its row: the same for every row holding the same text. */
export type Template = Omit<Finding, 'row'>;

export function template(
  column: ColumnDef | null,
  code: Finding['code'],
  severity: Finding['severity'],
  message: string,
  suggestion: string | null = null,
): Template {
  const { row: _row, ...rest } = finding(1, column, code, severity, message, suggestion);
  return rest;
}

/** A finding from a memoised template, for one row. */
export const stamp = (row: number, t: Template): Finding => ({
  row,
  column: t.column,
  code: t.code,
  severity: t.severity,
  message: t.message,
  suggestion: t.suggestion,
});

/** Push the findings of `templates` for one row (most verdicts have none). */
export function stampAll(row: number, templates: readonly Template[], out: Finding[]): void {
  for (let i = 0; i < templates.length; i++) out.push(stamp(row, templates[i]!));
}

// ---- amounts ---------------------------------------------------------------------------------

/** Parsed amount texts. Results are immutable and the parse depends on the text alone. */
const amountMemo = new Map<string, NumberResult>();

/** `parseVnNumber`, memoised for text cells. */
export function readAmount(cell: unknown): NumberResult {
  if (typeof cell !== 'string') return parseVnNumber(cell);
  let parsed = amountMemo.get(cell);
  if (parsed === undefined) {
    parsed = parseVnNumber(cell);
    if (amountMemo.size >= 20_000) amountMemo.clear();
    amountMemo.set(cell, parsed);
  }
  return parsed;
}

// ---- agencies --------------------------------------------------------------------------------

export interface CellVerdict {
  matches: AgencyMatch[];
  templates: Template[];
  /**
   * On a lead verdict: the lead-in-partners findings next to each partners verdict met so far.
   * A verdict belongs to one table's column (see below), so the partners verdicts it meets all
   * come from that table's partners column, whose header the findings carry.
   */
  withPartners: Map<CellVerdict, Template[]> | null;
}

/**
 * Per matcher, table and column, what a given agency cell yields. The table is part of the key:
 * a verdict's findings carry the column's header, which differs between tables ("Cơ quan chủ
 * trì" in Phụ lục II, "Cơ quan chủ trì thực hiện" in Phụ lục III).
 */
const agencyVerdicts = new WeakMap<object, Map<string, Map<string, CellVerdict>>>();

/** The verdict memo of one agency column for a run: resolved once, not per row. */
export function agencyMemo(matcher: AgencyMatcher, def: TableDef, column: ColumnDef): Map<string, CellVerdict> {
  let byColumn = agencyVerdicts.get(matcher);
  if (!byColumn) agencyVerdicts.set(matcher, (byColumn = new Map()));
  const key = `${def.name}\u0000${column.key}\u0000${column.header}`;
  let memo = byColumn.get(key);
  if (!memo) byColumn.set(key, (memo = new Map()));
  return memo;
}

export function agencyVerdict(
  memo: Map<string, CellVerdict>,
  matcher: AgencyMatcher,
  def: TableDef,
  column: ColumnDef,
  cell: string,
): CellVerdict {
  let verdict = memo.get(cell);
  if (!verdict) {
    verdict = judgeAgencies(matcher, def, column, cell);
    if (memo.size > 100_000) memo.clear();
    memo.set(cell, verdict);
  }
  return verdict;
}

function judgeAgencies(matcher: AgencyMatcher, def: TableDef, column: ColumnDef, cell: string): CellVerdict {
  const matches = matcher.matchList(cell);
  const isLead = column.key === def.leadKey;
  const templates: Template[] = [];
  let renamed: string | null = null;
  const aliasNotes: string[] = [];
  for (const m of matches) {
    if (m.via === 'unknown') {
      templates.push(
        template(
          column,
          'unknown_agency',
          isLead ? 'error' : 'warning',
          messages.unknownAgency(m.raw, m.suggestions, m.fix !== null),
          m.fix ? replaceName(cell, m.raw, m.fix) : null,
        ),
      );
    } else if (m.via === 'alias' || m.via === 'former') {
      renamed = replaceName(renamed ?? cleanText(cell), m.raw, m.agency.name);
      aliasNotes.push(
        m.via === 'alias' ? messages.agencyAlias(m.raw, m.agency.name) : messages.agencyFormer(m.raw, m.agency.name),
      );
    }
  }
  if (renamed !== null) templates.push(template(column, 'agency_alias', 'warning', aliasNotes.join(' '), renamed));
  return { matches, templates, withPartners: null };
}

function replaceName(cell: string, raw: string, name: string): string {
  const text = cleanText(cell);
  const at = text.indexOf(raw);
  return at < 0 ? text : text.slice(0, at) + name + text.slice(at + raw.length);
}

/**
 * The lead-in-partners findings of a row, from the verdicts of its lead and partners cells:
 * worked out once per pair of texts, then found on the lead's verdict.
 */
export function leadInPartners(partnersColumn: ColumnDef, lead: CellVerdict, partners: CellVerdict): Template[] {
  let memo = lead.withPartners;
  if (memo === null) lead.withPartners = memo = new Map();
  let templates = memo.get(partners);
  if (templates === undefined) {
    templates = judgeLeadInPartners(partnersColumn, lead.matches, partners.matches);
    memo.set(partners, templates);
  }
  return templates;
}

export function judgeLeadInPartners(
  partnersColumn: ColumnDef,
  leads: AgencyMatch[],
  partners: AgencyMatch[],
): Template[] {
  const leadIds = new Set(leads.flatMap((m) => (m.via === 'unknown' ? [] : [m.agency.id])));
  const both = partners.filter((m) => m.via !== 'unknown' && leadIds.has(m.agency.id));
  const kept = partners
    .filter((m) => !both.includes(m))
    .map((m) => m.raw)
    .join('; ');
  return both.flatMap((m) =>
    m.via === 'unknown'
      ? []
      : [template(partnersColumn, 'lead_in_partners', 'warning', messages.leadInPartners(m.agency.name), kept)],
  );
}

// ---- time frames -----------------------------------------------------------------------------

export interface TimeframeVerdict {
  value: Timeframe | null;
  templates: Template[];
}

/** Per period, what a time-frame text yields: the same phrase recurs on thousands of rows. */
const timeframeVerdicts = new Map<string, Map<string, TimeframeVerdict>>();

export function timeframeMemo(period: Period): Map<string, TimeframeVerdict> {
  const periodKey = `${period.from}-${period.to}`;
  let memo = timeframeVerdicts.get(periodKey);
  if (!memo) timeframeVerdicts.set(periodKey, (memo = new Map()));
  return memo;
}

/** Only text cells are memoised; a number or a date is judged afresh. */
export function timeframeVerdict(
  memo: Map<string, TimeframeVerdict>,
  period: Period,
  column: ColumnDef,
  cell: unknown,
): TimeframeVerdict {
  let verdict = typeof cell === 'string' ? memo.get(cell) : undefined;
  if (!verdict) {
    verdict = judgeTimeframe(period, column, cell);
    if (typeof cell === 'string') {
      if (memo.size > 20_000) memo.clear();
      memo.set(cell, verdict);
    }
  }
  return verdict;
}

function judgeTimeframe(period: Period, column: ColumnDef, cell: unknown): TimeframeVerdict {
  const parsed = parseTimeframe(cell);
  if (!parsed.ok)
    return {
      value: null,
      templates: [template(column, 'timeframe', 'warning', messages.timeframeUnreadable(cleanText(String(cell))))],
    };
  if (parsed.value && outsidePeriod(parsed.value, period)) {
    return {
      value: parsed.value,
      templates: [
        template(
          column,
          'timeframe_out_of_period',
          'warning',
          messages.timeframeOutOfPeriod(cleanText(String(cell)), period.from, period.to),
        ),
      ],
    };
  }
  return { value: parsed.value, templates: [] };
}
