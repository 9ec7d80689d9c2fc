/**
 * Task names reduced to what identifies a task: folded as `foldKey` folds text (NFC, new-style
 * tone marks, lower case), abbreviations spelled out, punctuation gone, and the syllables every
 * task name shares (các, của, trên địa bàn tỉnh…) dropped.
 *
 * A round holds up to 40,000 names, and `foldKey` + `expandAbbreviations` cost ~15 µs a name on
 * the whole string. Here one character loop cuts the raw words, and each distinct raw word is
 * folded once and remembered as syllable ids; the rest is integer work.
 */
import { ABBREVIATIONS } from '../parse/abbreviations.js';
import { newStyleTones } from '../text.js';

/**
 * Abbreviations of task wording (the agency ones come from parse/abbreviations). Real sheets
 * write "Mở rộng hợp tác quốc tế về KH&CN và ĐMST" for "… khoa học – công nghệ và đổi mới sáng tạo".
 */
const TASK_ABBREVIATIONS: ReadonlyArray<readonly [string, string]> = [
  ['đmst', 'đổi mới sáng tạo'],
  ['cđs', 'chuyển đổi số'],
  ['tmđt', 'thương mại điện tử'],
  ['tthc', 'thủ tục hành chính'],
  ['shtt', 'sở hữu trí tuệ'],
  ['dvctt', 'dịch vụ công trực tuyến'],
  ['csdl', 'cơ sở dữ liệu'],
  ['htx', 'hợp tác xã'],
  ['dn', 'doanh nghiệp'],
  ['ai', 'trí tuệ nhân tạo'],
  ['r&d', 'nghiên cứu và phát triển'],
];

/**
 * Syllables that carry no identity in a task name. Vietnamese is tokenised by syllable, so these
 * are single syllables; "số" stays (chuyển đổi số, kinh tế số are what tasks are about).
 */
const STOP_SYLLABLES = [
  'các',
  'của',
  'và',
  'trong',
  'cho',
  'để',
  'với',
  'trên',
  'tại',
  'theo',
  'từ',
  'về',
  'đối',
  'những',
  'một',
  'là',
  'được',
  'có',
  'này',
  'đó',
  'nhằm',
  'hoặc',
  'đến',
  'vào',
  'bằng',
  'qua',
  'như',
  'thuộc',
  'tỉnh',
  'lào',
  'cai',
] as const;

/** Two-syllable words as common as the stop syllables: "trên địa bàn", "Nhiệm vụ …", "Dự án …". */
const STOP_PAIRS = [
  ['địa', 'bàn'],
  ['nhiệm', 'vụ'],
  ['dự', 'án'],
] as const;

/** A head shorter than this is a fragment ("Đầu tư, thuê dịch vụ…"); 8 is the tenth percentile of real task names' length. */
const MIN_HEAD_SYLLABLES = 8;
/** A tail at least as long as a short task name describes the task rather than naming a variant. */
const MIN_TAIL_SYLLABLES = 8;

const isWordCache = new Uint8Array(0x10000); // 0 unknown, 1 word character, 2 not
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
function isWord(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
  let known = isWordCache[c]!;
  if (known === 0) isWordCache[c] = known = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
  return known === 1;
}

const fold = (word: string) => newStyleTones(word.normalize('NFC')).toLowerCase();
const syllablesOf = (text: string): string[] =>
  fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((s) => s !== '');
const EXPANSIONS: ReadonlyMap<string, readonly string[]> = new Map(
  [...ABBREVIATIONS, ...TASK_ABBREVIATIONS].map(([short, long]) => [short, syllablesOf(long)]),
);

export interface ReadName {
  /** Syllable ids in order, abbreviations spelled out. */
  readonly syllables: readonly number[];
  /** Number of leading syllables that form the head, or -1 when the name has no separate head. */
  readonly headLength: number;
}

const EMPTY: ReadName = { syllables: [], headLength: -1 };

/** Reads names into syllable ids. One reader per computation: ids are only comparable within it. */
export class NameReader {
  /** Syllable text by id. */
  readonly texts: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly words = new Map<string, readonly number[]>();
  private readonly stop: Set<number>;
  private readonly stopPairs: Map<number, number>;

  constructor() {
    this.stop = new Set(STOP_SYLLABLES.map((s) => this.id(s)));
    this.stopPairs = new Map(STOP_PAIRS.map(([a, b]) => [this.id(a), this.id(b)]));
  }

  /** The id of a syllable already read, if any. */
  idOf(syllable: string): number | undefined {
    return this.ids.get(syllable);
  }

  private id(syllable: string): number {
    let id = this.ids.get(syllable);
    if (id === undefined) {
      this.ids.set(syllable, (id = this.texts.length));
      this.texts.push(syllable);
    }
    return id;
  }

  /** Syllable ids of one raw word: "Phát" → [phát]; "KH&CN" → [khoa, học, và, công, nghệ]. */
  private word(raw: string): readonly number[] {
    let ids = this.words.get(raw);
    if (ids) return ids;
    const folded = fold(raw);
    const parts =
      EXPANSIONS.get(folded) ?? (/[&-]/.test(folded) ? folded.split(/[&-]/).filter((s) => s !== '') : [folded]);
    ids = parts.map((s) => this.id(s));
    this.words.set(raw, ids);
    return ids;
  }

  /**
   * Read a name once: syllables and where its head ends. The head is the name up to the first
   * clause break (colon, semicolon, bracket, comma, full stop, lone dash) that leaves at least
   * eight syllables, when at least eight more follow: "Phát triển kho dữ liệu dùng chung của
   * tỉnh, tích hợp dữ liệu từ các sở, ngành, địa phương để …" is about its head. A short tail
   * qualifies the task ("(99 xã)", "(PPP)", ", thôn 2") and stays part of the name.
   */
  read(name: string): ReadName {
    if (name === '') return EMPTY;
    // "KH & CN" is "KH&CN" (foldKey joins them the same way).
    const s = name.includes('&') ? name.replace(/\s*&\s*/g, '&') : name;
    const out: number[] = [];
    let headLength = -1;
    const n = s.length;
    for (let i = 0; i < n; ) {
      const c = s.charCodeAt(i);
      if (isWord(c)) {
        let j = i + 1;
        // "kh&cn", "vh-tt&dl", "laocai-s": joined pieces are looked up whole, then split.
        for (; j < n; j++) {
          const d = s.charCodeAt(j);
          if (isWord(d)) continue;
          if ((d === 38 || d === 45) && j + 1 < n && isWord(s.charCodeAt(j + 1))) continue;
          break;
        }
        for (const id of this.word(s.slice(i, j))) out.push(id);
        i = j;
        continue;
      }
      if (headLength < 0 && out.length >= MIN_HEAD_SYLLABLES && isClauseBreak(s, i)) headLength = out.length;
      i++;
    }
    return { syllables: out, headLength: out.length - headLength >= MIN_TAIL_SYLLABLES ? headLength : -1 };
  }

  /** Distinct identifying syllables of the first `length` syllables, in order of appearance. */
  identifying(read: ReadName, length = read.syllables.length): number[] {
    const out: number[] = [];
    const s = read.syllables;
    for (let i = 0; i < length; i++) {
      const id = s[i]!;
      const pair = this.stopPairs.get(id);
      if (pair !== undefined && i + 1 < length && s[i + 1] === pair) {
        i++;
        continue;
      }
      // Names are a few dozen syllables: a linear search beats a Set here.
      if (!this.stop.has(id) && !out.includes(id)) out.push(id);
    }
    return out;
  }
}

function isClauseBreak(s: string, i: number): boolean {
  const c = s[i]!;
  if (c === ':' || c === ';' || c === '(' || c === ',') return true;
  if (c === '.') return i + 1 === s.length || s[i + 1] === ' ';
  // A dash standing between spaces ("… tiêu chuẩn đo lường chất lượng - Ứng dụng …").
  return (c === '-' || c === '–' || c === '—') && s[i - 1] === ' ' && s[i + 1] === ' ';
}
