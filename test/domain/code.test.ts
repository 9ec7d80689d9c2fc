import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCodes, compareParts, parseCode, toLetter, toRoman } from '../../domain/index.js';

describe('parseCode', () => {
  it('reads the kinds of row number the appendices use', () => {
    expect(parseCode('XI')).toMatchObject({ kind: 'roman', value: 11 });
    expect(parseCode('IV')).toMatchObject({ kind: 'roman', value: 4 });
    expect(parseCode('B')).toMatchObject({ kind: 'letter', value: 2 });
    expect(parseCode('2.16')).toMatchObject({ kind: 'number', parts: [2, 16] });
    expect(parseCode(' 1 ')).toMatchObject({ kind: 'number', parts: [1] });
    expect(parseCode(3)).toMatchObject({ kind: 'number', parts: [3] });
    expect(parseCode('')).toMatchObject({ kind: 'blank' });
    expect(parseCode('1..2')).toMatchObject({ kind: 'invalid' });
    expect(parseCode('a)')).toMatchObject({ kind: 'invalid' });
  });

  it('round-trips Roman numerals and letters', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 39 }), (n) => {
        expect(parseCode(toRoman(n))).toMatchObject({ kind: 'roman', value: n });
      }),
    );
    for (let n = 1; n <= 26; n++) {
      const text = toLetter(n);
      if (!['I', 'V', 'X'].includes(text)) expect(parseCode(text)).toMatchObject({ kind: 'letter', value: n });
    }
  });

  it('orders item numbers numerically, not as text', () => {
    expect(compareParts([1, 2], [1, 10])).toBeLessThan(0);
    expect(compareParts([2], [1, 10])).toBeGreaterThan(0);
    expect(compareParts([1], [1, 1])).toBeLessThan(0);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 4 }),
        (a, b) => {
          const ca = parseCode(a.join('.'));
          const cb = parseCode(b.join('.'));
          expect(Math.sign(compareCodes(ca, cb)) + Math.sign(compareCodes(cb, ca))).toBe(0);
          if (a.join('.') === b.join('.')) expect(compareCodes(ca, cb)).toBe(0);
        },
      ),
    );
  });
});
