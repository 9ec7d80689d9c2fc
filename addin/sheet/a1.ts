/**
 * A1 addresses from 0-based indexes, and cell lists folded into the fewest address strings.
 * Office.js takes RangeAreas as one comma-separated string; Excel limits how long one may be.
 */

/** 0 → "A", 25 → "Z", 26 → "AA". */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** "C7" for row 6, column 2 (both 0-based). */
export const cellAddress = (row: number, col: number) => `${columnLetter(col)}${row + 1}`;

/** "B2:D9" for a block; a single cell stays "B2". */
export function rangeAddress(row: number, col: number, rows: number, cols: number): string {
  const start = cellAddress(row, col);
  return rows === 1 && cols === 1 ? start : `${start}:${cellAddress(row + rows - 1, col + cols - 1)}`;
}

/** Sheet-qualified absolute reference for formulas: ='Tên trang'!$A$2:$A$90. */
export function absoluteRef(sheet: string, row: number, col: number, rows: number, cols = 1): string {
  const abs = (r: number, c: number) => `$${columnLetter(c)}$${r + 1}`;
  const quoted = /^[A-Za-z_][A-Za-z0-9_]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `=${quoted}!${abs(row, col)}:${abs(row + rows - 1, col + cols - 1)}`;
}

export interface CellRef {
  row: number;
  col: number;
}

/**
 * Cells folded into vertical runs ("E5:E9") and joined into address strings of at most
 * `maxChars` characters each, ready for `worksheet.getRanges`.
 */
export function areaAddresses(cells: readonly CellRef[], maxChars = 2000): string[] {
  const sorted = [...cells].sort((a, b) => a.col - b.col || a.row - b.row);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    const { row, col } = sorted[i]!;
    let end = i;
    while (end + 1 < sorted.length && sorted[end + 1]!.col === col && sorted[end + 1]!.row <= sorted[end]!.row + 1)
      end++;
    parts.push(rangeAddress(row, col, sorted[end]!.row - row + 1, 1));
    i = end + 1;
  }
  const out: string[] = [];
  let current = '';
  for (const p of parts) {
    if (current && current.length + 1 + p.length > maxChars) {
      out.push(current);
      current = '';
    }
    current = current ? `${current},${p}` : p;
  }
  if (current) out.push(current);
  return out;
}

/** Parse "C7" or "B2:D9" (optionally sheet-qualified) into 0-based bounds. */
export function parseAddress(address: string): { row: number; col: number; rows: number; cols: number } {
  const bare = address.includes('!') ? address.slice(address.lastIndexOf('!') + 1) : address;
  const [a, b] = bare.replace(/\$/g, '').split(':');
  const one = (s: string) => {
    const m = /^([A-Z]+)?(\d+)?$/i.exec(s);
    if (!m) throw new RangeError(`Địa chỉ ô không hợp lệ: ${address}`);
    const col = m[1] ? [...m[1].toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1 : -1;
    const row = m[2] ? Number(m[2]) - 1 : -1;
    return { row, col };
  };
  const s = one(a!);
  const e = b ? one(b) : s;
  // Whole columns ("A:C") or rows ("2:4") span the grid's limits.
  const row = Math.max(s.row, 0);
  const col = Math.max(s.col, 0);
  const endRow = e.row < 0 ? 1_048_575 : e.row;
  const endCol = e.col < 0 ? 16_383 : e.col;
  return { row, col, rows: endRow - row + 1, cols: endCol - col + 1 };
}
