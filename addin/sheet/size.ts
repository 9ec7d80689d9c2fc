/**
 * Estimated size of what a request carries to Excel. Excel on the web refuses requests and
 * responses over 5 MB. The estimate counts every non-ASCII character as three bytes (UTF-8 of
 * any Vietnamese letter) and adds the quotes and separators, so it never falls below the real
 * size; the budget leaves room for the request's envelope.
 */
import type { CellValue } from './port.js';

/** Bytes a request may carry by our estimate: under the 5 MB cap with room for the envelope. */
export const REQUEST_BUDGET = 3_800_000;

export function cellBytes(value: CellValue | null | undefined): number {
  if (typeof value === 'string') {
    let n = value.length + 3;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c > 0x7e) n += 2;
      else if (c === 0x22 || c === 0x5c || c < 0x20) n += 5; // escaped in JSON
    }
    return n;
  }
  if (typeof value === 'number') return String(value).length + 1;
  return 6;
}

export function rowBytes(row: readonly (CellValue | null)[]): number {
  let n = 2;
  for (const v of row) n += cellBytes(v);
  return n;
}

/** Consecutive row spans [start, end) each estimated under `budget` (a row larger than the budget stands alone). */
export function chunkRows(rows: readonly (readonly (CellValue | null)[])[], budget: number): [number, number][] {
  const spans: [number, number][] = [];
  let start = 0;
  let size = 0;
  for (let i = 0; i < rows.length; i++) {
    const b = rowBytes(rows[i]!);
    if (i > start && size + b > budget) {
      spans.push([start, i]);
      start = i;
      size = 0;
    }
    size += b;
  }
  if (rows.length > start) spans.push([start, rows.length]);
  return spans;
}
