/** The merge's rules on small, made-up tables: what goes where, what is counted, nothing lost. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareParts,
  mergeTable,
  type OutlineEntry,
  type SheetRowRecord,
  tableDef,
  UNPLACED_PATH,
  UNPLACED_TITLE,
} from '../../domain/index.js';
import { numberKey } from '../../domain/merge/order.js';
import { shuffled } from './budget-fixture.js';

const period = { from: 2026, to: 2030 };
const budget = tableDef('budget', period);
const outline: OutlineEntry[] = [
  { path: 'I', title: 'HẠ TẦNG SỐ' },
  { path: 'I/A', title: 'Viễn thông' },
  { path: 'II', title: 'KINH TẾ SỐ' },
];

let next = 0;
function row(
  section: string,
  code: string,
  agencyId: string,
  total: number | null,
  extra: Record<string, string | number | null> = {},
): SheetRowRecord {
  const uid = `u${++next}`;
  return {
    table: 'budget',
    uid,
    agencyId,
    section,
    code,
    rowHash: uid,
    cells: {
      code,
      name: `Nhiệm vụ ${code || uid}`,
      lead: agencyId,
      partners: '',
      total,
      y2026: total,
      y2027: null,
      y2028: null,
      y2029: null,
      y2030: null,
      ...extra,
    },
  };
}

const merge = (rows: SheetRowRecord[], o = outline) => mergeTable({ def: budget, period, outline: o, rows });
const codesUnder = (rows: ReturnType<typeof merge>['rows'], path: string) => {
  const start = rows.findIndex((r) => r.section === path && (r.kind === 'section' || r.kind === 'subsection'));
  const end = rows.findIndex((r, i) => i > start && (r.kind === 'section' || r.kind === 'subsection'));
  return rows.slice(start + 1, end < 0 ? undefined : end).map((r) => r.code);
};

describe('mergeTable ordering', () => {
  it('sorts item numbers as numbers, unreadable numbers after them, blanks last', () => {
    const merged = merge(['10', '2', '', '1.2', 'a)', '1', '1.10', '1.1'].map((c) => row('II', c, 'sct', 1)));
    expect(codesUnder(merged.rows, 'II')).toEqual(['1', '1.1', '1.2', '1.10', '2', '10', 'a)', '']);
    expect(merged.rows.filter((r) => r.kind === 'subitem').map((r) => r.code)).toEqual(['1.1', '1.2', '1.10']);
  });

  it('keeps the same number from several agencies side by side, by agency', () => {
    const rows = [
      row('I/A', '1', 'syt', 5),
      row('I/A', '2', 'sct', 7),
      row('I/A', '1', 'sct', 3),
      row('I/A', '1', 'syt', 5),
    ];
    const merged = merge(rows);
    const items = merged.rows.filter((r) => r.uid !== null);
    expect(items.map((r) => `${r.code}:${r.agencyId}`)).toEqual(['1:sct', '1:syt', '1:syt', '2:sct']);
    expect(merged.totals.sections['I/A']!.total).toBe(20);
  });

  it('orders unnumbered rows by agency, then name', () => {
    const rows = [
      row('II', '', 'syt', 1, { name: 'Bệnh viện' }),
      row('II', '', 'sct', 1, { name: 'Đường' }),
      row('II', '', 'sct', 1, { name: 'Chợ' }),
      row('II', '3', 'syt', 1),
    ];
    expect(
      merge(rows)
        .rows.filter((r) => r.uid !== null)
        .map((r) => r.cells.name),
    ).toEqual(['Nhiệm vụ 3', 'Chợ', 'Đường', 'Bệnh viện']);
  });

  it('puts rows outside the outline last, under «Chưa xếp mục», and still counts them', () => {
    const rows = [
      row('VI', '1', 'snv', 4),
      row('II/D', '2', 'snv', 8),
      row('', '1', 'snv', 16),
      row('II', '1', 'snv', 1),
      row('I/A', '1', 'snv', 2),
    ];
    const merged = merge(rows);
    const last = merged.rows.findIndex((r) => r.cells.name === UNPLACED_TITLE);
    expect(merged.rows[last]).toMatchObject({ kind: 'section', code: '', section: UNPLACED_PATH, agencyId: null });
    expect(merged.rows.slice(last + 1).map((r) => r.section)).toEqual(['II/D', 'VI', '']);
    expect(merged.rows[last]!.cells.total).toBe(28);
    expect(merged.totals.sections[UNPLACED_PATH]!.total).toBe(28);
    expect(merged.totals.sections.II!.total).toBe(1);
    expect(merged.totals.grand.total).toBe(31);
    expect(merged.rows.filter((r) => r.uid !== null)).toHaveLength(5);
  });

  it('places an empty heading and a sub-section the outline lists before its section', () => {
    const merged = merge(
      [row('I/A', '1', 'x', 1)],
      [
        { path: 'I/A', title: 'Viễn thông' },
        { path: 'I', title: 'HẠ TẦNG SỐ' },
        { path: 'III', title: 'TRỐNG' },
      ],
    );
    expect(merged.rows.slice(2).map((r) => `${r.kind}:${r.code}`)).toEqual([
      'subsection:A',
      'item:1',
      'section:I',
      'section:III',
    ]);
    expect(merged.totals.sections.I!.total).toBe(1);
    expect(merged.totals.sections.III!.total).toBe(0);
  });
});

describe('mergeTable sums', () => {
  it('counts a parent item only through its sub-items, within the same agency', () => {
    const rows = [
      row('II', '1', 'sct', 100),
      row('II', '1.1', 'sct', 60),
      row('II', '1.2', 'sct', 40),
      row('II', '1', 'syt', 50), // no sub-items of its own: counted
      row('II', '2', 'sct', 10),
      row('II', '2.1.1', 'sct', 10), // "2" has a descendant: only it counts
      row('II', '3', 'snv', 7),
      row('II', '3', 'snv', 7),
      row('II', '3.1', 'snv', 7), // both copies of "3" are parents
      row('I/A', '1.1', 'sct', 1000), // another section: says nothing about II's "1"
    ];
    const merged = merge(shuffled(rows));
    expect(merged.totals.sections.II!.total).toBe(167);
    expect(merged.totals.grand.total).toBe(1167);
    expect(merged.rows.filter((r) => r.code === '1' && r.uid !== null).map((r) => r.cells.total)).toEqual([100, 50]);
  });

  it('reads empty year cells as zero and rounds decimals to three places', () => {
    const rows = [
      row('II', '1', 'a', 0.1, { y2027: null, y2028: 0.1 }),
      row('II', '2', 'a', 0.2, { y2027: '', y2028: '0,2' }),
    ];
    const merged = merge(rows);
    expect(merged.totals.grand).toMatchObject({ total: 0.3, y2026: 0.3, y2027: 0, y2028: 0.3, y2029: 0 });
  });
});

describe('mergeTable on tables without amounts', () => {
  it('has no column-number or grand-total row, and headings carry code and name only', () => {
    const tasks = tableDef('tasks', period);
    const rows: SheetRowRecord[] = [
      {
        table: 'tasks',
        uid: 't1',
        agencyId: 'skhcn',
        section: 'I',
        code: '1.2',
        rowHash: '1',
        cells: {
          code: '1.2',
          name: 'B',
          content: '',
          lead: 'Sở KH&CN',
          partners: '',
          timeframe: 'Quý I/2026',
          output: '',
        },
      },
      {
        table: 'tasks',
        uid: 't2',
        agencyId: 'skhcn',
        section: 'I',
        code: '1',
        rowHash: '2',
        cells: { code: '1', name: 'A', content: '', lead: 'Sở KH&CN', partners: '', timeframe: 'Hằng năm', output: '' },
      },
    ];
    const merged = mergeTable({ def: tasks, period, outline: [{ path: 'I', title: 'HOÀN THIỆN THỂ CHẾ' }], rows });
    expect(merged.rows.map((r) => r.kind)).toEqual(['section', 'item', 'subitem']);
    expect(merged.rows[0]!.cells).toEqual({
      code: 'I',
      name: 'HOÀN THIỆN THỂ CHẾ',
      content: null,
      lead: null,
      partners: null,
      timeframe: null,
      output: null,
    });
    expect(merged.totals).toEqual({ grand: {}, sections: { I: {} } });
  });
});

describe('mergeTable at scale', () => {
  it('merges 40,000 rows without a quadratic step', () => {
    const rows: SheetRowRecord[] = [];
    for (let i = 0; i < 40_000; i++)
      rows.push(row(i % 3 === 0 ? 'I/A' : 'II', `${(i % 400) + 1}.${i % 7}`, `a${i % 60}`, i % 1000));
    mergeTable({ def: budget, period, outline, rows }); // warm-up
    const start = performance.now();
    const merged = mergeTable({ def: budget, period, outline, rows });
    const ms = performance.now() - start;
    expect(merged.rows.filter((r) => r.uid !== null)).toHaveLength(40_000);
    // The bench measures the real figure (well under 100 ms); this only catches a blow-up on a busy CI.
    expect(ms).toBeLessThan(1000);
  });
});

describe('numberKey', () => {
  it('orders item numbers exactly as compareParts does', () => {
    const parts = fc.array(fc.integer({ min: 0, max: 9999 }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        const [a1, a2] = numberKey(a);
        const [b1, b2] = numberKey(b);
        expect(Math.sign(a1 - b1 || a2 - b2)).toBe(Math.sign(compareParts(a, b)));
      }),
      { numRuns: 2000 },
    );
  });
});
