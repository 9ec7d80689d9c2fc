import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a64 } from '../../domain/index.js';

/** FNV-1a 64 with BigInt over UTF-8, independently of the two-halves arithmetic under test. */
function reference(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

describe('fnv1a64', () => {
  it('gives the published FNV-1a 64 values', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('hashes the UTF-8 bytes of Vietnamese and astral text like the reference', () => {
    expect(fnv1a64('Sở Khoa học và Công nghệ')).toBe(reference('Sở Khoa học và Công nghệ'));
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => fnv1a64(s) === reference(s)));
  });
});
