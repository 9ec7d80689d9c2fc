/**
 * FNV-1a 64-bit over the UTF-8 bytes of a string, as 16 hex digits. Pure arithmetic on two
 * 32-bit halves: node:crypto is not available in the Excel task pane, and BigInt is slower.
 */
const encoder = new TextEncoder();

/** @example fnv1a64('') === 'cbf29ce484222325' */
export function fnv1a64(text: string): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (const byte of encoder.encode(text)) {
    lo = (lo ^ byte) >>> 0;
    // h · (2^40 + 0x1b3) mod 2^64: lo·0x1b3 stays below 2^53, so its carry into hi is exact.
    const low = lo * 0x1b3;
    const carry = Math.floor(low / 0x1_0000_0000);
    hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0;
    lo = low >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/** A short stable id part: the first 12 hex digits of the hash (48 bits). */
export function shortHash(text: string): string {
  return fnv1a64(text).slice(0, 12);
}
