/**
 * The shortcuts taken for speed give exactly what the plain definitions give. Each reference
 * below is the straightforward version the shortcut replaced.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Agency,
  AgencyMatcher,
  agencyKey,
  cleanText,
  foldKey,
  newStyleTones,
  parseVnNumber,
} from '../../domain/index.js';
import { ABBREVIATIONS, expandAbbreviations, expandOfficialAbbreviations } from '../../domain/parse/abbreviations.js';
import { plainAmount } from '../../domain/parse/number.js';
import { isSpaceCode, lastWord, singleSpaced } from '../../domain/text.js';
import { registry } from '../support/fixtures.js';

const refCleanText = (text: string) => newStyleTones(text.normalize('NFC')).replace(/\s+/g, ' ').trim();
const refFoldKey = (text: string) =>
  refCleanText(text)
    .toLocaleLowerCase('vi')
    .replace(/[–—‐‑−]/g, '-')
    .replace(/\s*-\s*/g, '-')
    .replace(/\s*&\s*/g, '&')
    .replace(/\s*,\s*/g, ', ')
    .replace(/[\s.;,:]+$/g, '')
    .replace(/^[\s.;,:-]+/g, '');
const TOKEN = /[\p{L}\p{N}&-]+/gu;
const table = new Map(ABBREVIATIONS);
const refExpand = (key: string) => key.replace(TOKEN, (t) => table.get(t) ?? t);
const refExpandOfficial = (key: string) =>
  key.replace(TOKEN, (t) => (t === 'ubnd' || t === 'hđnd' ? table.get(t)! : t));
const refAgencyKey = (name: string) =>
  refExpand(refFoldKey(name.replace(/\([^()]*\)/g, ' ')))
    .replace(/\s*&\s*/g, ' và ')
    .replace(/\s+/g, ' ')
    .trim();

const names = registry.agencies.flatMap((a) => [a.name, ...a.aliases, ...a.formerly]);

/** Text made of the awkward pieces real cells hold: names, odd spaces, dashes, punctuation, old tones, NFD. */
const piece = fc.oneof(
  fc.constantFrom(...names),
  fc.constantFrom(
    ' ',
    '  ',
    '\t',
    '\n',
    '\u00a0',
    '\u2000',
    '\u3000',
    '\ufeff',
    '-',
    ' - ',
    '–',
    '&',
    ' & ',
    ',',
    ', ',
    ' ,',
    ';',
    ':',
    '.',
    '(',
    ')',
    'hoá',
    'thuỷ',
    'Uỷ',
    'quý',
    'hoàng',
  ),
  fc.constantFrom('UBND', 'HĐND', 'KH&CN', 'vh-tt&dl', 'Sở', 'xã', 'tỉnh', '12', '(3)', 'İ', 'Σ'),
  fc.string({ maxLength: 4 }),
);
const text = fc
  .array(
    fc.oneof(
      piece,
      piece.map((s) => s.normalize('NFD')),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

describe('text folding shortcuts', () => {
  it('isSpaceCode is exactly \\s', () => {
    const wrong: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (isSpaceCode(c) !== /\s/.test(String.fromCharCode(c))) wrong.push(c);
    expect(wrong).toEqual([]);
  });

  it('cleanText, foldKey and agencyKey equal their plain definitions', () => {
    for (const name of names) {
      expect(foldKey(name)).toBe(refFoldKey(name));
      expect(agencyKey(name)).toBe(refAgencyKey(name));
    }
    fc.assert(
      fc.property(text, (s) => {
        expect(cleanText(s)).toBe(refCleanText(s));
        expect(foldKey(s)).toBe(refFoldKey(s));
        expect(agencyKey(s)).toBe(refAgencyKey(s));
        expect(singleSpaced(s)).toBe(s.replace(/\s+/g, ' ').trim());
      }),
      { numRuns: 3000 },
    );
  });

  it('abbreviations are expanded as token by token', () => {
    fc.assert(
      fc.property(text, (s) => {
        const key = refFoldKey(s);
        expect(expandAbbreviations(key)).toBe(refExpand(key));
        expect(expandOfficialAbbreviations(key)).toBe(refExpandOfficial(key));
      }),
      { numRuns: 3000 },
    );
  });

  it('the last word of the cleaned text is the cleaned last word', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(cleanText(lastWord(s))).toBe(refCleanText(s).split(' ').pop());
      }),
      { numRuns: 3000 },
    );
  });
});

describe('AgencyMatcher.agencyAtEnd', () => {
  const matcher = new AgencyMatcher(registry);
  const lastWords = new Set(names.map((n) => refFoldKey(n).split(' ').pop()!));
  // The method as it was: clean the whole text, then look at its last word.
  const reference = (s: string): Agency | null => {
    const words = refCleanText(s).split(' ');
    if (!lastWords.has(refFoldKey(words[words.length - 1] ?? ''))) return null;
    for (let n = Math.min(10, words.length - 1); n >= 2; n--) {
      const hit = matcher.lookup(words.slice(words.length - n).join(' '));
      if (hit && hit.agency.kind !== 'group') return hit.agency;
    }
    return null;
  };

  it('finds the same agency as cleaning the whole text first', () => {
    const task = fc.constantFrom('Xây dựng hệ thống giám sát an ninh mạng', 'Triển khai', 'Đề án số (hạng mục 12)', '');
    fc.assert(
      fc.property(task, text, (head, tail) => {
        const s = `${head} ${tail}`;
        expect(matcher.agencyAtEnd(s)).toBe(reference(s));
      }),
      { numRuns: 3000 },
    );
    expect(matcher.agencyAtEnd('Phát triển hạ tầng an ninh mạng Công an tỉnh')?.name).toBe('Công an tỉnh');
  });

  it('folds a plain ASCII last word as the full fold does', () => {
    // Registry names that end in such a word, and names of tasks that do.
    expect(matcher.agencyAtEnd('Nâng cấp hệ thống thông tin Bệnh viện Đa khoa số 1')?.name).toBe(
      'Bệnh viện Đa khoa Số 1 tỉnh Lào Cai',
    );
    expect(matcher.agencyAtEnd('Hạ tầng số Tập đoàn Công nghiệp - Viễn thông Quân đội (Viettel)')?.name).toBe(
      'Tập đoàn Công nghiệp - Viễn thông Quân đội',
    );
    expect(matcher.agencyAtEnd('Thanh toán số NHNN KV4')?.name).toBe('Chi nhánh Ngân hàng Nhà nước khu vực IV');
    const ascii = fc.stringMatching(/^[ -~]{0,12}$/);
    fc.assert(
      fc.property(fc.constantFrom('Dự án', 'Bệnh viện Đa khoa số', 'NHNN'), ascii, (head, tail) => {
        const s = `${head} ${tail}`;
        expect(matcher.agencyAtEnd(s)).toBe(reference(s));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('plainAmount', () => {
  it('gives what parseVnNumber gives for plain amounts, and -1 for anything else', () => {
    const amount = fc.oneof(
      fc.nat().map((n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.')),
      fc.nat().map(String),
      fc.stringMatching(/^[\d.,\s-]{0,8}$/),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(amount, (s) => {
        const plain = plainAmount(s);
        const full = parseVnNumber(s);
        if (plain >= 0) expect(full).toEqual({ ok: true, value: plain });
        else expect(/^\d{1,3}(\.\d{3})*$|^\d+$/.test(s)).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });
});
