/**
 * Row numbers of the appendices: Roman numerals for sections, capital letters for
 * sub-sections, "1", "1.1", "2.16" for items.
 */
export type ParsedCode =
  | { kind: 'roman'; text: string; value: number }
  | { kind: 'letter'; text: string; value: number }
  | { kind: 'number'; text: string; parts: number[] }
  | { kind: 'blank'; text: '' }
  | { kind: 'invalid'; text: string };

const ROMAN_VALUES: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };
const ROMAN = /^(X{0,3})(IX|IV|V?I{0,3})$/;
const NUMBER = /^\d{1,4}(\.\d{1,4}){0,3}\.?$/;

export function parseCode(cell: unknown): ParsedCode {
  const text = cell === null || cell === undefined ? '' : String(cell).trim();
  if (text === '') return { kind: 'blank', text: '' };
  const upper = text.toUpperCase();
  // "C" and "I", "V", "X" are both letters and numerals; a lone "I", "V" or "X" is read as Roman
  // (sections outnumber sub-sections), the caller disambiguates from context when needed.
  if (ROMAN.test(upper) && text === upper) return { kind: 'roman', text, value: romanValue(upper) };
  if (/^[A-Z]$/.test(text)) return { kind: 'letter', text, value: text.charCodeAt(0) - 64 };
  if (NUMBER.test(text)) {
    const parts = text.replace(/\.$/, '').split('.').map(Number);
    return { kind: 'number', text: parts.join('.'), parts };
  }
  return { kind: 'invalid', text };
}

function romanValue(roman: string): number {
  let total = 0;
  for (let i = 0; i < roman.length; i++) {
    const v = ROMAN_VALUES[roman[i]!]!;
    const next = ROMAN_VALUES[roman[i + 1] ?? ''] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}

export function toRoman(value: number): string {
  const table: [number, string][] = [
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  let rest = value;
  for (const [v, s] of table)
    while (rest >= v) {
      out += s;
      rest -= v;
    }
  return out;
}

export function toLetter(value: number): string {
  return String.fromCharCode(64 + value);
}

/** Compare item numbers: "1.2" < "1.10" < "2". */
export function compareParts(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Order codes of any kind: sections, then letters, then numbers, each by value. */
export function compareCodes(a: ParsedCode, b: ParsedCode): number {
  const rank = { roman: 0, letter: 1, number: 2, blank: 3, invalid: 4 } as const;
  if (a.kind !== b.kind) return rank[a.kind] - rank[b.kind];
  if (a.kind === 'number' && b.kind === 'number') return compareParts(a.parts, b.parts);
  if ((a.kind === 'roman' || a.kind === 'letter') && (b.kind === 'roman' || b.kind === 'letter'))
    return a.value - b.value;
  return a.text.localeCompare(b.text, 'vi');
}
