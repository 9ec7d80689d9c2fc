/**
 * What every rule needs to know about the round's rows, worked out once: names as token sets,
 * lead and partner agencies matched against the registry, amounts as numbers.
 */
import type { AgencyMatch } from '../parse/agency.js';
import { parseVnNumber } from '../parse/number.js';
import type { Agency } from '../registry.js';
import type { SheetRowRecord } from '../round.js';
import { type TableDef, tableDef } from '../tables.js';
import type { ConsistencyInput } from './flag.js';
import { NameReader } from './names.js';
import { type NameForms, Vocabulary } from './vocabulary.js';

export const CHECKED_TABLES = ['tasks', 'budget'] as const;
export type CheckedTable = (typeof CHECKED_TABLES)[number];

export interface RowFacts {
  readonly row: SheetRowRecord;
  /** Position among the rows of its table (rows sorted by uid). */
  readonly index: number;
  readonly name: string;
  /**
   * Whole name, then head if any, as interned token sets. Two rows whose whole-name sets are
   * equal name the same task: equal once folded, with abbreviations, punctuation, stop words
   * and word order aside ("Phát triển KT số trong Y tế" = "phát triển kinh tế số – y tế").
   */
  forms: NameForms;
  readonly leadText: string;
  readonly partnersText: string;
  readonly leads: readonly AgencyMatch[];
  readonly partners: readonly AgencyMatch[];
  /** Sorted ids of the leads; a name not in the registry as "?" + its text. */
  readonly leadIds: readonly string[];
  /** Budget only: total and year columns (blank = 0; a blank total is the sum of the years). */
  readonly amounts: Readonly<Record<string, number>>;
}

export interface RoundContext {
  readonly input: ConsistencyInput;
  readonly budgetDef: TableDef;
  readonly facts: Readonly<Record<CheckedTable, readonly RowFacts[]>>;
  readonly vocabulary: Vocabulary;
  readonly agencies: ReadonlyMap<string, Agency>;
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

function amountOf(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : 0;
  const parsed = parseVnNumber(v);
  return parsed.ok && parsed.value !== null ? parsed.value : 0;
}

/** Registry id of a matched name; a name the registry does not know stands for itself. */
export function matchId(m: AgencyMatch): string {
  return m.via === 'unknown' ? `?${m.raw.toLowerCase()}` : m.agency.id;
}

export function matchIds(matches: readonly AgencyMatch[]): string[] {
  return [...new Set(matches.map(matchId))].sort();
}

export function buildContext(input: ConsistencyInput): RoundContext {
  const budgetDef = tableDef('budget', input.period);
  const byTable: Record<CheckedTable, SheetRowRecord[]> = { tasks: [], budget: [] };
  for (const row of input.rows) if (row.table === 'tasks' || row.table === 'budget') byTable[row.table].push(row);
  // Everything downstream (token ranks, union order, flag order) follows this order, not the caller's.
  for (const rows of Object.values(byTable)) rows.sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));

  // Names and lead cells repeat across sheets (templates, "Các sở, ban, ngành"): read each once.
  const names = new Map<string, { whole: readonly number[]; head: readonly number[] | null }>();
  const reader = input.names ? null : new NameReader();
  const readName = (name: string) => {
    if (reader === null) {
      const [whole, head] = input.names!.forms(name);
      return { whole: whole!, head: head ?? null };
    }
    const r = reader.read(name);
    return { whole: reader.identifying(r), head: r.headLength > 0 ? reader.identifying(r, r.headLength) : null };
  };
  const leadIds = new Map<string, string[]>();
  const tokens: (readonly number[])[] = [];
  const heads: (readonly number[] | null)[] = [];
  const facts = { tasks: [] as RowFacts[], budget: [] as RowFacts[] };
  for (const table of CHECKED_TABLES) {
    const def = tableDef(table, input.period);
    byTable[table].forEach((row, index) => {
      const name = text(row.cells[def.nameKey]);
      let read = names.get(name);
      if (!read) names.set(name, (read = readName(name)));
      tokens.push(read.whole);
      heads.push(read.head);
      const leadText = text(row.cells[def.leadKey ?? '']);
      const partnersText = text(row.cells[def.partnersKey ?? '']);
      const leads = input.matcher.matchList(leadText);
      let ids = leadIds.get(leadText);
      if (!ids) leadIds.set(leadText, (ids = matchIds(leads)));
      const amounts: Record<string, number> = {};
      if (table === 'budget') {
        let years = 0;
        for (const key of def.yearKeys) years += amounts[key] = amountOf(row.cells[key]);
        const total = row.cells[def.totalKey ?? ''];
        amounts[def.totalKey!] = total === null || total === undefined || text(total) === '' ? years : amountOf(total);
      }
      facts[table].push({
        row,
        index,
        name,
        forms: [],
        leadText,
        partnersText,
        leads,
        partners: input.matcher.matchList(partnersText),
        leadIds: ids,
        amounts,
      });
    });
  }
  const { rarity } = input;
  const texts = reader?.texts ?? input.names!.texts;
  const vocabulary = new Vocabulary(
    tokens,
    texts.length,
    rarity && { documents: rarity.documents, frequency: (id) => rarity.frequency(texts[id]!) },
  );
  [...facts.tasks, ...facts.budget].forEach((f, i) => {
    const whole = vocabulary.intern(tokens[i]!);
    const head = heads[i];
    f.forms = head ? [whole, vocabulary.intern(head)] : [whole];
  });
  const agencies = new Map(input.matcher.agencies.map((a) => [a.id, a]));
  return { input, budgetDef, facts, vocabulary, agencies };
}
