import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outsidePeriod, parseTimeframe, type Timeframe, toRoman } from '../../domain/index.js';

const read = (text: unknown): Timeframe | null => {
  const r = parseTimeframe(text);
  if (!r.ok) throw new Error(`unreadable: ${String(text)}`);
  return r.value;
};

describe('parseTimeframe', () => {
  it('reads every phrase the sources use', () => {
    expect(read('Quý I/2026')).toEqual({ kind: 'once', start: '2026-01-01', end: '2026-03-31' });
    expect(read('Quý\nI/2026')).toEqual({ kind: 'once', start: '2026-01-01', end: '2026-03-31' });
    expect(read('Hằng năm')).toEqual({ kind: 'recurring', cadences: ['yearly'], from: null, to: null });
    expect(read('Hàng năm')).toEqual({ kind: 'recurring', cadences: ['yearly'], from: null, to: null });
    expect(read('Thường xuyên')).toEqual({ kind: 'continuous', from: null, to: null });
    expect(read('Định kỳ 6 tháng, hằng năm')).toEqual({
      kind: 'recurring',
      cadences: ['half-yearly', 'yearly'],
      from: null,
      to: null,
    });
    expect(read('2026-2027')).toEqual({ kind: 'once', start: '2026-01-01', end: '2027-12-31' });
    expect(read('2026 - 2030')).toEqual({ kind: 'once', start: '2026-01-01', end: '2030-12-31' });
    expect(read('Giai đoạn 2026 – 2030')).toEqual({ kind: 'once', start: '2026-01-01', end: '2030-12-31' });
    expect(read('Năm 2026')).toEqual({ kind: 'once', start: '2026-01-01', end: '2026-12-31' });
    expect(read('2026')).toEqual({ kind: 'once', start: '2026-01-01', end: '2026-12-31' });
    expect(read('Tháng 6/2026')).toEqual({ kind: 'once', start: '2026-06-01', end: '2026-06-30' });
    expect(read('trước ngày 20/5/2026')).toEqual({ kind: 'once', start: null, end: '2026-05-20' });
    expect(read('Định kỳ trước ngày 20 hằng tháng')).toEqual({
      kind: 'recurring',
      cadences: ['monthly'],
      from: null,
      to: null,
    });
    expect(read('2026 (cập nhật hằng năm)')).toEqual({
      kind: 'recurring',
      cadences: ['yearly'],
      from: '2026-01-01',
      to: null,
    });
    expect(read('')).toBeNull();
  });

  it.each(['abc', 'Quý V/2026', 'trước ngày 31/2/2026', 'Tháng 13/2026', '2030-2026', 'sớm'])(
    'does not read %j',
    (text) => {
      expect(parseTimeframe(text).ok).toBe(false);
    },
  );

  it('reads any quarter of any year, however it is spaced or cased', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 2000, max: 2099 }),
        fc.constantFrom('Quý', 'quý', 'QUÝ', 'Quý '),
        fc.constantFrom('/', ' / ', ' năm '),
        (q, y, word, sep) => {
          const tf = read(`${word} ${toRoman(q)}${sep}${y}`)!;
          expect(tf).toMatchObject({ kind: 'once', start: `${y}-${String(q * 3 - 2).padStart(2, '0')}-01` });
          expect(tf.kind === 'once' && tf.end.startsWith(`${y}-${String(q * 3).padStart(2, '0')}-`)).toBe(true);
        },
      ),
    );
  });

  it('reads any real calendar date as a deadline, and refuses impossible ones', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), (d) => {
        const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
        expect(read(`trước ngày ${day}/${m}/${y}`)).toEqual({
          kind: 'once',
          start: null,
          end: d.toISOString().slice(0, 10),
        });
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
        expect(parseTimeframe(`trước ngày 32/${m}/${y}`).ok).toBe(false);
      }),
    );
  });

  it('reads any year span and any month', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 2090 }),
        fc.integer({ min: 0, max: 9 }),
        fc.constantFrom('-', ' - ', '–', ' – '),
        (a, len, dash) => {
          expect(read(`${a}${dash}${a + len}`)).toEqual({ kind: 'once', start: `${a}-01-01`, end: `${a + len}-12-31` });
        },
      ),
    );
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
        const tf = read(`Tháng ${m}/${y}`);
        expect(tf).toMatchObject({ kind: 'once', start: `${y}-${String(m).padStart(2, '0')}-01` });
      }),
    );
  });

  it('tells when a time frame falls outside the plan period', () => {
    const period = { from: 2026, to: 2030 };
    expect(outsidePeriod(read('Quý I/2026')!, period)).toBe(false);
    expect(outsidePeriod(read('2025-2030')!, period)).toBe(true);
    expect(outsidePeriod(read('Năm 2031')!, period)).toBe(true);
    expect(outsidePeriod(read('trước ngày 20/5/2026')!, period)).toBe(false);
    expect(outsidePeriod(read('trước ngày 07/8/2025')!, period)).toBe(true);
    expect(outsidePeriod(read('Hằng năm')!, period)).toBe(false);
  });
});
