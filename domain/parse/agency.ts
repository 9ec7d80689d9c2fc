/**
 * Matching agency names as people write them against the registry, and splitting a cell
 * that lists several agencies without breaking names that contain a comma.
 */
import type { Agency, Registry } from '../registry.js';
import { cleanText, foldKey, lastWord, singleSpaced, trigrams, unmarkedKey } from '../text.js';
import { TextMemo } from '../text-memo.js';
import { expandAbbreviations, expandOfficialAbbreviations } from './abbreviations.js';

export type AgencyMatch =
  | { raw: string; via: 'exact' | 'alias' | 'former'; agency: Agency }
  | {
      raw: string;
      via: 'unknown';
      suggestions: string[];
      /** The one name to put in its place with one click, when the nearest is close and clearly ahead; else null. */
      fix: string | null;
    };

/** The comparison key of a name: folded, abbreviations spelled out, counts like "(3)" dropped. */
export function agencyKey(name: string): string {
  return agencyKeys.get(name);
}

/** Key without abbreviation expansion: equal only for spelling variants of the same text. */
function formKey(name: string): string {
  return formKeys.get(name);
}

/**
 * Both keys depend on the text alone, and every matcher asks for the same ones: the registry's
 * names when it is built (the service builds one per registry change) and the cell texts of a
 * table. Kept across matchers, so a new matcher does not fold every name again.
 */
const agencyKeys = new TextMemo((name) =>
  singleSpaced(expandAbbreviations(foldKey(name.replace(/\([^()]*\)/g, ' '))).replace(/\s*&\s*/g, ' và ')),
);
const formKeys = new TextMemo((name) => expandOfficialAbbreviations(foldKey(name.replace(/\([^()]*\)/g, ' '))));
/** The last word of a name's folded key: what follows its last space. */
const foldedLastWords = new TextMemo((name) => {
  const folded = foldKey(name);
  return folded.slice(folded.lastIndexOf(' ') + 1);
});

function countOf(text: string, char: string): number {
  let n = 0;
  for (let at = text.indexOf(char); at >= 0; at = text.indexOf(char, at + 1)) n++;
  return n;
}

/**
 * `foldKey(cleanText(word))` of a word without white space, skipping the general steps for a
 * plain word: ASCII (nothing to normalize, no tone mark to move) without the punctuation that
 * folding trims or rewrites (". ; , : -") folds to itself lower-cased. Names in a table often
 * end in such a word ("… (hạng mục 12)", "… năm 2030").
 */
function foldWord(word: string): string {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 128 || c === 46 || c === 59 || c === 44 || c === 58 || c === 45) return foldKey(cleanText(word));
  }
  return word.toLowerCase();
}

/** Below this, a registry name is too unlike to be listed as a candidate at all. */
export const SUGGEST_SIMILARITY = 0.45;

/**
 * A candidate becomes a one-click fix only when its similarity is at least FIX_SIMILARITY and
 * it leads the next candidate by FIX_MARGIN. Measured on the Lào Cai registry by taking each of
 * its 295 real variant spellings out and matching it as unknown (`bench/suggest-threshold.ts`,
 * figures in bench/RESULTS.md): with any candidate as the fix, 284 fixes would be offered, 63
 * of them wrong; with these two bars 166 are offered, 9 wrong. The margin matters more than the
 * level: registry names differ by one word («Bệnh viện Đa khoa Số 1 / Số 2 tỉnh Lào Cai»
 * score 0,91), so a close second means a guess. The CDC, missing from an older registry, scored 0,50
 * against «Trung tâm Kiểm định và Kiểm nghiệm hàng hóa»: a candidate to list, not a fix.
 */
export const FIX_SIMILARITY = 0.6;
export const FIX_MARGIN = 0.1;

const DISTRIBUTIVE = /^(các|những)\s+(sở|xã|phường)\s*:?\s+(.+)$/;
const PREFIXES: Record<string, string> = { sở: 'Sở ', xã: 'Xã ', phường: 'Phường ' };

export class AgencyMatcher {
  private readonly byKey = new Map<string, { agency: Agency; via: 'exact' | 'alias' | 'former' }>();
  private readonly canonicalForm = new Map<string, string>(); // agency id → form key of its name
  /** Every registry name's key, for suggestions; their trigrams are built on the first unknown name. */
  private readonly candidateKeys: { key: string; agency: Agency }[] = [];
  private candidates: { grams: Set<string>; agency: Agency }[] | null = null;
  private readonly listCache = new Map<string, AgencyMatch[]>();
  private readonly matchCache = new Map<string, AgencyMatch>();
  private readonly maxWords: number;
  /** Folded last words of every name: a text can only end with an agency if it ends with one of these. */
  private readonly lastWords = new Set<string>();
  readonly agencies: readonly Agency[];

  constructor(registry: Pick<Registry, 'agencies'>) {
    this.agencies = registry.agencies;
    let maxWords = 1;
    const add = (name: string, agency: Agency, via: 'exact' | 'alias' | 'former') => {
      const key = agencyKey(name);
      const known = this.byKey.get(key);
      // The canonical name wins over an alias that happens to fold to the same key.
      if (!known || (via === 'exact' && known.via !== 'exact')) this.byKey.set(key, { agency, via });
      this.candidateKeys.push({ key, agency });
      this.lastWords.add(foldedLastWords.get(name));
      maxWords = Math.max(maxWords, countOf(name, ',') + 1);
    };
    for (const agency of registry.agencies) {
      this.canonicalForm.set(agency.id, formKey(agency.name));
      add(agency.name, agency, 'exact');
      for (const alias of agency.aliases) add(alias, agency, 'alias');
      for (const former of agency.formerly) add(former, agency, 'former');
    }
    this.maxWords = maxWords;
  }

  /** Match one name. A name that differs from the canonical one only in spelling form is `exact`. */
  match(raw: string): AgencyMatch {
    const cached = this.matchCache.get(raw);
    if (cached) return cached;
    const found = this.lookup(raw);
    const result: AgencyMatch = found ?? this.unknown(raw);
    if (this.matchCache.size > 50_000) this.matchCache.clear();
    this.matchCache.set(raw, result);
    return result;
  }

  private unknown(raw: string): AgencyMatch {
    const scored = this.suggestScored(raw);
    const [first, second] = scored;
    const fix =
      first && first.score >= FIX_SIMILARITY && first.score - (second?.score ?? 0) >= FIX_MARGIN ? first.name : null;
    return { raw: cleanText(raw), via: 'unknown', suggestions: scored.map((s) => s.name), fix };
  }

  /** The longest tail of a text that names a non-group agency ("…an ninh mạng Công an tỉnh"), or null. */
  agencyAtEnd(text: string, maxWords = 10): Agency | null {
    // Most texts do not end with an agency: decide that from the last word before cleaning the whole text.
    if (!this.lastWords.has(foldWord(lastWord(text)))) return null;
    const words = cleanText(text).split(' ');
    for (let n = Math.min(maxWords, words.length - 1); n >= 2; n--) {
      const hit = this.lookup(words.slice(words.length - n).join(' '));
      if (hit && hit.agency.kind !== 'group') return hit.agency;
    }
    return null;
  }

  /** Match without suggestions: null when the name is not in the registry. */
  lookup(raw: string): Exclude<AgencyMatch, { via: 'unknown' }> | null {
    const text = cleanText(raw);
    const hit = this.byKey.get(agencyKey(text));
    if (!hit) return null;
    if (hit.via === 'former') return { raw: text, via: 'former', agency: hit.agency };
    const sameForm = this.canonicalForm.get(hit.agency.id) === formKey(text);
    return { raw: text, via: sameForm ? 'exact' : 'alias', agency: hit.agency };
  }

  /**
   * The nearest registry names to an unknown one, best first (trigram Dice similarity), compared
   * without tone marks: a name typed without them ("So Tai chinh") still finds its agency.
   */
  suggest(raw: string, limit = 3): string[] {
    return this.suggestScored(raw, limit).map((s) => s.name);
  }

  /** `suggest` with each name's similarity (0–1), to tell a near-certain fix from a guess. */
  suggestScored(raw: string, limit = 3): { name: string; score: number }[] {
    const grams = trigrams(unmarkedKey(agencyKey(raw)));
    const scored = new Map<string, number>();
    this.candidates ??= this.candidateKeys.map(({ key, agency }) => ({ grams: trigrams(unmarkedKey(key)), agency }));
    for (const c of this.candidates) {
      let shared = 0;
      for (const g of grams) if (c.grams.has(g)) shared++;
      const score = (2 * shared) / (grams.size + c.grams.size);
      if (score >= SUGGEST_SIMILARITY && score > (scored.get(c.agency.name) ?? 0)) scored.set(c.agency.name, score);
    }
    return [...scored.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, score]) => ({ name, score }));
  }

  /**
   * Split a cell that lists agencies ("Văn phòng UBND tỉnh; Sở Nội vụ; các sở, ngành") and match
   * each one. Memoised: the same cell text recurs thousands of times in a real sheet.
   */
  matchList(cell: string): AgencyMatch[] {
    const cached = this.listCache.get(cell);
    if (cached) return cached;
    const out: AgencyMatch[] = [];
    // "Các Sở: Tài chính; Công Thương" and "Các phường Lào Cai, Cam Đường": the prefix carries over.
    const state: { prefix: string | null } = { prefix: null };
    // A line break inside the cell (Alt+Enter in Excel) separates agencies like ";" does.
    for (const line of cell.split(/\s*[;\r\n]\s*/)) {
      const part = cleanText(line);
      if (part !== '') this.splitCommas(part, out, state);
    }
    if (this.listCache.size > 50_000) this.listCache.clear();
    this.listCache.set(cell, out);
    return out;
  }

  private splitCommas(text: string, out: AgencyMatch[], state: { prefix: string | null }): void {
    const pieces = text
      .split(/\s*,\s*/)
      .map((p) => p.replace(/^(và|cùng)\s+/i, '').trim())
      .filter((p) => p !== '');
    for (let i = 0; i < pieces.length; ) {
      const distributive = DISTRIBUTIVE.exec(foldKey(pieces[i]!));
      if (distributive && !this.byKey.has(agencyKey(pieces[i]!))) {
        state.prefix = PREFIXES[distributive[2]!] ?? null;
        pieces[i] = pieces[i]!.slice(pieces[i]!.length - distributive[3]!.length);
      }
      // Longest run of comma pieces that is one registry name: "Sở Văn hóa, Thể thao và Du lịch".
      let taken = 0;
      for (let n = Math.min(this.maxWords, pieces.length - i); n >= 1 && taken === 0; n--) {
        const joined = pieces.slice(i, i + n).join(', ');
        const name = [state.prefix ? state.prefix + joined : null, joined].find(
          (t) => t !== null && this.byKey.has(agencyKey(t)),
        );
        if (name) {
          out.push(this.match(name));
          taken = n;
        }
      }
      if (taken === 0) {
        this.pushSingleOrPair(state.prefix ? state.prefix + pieces[i]! : pieces[i]!, out, state.prefix);
        taken = 1;
      }
      i += taken;
    }
  }

  /** "Trường A và Phân hiệu B": split on "và" only when every side is a known agency. */
  private pushSingleOrPair(text: string, out: AgencyMatch[], prefix: string | null): void {
    const whole = this.match(text);
    if (whole.via !== 'unknown') {
      out.push(whole);
      return;
    }
    const sides = text.split(/\s+và\s+/);
    if (sides.length > 1) {
      for (let cut = 1; cut < sides.length; cut++) {
        const left = this.match(sides.slice(0, cut).join(' và '));
        const rightText = sides.slice(cut).join(' và ');
        const right = this.match(prefix && !/^(xã|phường)\s/i.test(rightText) ? prefix + rightText : rightText);
        if (left.via !== 'unknown' && right.via !== 'unknown') {
          out.push(left, right);
          return;
        }
      }
    }
    // A bare ward name after "Các phường …" that is still unknown: report it as written.
    out.push(prefix && whole.via === 'unknown' ? { ...whole, raw: text } : whole);
  }
}
