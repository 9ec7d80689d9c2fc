/**
 * Document references ("184-BC/ĐU ngày 23/3/2026", "1209/SYT-NVY ngày 25/3/2026"). The part after
 * "/" carries the issuing body's initials, which must belong to the unit that cites it.
 */
import type { Agency } from '../registry.js';
import { cleanText } from '../text.js';

export interface DocumentRef {
  text: string;
  number: string;
  /** Hyphen-separated symbols after "/": issuer and issuing unit ("SYT", "NVY"). */
  symbols: string[];
  date: string | null;
}

const REF = /^(\d+)(?:[-\s]*([\p{L}]+))?\s*\/\s*([\p{L}\d&-]+)(?:\s+(?:ngày)\s+(\d{1,2})\/(\d{1,2})\/(\d{4}))?/iu;

/** Parse every reference of a cell ("510-CV/BTGDVTU ngày 26/3/2026; 565-CV/…"); null when one is unreadable. */
export function parseDocuments(cell: string): DocumentRef[] | null {
  const out: DocumentRef[] = [];
  for (const part of cleanText(cell).split(/\s*;\s*/)) {
    if (part === '') continue;
    const m = REF.exec(part);
    if (!m) return null;
    const date = m[4] ? `${m[6]}-${m[5]!.padStart(2, '0')}-${m[4].padStart(2, '0')}` : null;
    out.push({ text: part, number: m[1]!, symbols: m[3]!.toLocaleUpperCase('vi').split('-').filter(Boolean), date });
  }
  return out;
}

const SKIP = new Set(['và', 'các', 'của', 'tỉnh']);

/** Initials of every leading run of words of every name of the agency: "Đảng ủy xã …" → ĐU, ĐUX… */
export function issuerCodes(agency: Agency): Set<string> {
  const codes = new Set<string>();
  for (const name of [agency.name, ...agency.aliases]) {
    const words = cleanText(name)
      .split(/[\s,]+/)
      .filter((w) => w !== '');
    let initials = '';
    for (const word of words) {
      if (/^[\p{Lu}\d&]{2,}$/u.test(word)) codes.add(word.toLocaleUpperCase('vi'));
      if (SKIP.has(word.toLocaleLowerCase('vi'))) continue;
      initials += initialOf(word);
      if (initials.length >= 2) codes.add(initials);
    }
  }
  return codes;
}

/** "ủy" → "U", "đoàn" → "Đ": initials keep Đ but drop tone and vowel marks. */
function initialOf(word: string): string {
  const first = word[0]!.toLocaleUpperCase('vi');
  return first === 'Đ' ? first : first.normalize('NFD')[0]!;
}

/** The symbols of a reference that name none of the agency's initials, or null when one does. */
export function foreignIssuer(ref: DocumentRef, agency: Agency): string | null {
  const codes = issuerCodes(agency);
  return ref.symbols.some((s) => codes.has(s)) ? null : ref.symbols.join('-');
}
