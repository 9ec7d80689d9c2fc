/**
 * Text folding shared by every matcher: the same agency or phrase arrives composed or
 * decomposed, in old or new tone-mark placement, with odd spacing and dashes.
 */

const OLD_TONE = /([oO])([áàảãạÁÀẢÃẠéèẻẽẹÉÈẺẼẸ])|([uU])([ýỳỷỹỵÝỲỶỸỴ])/g;
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/;

/** Old style puts the tone on the second vowel of a closing "oa", "oe", "uy" (hoá, thuỷ); new style on the first (hóa, thủy). */
export function newStyleTones(text: string): string {
  return text.replace(OLD_TONE, (match, o, oVowel, u, uVowel, offset: number, whole: string) => {
    const first: string = o ?? u;
    const second: string = oVowel ?? uVowel;
    const next = whole.charAt(offset + match.length);
    // Only a syllable-final pair moves its tone: "hoàng", "toán", "quý" stay as they are.
    if (/\p{L}/u.test(next)) return match;
    if (u && /[qQ]/.test(whole.charAt(offset - 1))) return match;
    const decomposed = second.normalize('NFD');
    const tone = [...decomposed].find((c) => TONE_MARKS.test(c));
    if (!tone) return match;
    const bare = decomposed.replace(tone, '').normalize('NFC');
    return (first + tone).normalize('NFC') + bare;
  });
}

/** NFC, new-style tones, one space between words, no space at the ends. */
export function cleanText(text: string): string {
  // Plain ASCII is already NFC and has no tone mark to move.
  return singleSpaced(isAscii(text) ? text : newStyleTones(text.normalize('NFC')));
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/** One space between words, none at the ends; most texts already are, and are returned as they are. */
export function singleSpaced(text: string): string {
  return oddSpacing(text) ? text.replace(/\s+/g, ' ').trim() : text;
}

/** True when a space is at an end, follows another space, or is not a plain ' '. */
function oddSpacing(text: string): boolean {
  let afterSpace = true; // a space at the start is odd
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isSpaceCode(c)) afterSpace = false;
    else if (afterSpace || c !== 32) return true;
    else afterSpace = true;
  }
  return afterSpace && text.length > 0;
}

/**
 * Whether any step of `foldKey` after lower-casing would change the text: a dash to unify,
 * a space around "-", "&" or ",", a comma without its one space, punctuation at an end.
 */
const FOLD_STEPS = /[–—‐‑−]|\s[-&,]|[-&]\s|,(?! )|, \s|[\s.;,:]$|^[\s.;,:-]/;

/** A comparison key: clean text, lower case, one kind of dash, no trailing punctuation. */
export function foldKey(text: string): string {
  // `toLowerCase` is `toLocaleLowerCase('vi')`: only Lithuanian, Turkish and Azeri lower-case
  // differently, and it skips the locale lookup. Most texts need none of the replacements.
  const lower = cleanText(text).toLowerCase();
  if (!FOLD_STEPS.test(lower)) return lower;
  return lower
    .replace(/[–—‐‑−]/g, '-')
    .replace(/\s*-\s*/g, '-')
    .replace(/\s*&\s*/g, '&')
    .replace(/\s*,\s*/g, ', ')
    .replace(/[\s.;,:]+$/g, '')
    .replace(/^[\s.;,:-]+/g, '');
}

/**
 * `foldKey` without tone and vowel marks, đ as d: how people type in a hurry or without a
 * Vietnamese keyboard ("so tai chinh" for "Sở Tài chính"). For search and suggestions only: two
 * different names can lose their difference here.
 */
export function unmarkedKey(text: string): string {
  return foldKey(text).normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd');
}

/** The code units JavaScript's `\s` (and so `trim`) counts as white space. */
export function isSpaceCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return (
    c === 160 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * The last word of a text, as written (not cleaned); '' when there is none. `cleanText` acts on
 * each word alone (NFC never joins across white space, tone marks move within a word), so the
 * last word of `cleanText(text)` is `cleanText(lastWord(text))`, without cleaning the rest.
 */
export function lastWord(text: string): string {
  let end = text.length;
  while (end > 0 && isSpaceCode(text.charCodeAt(end - 1))) end--;
  let start = end;
  while (start > 0 && !isSpaceCode(text.charCodeAt(start - 1))) start--;
  return text.slice(start, end);
}

/** True when the cell holds nothing a person typed. */
export function isBlank(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value !== 'string') return false;
  if (value.length === 0) return true;
  // Most cells start with a visible character: decide without allocating a trimmed copy.
  const first = value.charCodeAt(0);
  if (first > 32 && first !== 160) return false;
  return value.trim() === '';
}

/** Similarity of two keys by character trigrams (Sørensen–Dice), 0..1. */
export function trigramSimilarity(a: string, b: string): number {
  const ta = trigrams(a);
  const tb = trigrams(b);
  if (ta.size === 0 || tb.size === 0) return a === b ? 1 : 0;
  let shared = 0;
  for (const t of ta) if (tb.has(t)) shared++;
  return (2 * shared) / (ta.size + tb.size);
}

export function trigrams(text: string): Set<string> {
  const padded = `  ${text} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return out;
}
