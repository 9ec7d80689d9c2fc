/**
 * Shortcuts of the check run give what the plain definitions give: item codes read from their
 * digits, and totals that skip zero amounts. The references are the straightforward versions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AgencyMatcher,
  checkRows,
  classifyAppendix,
  parseCode,
  type RowFacts,
  type RowPlace,
  tableDef,
} from '../../domain/index.js';
import { registry } from '../support/fixtures.js';

const period = { from: 2026, to: 2030 };
const budget = tableDef('budget', period);

describe('item codes', () => {
  it('are the codes parseCode gives', () => {
    const code = fc.oneof(
      fc.nat(99_999).map(String),
      fc.stringMatching(/^[0-9]{1,5}$/),
      fc.stringMatching(/^[0-9. ]{0,6}$/),
      fc.constantFrom('0', '00', '007', '9999', '10000', '1.2', '2.', ' 7', '7 ', '７', '-1', '1e3', ''),
      fc.nat(20_000),
    );
    fc.assert(
      fc.property(fc.array(code, { maxLength: 30 }), (codes) => {
        // After a section row, so that no code is the column-number row.
        const rows = [{ code: 'I', name: 'MỤC' }, ...codes.map((c) => ({ code: c, name: 'Việc' }))];
        const places = classifyAppendix(budget, rows);
        codes.forEach((c, i) => expect(places[i + 1]!.code).toEqual(parseCode(c)));
      }),
      { numRuns: 500 },
    );
  });
});

/** Sums of the leaf data rows, per table and per section path, adding every amount a cell holds. */
function referenceTotals(places: RowPlace[], facts: RowFacts[]) {
  const keys = budget.amountKeys;
  const zeros = () => Object.fromEntries(keys.map((k) => [k, 0])) as Record<string, number>;
  const grand = zeros();
  const sections = new Map<string, Record<string, number>>();
  places.forEach((p, i) => {
    if ((p.kind !== 'item' && p.kind !== 'subitem') || p.hasChildren) return;
    const slash = p.section.indexOf('/');
    const paths = slash >= 0 ? [p.section.slice(0, slash), p.section] : [p.section];
    const targets = [
      grand,
      ...paths.map((path) => {
        if (!sections.has(path)) sections.set(path, zeros());
        return sections.get(path)!;
      }),
    ];
    for (const key of keys) {
      const v = facts[i]!.amounts[key];
      if (v === null || v === undefined) continue;
      for (const t of targets) t[key]! += v;
    }
  });
  return { grand, sections };
}

describe('totals', () => {
  it('equal the sums of every amount, zeros and fractions included', () => {
    const amount = fc.oneof(
      fc.constantFrom('', '0', '-0', '0,1', '0,2', '1,5', '-2,5', '1.000', '999.999', 'abc', '–', '1 000'),
      fc.constantFrom(0, -0, 0.1, 3.7, 1e300, -1e300, Infinity, NaN, true, null, undefined),
      fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
    );
    const item = fc.record({
      code: fc.constantFrom('1', '2', '3', '1.1', '1.2', '2.1', ''),
      total: amount,
      y2026: amount,
      y2027: amount,
      y2030: amount,
    });
    const block = fc.tuple(fc.constantFrom('I', 'II', 'A', 'B', 'C'), fc.array(item, { maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(block, { maxLength: 6 }), (blocks) => {
        const rows = blocks.flatMap(([heading, items]) => [
          { code: heading, name: 'MỤC' },
          ...items.map((r) => ({ ...r, name: 'Việc', lead: 'Sở Tài chính' })),
        ]);
        const checked = checkRows({ def: budget, period, matcher: new AgencyMatcher(registry) }, rows);
        const expected = referenceTotals(checked.places, checked.facts);
        expect(checked.totals.grand).toEqual(expected.grand);
        expect([...checked.totals.sections]).toEqual([...expected.sections]);
      }),
      { numRuns: 500 },
    );
  });
});
