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
  return newStyleTones(text.normalize('NFC')).replace(/\s+/g, ' ').trim();
}

/** A comparison key: clean text, lower case, one kind of dash, no trailing punctuation. */
export function foldKey(text: string): string {
  return cleanText(text)
    .toLocaleLowerCase('vi')
    .replace(/[–—‐‑−]/g, '-')
    .replace(/\s*-\s*/g, '-')
    .replace(/\s*&\s*/g, '&')
    .replace(/\s*,\s*/g, ', ')
    .replace(/[\s.;,:]+$/g, '')
    .replace(/^[\s.;,:-]+/g, '');
}

/** True when the cell holds nothing a person typed. */
export function isBlank(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value !== 'string') return false;
  // Most cells start with a visible character: decide without allocating a trimmed copy.
  if (value.length > 0 && value.charCodeAt(0) > 32 && value.charCodeAt(0) !== 160) return false;
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
