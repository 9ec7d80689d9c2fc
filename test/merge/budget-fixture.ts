/**
 * The real Phụ lục III of plan 003 (db/demo/de-an-11/budget.json) as the merge sees it: items as
 * stored sheet rows, each with its section path, plus the outline and the printed order.
 * The source repeats sub-section "B" in section I; the second one becomes "I/C" here.
 */
import { readFileSync } from 'node:fs';
import {
  mergeTable,
  type OutlineEntry,
  parseCode,
  parseVnNumber,
  type SheetRowRecord,
  tableDef,
  toLetter,
} from '../../domain/index.js';

type SourceRow = Record<string, string | undefined>;

export const budgetDef = tableDef('budget');
export const period = { from: 2026, to: 2030 };

export function sourceRows(): SourceRow[] {
  const url = new URL('../../db/demo/de-an-11/budget.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { rows: SourceRow[] }).rows;
}

/** A readable, stable id for the lead agency (an empty lead is an agency of its own here). */
export const agencyIdOf = (lead: string | undefined) =>
  lead
    ? lead
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .slice(0, 40)
    : 'chua-ro';

export interface BudgetFixture {
  outline: OutlineEntry[];
  records: SheetRowRecord[];
  /** Every row after the grand total, in printed order: code (second "B" read as "C") and name. */
  printed: { code: string; name: string }[];
}

export function budgetFixture(): BudgetFixture {
  const outline: OutlineEntry[] = [];
  const records: SheetRowRecord[] = [];
  const printed: { code: string; name: string }[] = [];
  let section = '';
  let path = '';
  let letters = new Set<string>();
  for (const [i, row] of sourceRows().slice(2).entries()) {
    const code = parseCode(row.code);
    const name = row.name ?? '';
    if (code.kind === 'roman') {
      section = path = code.text;
      letters = new Set();
      outline.push({ path, title: name });
      printed.push({ code: code.text, name });
    } else if (code.kind === 'letter') {
      let letter = code.text;
      for (let v = code.value; letters.has(letter); v++) letter = toLetter(v + 1);
      letters.add(letter);
      path = `${section}/${letter}`;
      outline.push({ path, title: name });
      printed.push({ code: letter, name });
    } else {
      const cells: SheetRowRecord['cells'] = {};
      for (const c of budgetDef.columns) {
        const raw = row[c.key] ?? '';
        if (c.type !== 'amount') cells[c.key] = raw;
        else {
          const parsed = parseVnNumber(raw);
          if (!parsed.ok) throw new Error(parsed.reason);
          cells[c.key] = parsed.value;
        }
      }
      records.push({
        table: 'budget',
        uid: `b${String(i).padStart(3, '0')}`,
        agencyId: agencyIdOf(row.lead),
        section: path,
        code: row.code ?? '',
        cells,
        rowHash: `h${i}`,
      });
      printed.push({ code: row.code ?? '', name });
    }
  }
  return { outline, records, printed };
}

/** Deterministic shuffle (mulberry32), so a failure reproduces. */
export function shuffled<T>(items: readonly T[], seed = 7): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const j = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The real budget, merged from shuffled rows, with a name for each agency id (its lead text). */
export function mergedBudget(mutate?: (records: SheetRowRecord[]) => void) {
  const fixture = budgetFixture();
  mutate?.(fixture.records);
  const names = new Map(fixture.records.map((r) => [r.agencyId, String(r.cells.lead || 'Chưa rõ cơ quan')]));
  const merged = mergeTable({ def: budgetDef, period, outline: fixture.outline, rows: shuffled(fixture.records) });
  const agencyName = (id: string) => names.get(id) ?? id;
  return { fixture, merged, agencyName };
}
