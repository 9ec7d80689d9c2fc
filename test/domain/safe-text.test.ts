import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findTextFault, textFault } from '../../domain/index.js';
import { textFaultByPattern } from '../../domain/parse/safe-text.js';

describe('textFault', () => {
  it.each([
    ['Sở Y tế', null],
    ['Trung tâm Kiểm soát bệnh tật 😀', null],
    ['Sở\u0000 Y tế', 'nul'],
    ['Sở Y tế\ud800', 'surrogate'],
    ['\udc00Sở', 'surrogate'],
    ['\ud83d\ude00', null],
  ])('%j → %s', (text, fault) => {
    expect(textFault(text)).toBe(fault);
    expect(textFaultByPattern(text)).toBe(fault);
  });

  it('the native rule and the pattern agree on any UTF-16 text', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(
            fc.constantFrom('\u0000', '\ud800', '\udfff', '\ud83d', '\ude00'),
            fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)),
          ),
        }),
        (s) => {
          expect(textFault(s)).toBe(textFaultByPattern(s));
        },
      ),
      { seed: 20261207, numRuns: 2000 },
    );
  });

  it('finds the first faulty string of a parsed body, with its path', () => {
    expect(findTextFault({ name: 'ok', aliases: ['SYT', 'S\u0000'] })).toEqual({
      path: ['aliases', '1'],
      fault: 'nul',
    });
    expect(findTextFault({ ok: ['a', { b: 1 }] })).toBeNull();
  });
});
