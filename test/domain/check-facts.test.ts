/** The per-row facts and places that checkRows hands out are built from column-wise tables. */
import { describe, expect, it } from 'vitest';
import { AgencyMatcher, checkRows, classifyAppendix, tableDef } from '../../domain/index.js';
import { appendix, registry } from '../support/fixtures.js';

const period = { from: 2026, to: 2030 };
const ctx = (table: 'budget' | 'tasks') => ({
  def: tableDef(table, period),
  period,
  matcher: new AgencyMatcher(registry),
});

describe('checkRows facts', () => {
  it('keeps amounts in column order: blank is null, a value of another type leaves no key', () => {
    const rows = [
      { code: 'I', name: 'MỤC MỘT' },
      {
        code: '1',
        name: 'Việc',
        lead: 'Sở Tài chính',
        partners: 'Sở Nội vụ',
        total: '1.000',
        y2026: '',
        y2027: true,
        y2028: 'abc',
        y2029: 250,
        y2030: '-',
      },
    ];
    const { facts } = checkRows(ctx('budget'), rows);
    expect(Object.entries(facts[1]!.amounts)).toEqual([
      ['total', 1000],
      ['y2026', null],
      ['y2028', null],
      ['y2029', 250],
      ['y2030', null],
    ]);
    expect(facts[1]!.unreadableAmount).toBe(true);
    expect(Object.keys(facts[1]!.agencies)).toEqual(['lead', 'partners']);
    expect(facts[1]!.agencies.lead![0]).toMatchObject({ via: 'exact', agency: { name: 'Sở Tài chính' } });
    // A heading row's agency cells are not matched.
    expect(facts[0]).toEqual({
      amounts: { total: null, y2026: null, y2027: null, y2028: null, y2029: null, y2030: null },
      agencies: {},
      timeframe: null,
    });
  });

  it('reads time frames of data rows only', () => {
    const rows = [
      { code: 'I', name: 'MỤC', timeframe: 'Quý I/2026' },
      { code: '1', name: 'Việc', lead: 'Sở Tài chính', timeframe: 'Quý I/2026' },
    ];
    const { facts } = checkRows(ctx('tasks'), rows);
    expect(facts.map((f) => f.timeframe)).toEqual([null, { kind: 'once', start: '2026-01-01', end: '2026-03-31' }]);
    expect(facts[0]).not.toHaveProperty('unreadableAmount');
  });

  it('gives the same places as classifyAppendix', () => {
    const rows = appendix('tasks');
    const places = classifyAppendix(tableDef('tasks'), rows);
    expect(checkRows(ctx('tasks'), rows).places).toEqual(places);
    expect(places.filter((p) => p.hasChildren).length).toBeGreaterThan(0);
    expect(places.filter((p) => p.parent >= 0).every((p) => places[p.parent]!.hasChildren)).toBe(true);
  });
});
