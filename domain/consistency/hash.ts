/**
 * FNV-1a 64-bit over the UTF-8 bytes of a string, as 16 hex digits. Pure arithmetic on two
 * 32-bit halves: node:crypto is not available in the Excel task pane, BigInt is slow, and
 * encoding inline avoids a TextEncoder buffer per call (a round hashes thousands of flags).
 */

// The hash state lives at module level so that mixing a byte is a plain call, not a closure.
let hi = 0;
let lo = 0;

function mix(byte: number): void {
  lo = (lo ^ byte) >>> 0;
  // h · (2^40 + 0x1b3) mod 2^64: lo·0x1b3 stays below 2^53, so its carry into hi is exact.
  const low = lo * 0x1b3;
  hi = (Math.imul(hi, 0x1b3) + Math.floor(low / 0x1_0000_0000) + (lo << 8)) >>> 0;
  lo = low >>> 0;
}

/** @example fnv1a64('') === 'cbf29ce484222325'; fnv1a64('a') === 'af63dc4c8601ec8c' */
export function fnv1a64(text: string): string {
  hi = 0xcbf29ce4;
  lo = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      mix(c);
      continue;
    }
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x800) {
      mix(0xc0 | (c >> 6));
    } else if (c < 0x10000) {
      mix(0xe0 | (c >> 12));
      mix(0x80 | ((c >> 6) & 0x3f));
    } else {
      mix(0xf0 | (c >> 18));
      mix(0x80 | ((c >> 12) & 0x3f));
      mix(0x80 | ((c >> 6) & 0x3f));
    }
    mix(0x80 | (c & 0x3f));
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/** A short stable id part: the first 12 hex digits of the hash (48 bits). */
export function shortHash(text: string): string {
  return fnv1a64(text).slice(0, 12);
}
