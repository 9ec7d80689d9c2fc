import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAmount, MAX_AMOUNT, parseVnNumber } from '../../domain/index.js';

/** Group digits the Vietnamese way, independently of the code under test. */
function groupVn(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

describe('parseVnNumber', () => {
  it('reads the real figures of Phụ lục III', () => {
    expect(parseVnNumber('9.615.243')).toEqual({ ok: true, value: 9_615_243 });
    expect(parseVnNumber('17.743')).toEqual({ ok: true, value: 17_743 });
    expect(parseVnNumber('1,5')).toEqual({ ok: true, value: 1.5 });
    expect(parseVnNumber(' 390 ')).toEqual({ ok: true, value: 390 });
  });

  it('keeps numbers Excel already typed and treats blanks as null', () => {
    expect(parseVnNumber(2073000)).toEqual({ ok: true, value: 2_073_000 });
    expect(parseVnNumber('')).toEqual({ ok: true, value: null });
    expect(parseVnNumber('   ')).toEqual({ ok: true, value: null });
    expect(parseVnNumber(null)).toEqual({ ok: true, value: null });
    expect(parseVnNumber('-')).toEqual({ ok: true, value: null });
  });

  it.each(['12.34.5', '1.2345', '1.5', '12,3,4', '1 000', 'abc', '12a', '.123', '1.234,', ','])(
    'rejects %j with a reason in Vietnamese',
    (text) => {
      const result = parseVnNumber(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toContain(text.trim());
    },
  );

  it('round-trips any integer written with thousands dots', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_AMOUNT - 1 }), (n) => {
        expect(parseVnNumber(groupVn(n))).toEqual({ ok: true, value: n });
        expect(parseVnNumber(String(n))).toEqual({ ok: true, value: n });
      }),
    );
  });

  it('refuses amounts from MAX_AMOUNT up, written or as numbers, so no sum overflows', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_AMOUNT, max: 10 ** 15 }), (n) => {
        expect(parseVnNumber(groupVn(n)).ok).toBe(false);
        expect(parseVnNumber(String(n)).ok).toBe(false);
        expect(parseVnNumber(n).ok).toBe(false);
        expect(parseVnNumber(-n).ok).toBe(false);
      }),
    );
    expect(parseVnNumber(1.7e308)).toEqual({ ok: false, reason: '«1.7e+308» vượt quá giới hạn 1.000.000.000.000' });
  });

  it('round-trips decimals written with a comma', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 1, max: 999 }), (whole, frac) => {
        const fraction = String(frac).padStart(3, '0').replace(/0+$/, '');
        const text = `${groupVn(whole)},${fraction}`;
        const result = parseVnNumber(text);
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.value).toBeCloseTo(whole + Number(`0.${fraction}`), 6);
      }),
    );
  });

  it('rejects a thousands dot moved off a three-digit boundary', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 10 ** 12 }), fc.nat(), (n, seed) => {
        const digits = String(n);
        // Put a single dot anywhere that is not a multiple of three from the right.
        const positions = [...Array(digits.length - 1).keys()]
          .map((i) => i + 1)
          .filter((p) => (digits.length - p) % 3 !== 0);
        fc.pre(positions.length > 0);
        const at = positions[seed % positions.length]!;
        expect(parseVnNumber(`${digits.slice(0, at)}.${digits.slice(at)}`).ok).toBe(false);
      }),
    );
  });

  it('formats as the official tables do and parses its own output', () => {
    expect(formatAmount(9_615_243)).toBe('9.615.243');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (n) => {
        expect(parseVnNumber(formatAmount(n))).toEqual({ ok: true, value: n });
      }),
    );
  });
});
