/**
 * The merge on the real Phụ lục III of plan 003: rows shuffled and spread over the agencies that
 * lead them must come back in the printed order with the plan's own totals.
 */
import { describe, expect, it } from 'vitest';
import { mergeTable, parseVnNumber, type SheetRowRecord } from '../../domain/index.js';
import { budgetDef, budgetFixture, period, shuffled, sourceRows } from './budget-fixture.js';

// From the plan's text (003, lines 446–458) and the printed table, not from the code under test.
const PLAN_GRAND = 9_615_243;
const PLAN_YEARS = { y2026: 1_625_520, y2027: 2_230_820, y2028: 2_417_820, y2029: 2_012_563, y2030: 1_328_520 };
const PLAN_SECTIONS = { I: 4_770_743, II: 1_554_900, III: 1_783_700, IV: 1_405_900, V: 100_000 };
// Sub-section totals from the transcription's verification (MISTAKES.md); they add up to the sections.
const SUBSECTIONS = {
  'I/A': 2_173_000,
  'I/B': 1_430_000,
  'I/C': 1_167_743,
  'II/A': 102_200,
  'II/B': 1_452_700,
  'III/A': 1_673_000,
  'III/B': 62_500,
  'III/C': 48_200,
};

const fixture = budgetFixture();

/** Each agency's rows as a batch, batches in a shuffled order, rows shuffled inside each. */
function asSubmitted(records: readonly SheetRowRecord[], seed: number): SheetRowRecord[] {
  const byAgency = new Map<string, SheetRowRecord[]>();
  for (const r of records) byAgency.set(r.agencyId, [...(byAgency.get(r.agencyId) ?? []), r]);
  return shuffled([...byAgency.values()], seed).flatMap((batch) => shuffled(batch, seed + batch.length));
}

const merge = (rows: readonly SheetRowRecord[]) =>
  mergeTable({ def: budgetDef, period, outline: fixture.outline, rows });

describe('mergeTable on the real budget appendix', () => {
  const submitted = asSubmitted(fixture.records, 11);
  const merged = merge(submitted);

  it('comes from several agencies', () => {
    expect(new Set(submitted.map((r) => r.agencyId)).size).toBeGreaterThan(10);
    expect(submitted.map((r) => r.uid)).not.toEqual(fixture.records.map((r) => r.uid));
  });

  it('starts with the column numbers and the grand total of the plan', () => {
    const [numbers, total] = merged.rows;
    expect(numbers!.kind).toBe('column_numbers');
    expect(Object.values(numbers!.cells)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(total!.kind).toBe('grand_total');
    expect(total!.cells).toEqual({
      code: null,
      name: null,
      lead: null,
      partners: null,
      total: PLAN_GRAND,
      ...PLAN_YEARS,
    });
    expect(merged.totals.grand).toEqual({ total: PLAN_GRAND, ...PLAN_YEARS });
  });

  it('equals the printed grand-total row', () => {
    const printed = sourceRows()[1]!;
    for (const key of budgetDef.amountKeys) {
      expect(merged.totals.grand[key]).toBe((parseVnNumber(printed[key]) as { value: number }).value);
    }
  });

  it('gives each section and sub-section its subtotal, on the heading row too', () => {
    for (const [path, total] of Object.entries({ ...PLAN_SECTIONS, ...SUBSECTIONS })) {
      expect(merged.totals.sections[path]?.total, path).toBe(total);
      const heading = merged.rows.find((r) => (r.kind === 'section' || r.kind === 'subsection') && r.section === path);
      expect(heading?.cells.total, path).toBe(total);
    }
    const years = Object.keys(PLAN_YEARS) as (keyof typeof PLAN_YEARS)[];
    for (const y of years) {
      const sum = Object.keys(PLAN_SECTIONS).reduce((s, p) => s + merged.totals.sections[p]![y]!, 0);
      expect(sum, y).toBe(PLAN_YEARS[y]);
    }
  });

  it('lays the rows out in the printed order', () => {
    const body = merged.rows.slice(2).map((r) => ({ code: r.code, name: r.cells.name }));
    expect(body).toEqual(fixture.printed);
    expect(merged.rows.filter((r) => r.kind === 'section').map((r) => r.code)).toEqual(['I', 'II', 'III', 'IV', 'V']);
    expect(merged.rows.some((r) => r.cells.name === 'Chưa xếp mục')).toBe(false);
  });

  it('keeps every row with its agency and uid', () => {
    const items = merged.rows.filter((r) => r.kind === 'item' || r.kind === 'subitem');
    expect(items).toHaveLength(68);
    const byUid = new Map(fixture.records.map((r) => [r.uid, r]));
    for (const item of items) {
      const record = byUid.get(item.uid!);
      expect(record).toBeDefined();
      expect(item.agencyId).toBe(record!.agencyId);
      expect(item.cells).toEqual(record!.cells);
      byUid.delete(item.uid!);
    }
    expect(byUid.size).toBe(0);
  });

  it('does not depend on the order the sheets arrived in', () => {
    expect(merge(asSubmitted(fixture.records, 99))).toEqual(merged);
    expect(merge([...fixture.records].reverse())).toEqual(merged);
  });

  it('describes the table for the exports', () => {
    expect(merged).toMatchObject({ table: 'budget', period, title: budgetDef.title, unit: 'Triệu đồng' });
    expect(merged.columns.map((c) => c.header)).toEqual(budgetDef.columns.map((c) => c.header));
  });
});
