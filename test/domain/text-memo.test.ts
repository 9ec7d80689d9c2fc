/** A bounded memo of a text function gives what the function gives, also after it fills up. */
import { describe, expect, it } from 'vitest';
import { agencyKey } from '../../domain/index.js';
import { TextMemo } from '../../domain/text-memo.js';

describe('TextMemo', () => {
  it('computes each text once, and again only after the memo was emptied', () => {
    const calls: string[] = [];
    const memo = new TextMemo((text) => {
      calls.push(text);
      return text.toUpperCase();
    }, 2);
    expect([memo.get('a'), memo.get('b'), memo.get('a')]).toEqual(['A', 'B', 'A']);
    expect(calls).toEqual(['a', 'b']);
    // Full: the third text empties it, so 'a' is computed anew, with the same result.
    expect([memo.get('c'), memo.get('a')]).toEqual(['C', 'A']);
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });

  it('keeps agencyKey a function of the text', () => {
    expect(agencyKey('Sở KH&CN')).toBe('sở khoa học và công nghệ');
    expect(agencyKey('Sở KH&CN')).toBe(agencyKey('Sở  Khoa học và Công nghệ'));
    expect(agencyKey('UBND tỉnh (3)')).toBe('ủy ban nhân dân tỉnh');
  });
});
