/**
 * Characters no cell may hold: NUL, which PostgreSQL cannot store in text, and a lone half of a
 * UTF-16 surrogate pair, which has no character and cannot be written as UTF-8. Both arrive in
 * cells pasted from other systems; they are refused on the cell where they are, in the pane
 * and in the service alike, rather than stored as something else.
 */

export type TextFault = 'nul' | 'surrogate';

// Without the `u` flag a regular expression sees UTF-16 code units, so a half pair is visible.
const FAULT = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

type WellFormed = { isWellFormed?: () => boolean };
// Native where the engine has it (Node 20, current Edge WebView2 and Safari): one-byte strings,
// most cells, are answered without a scan.
const native = typeof (String.prototype as WellFormed).isWellFormed === 'function';

export function textFault(text: string): TextFault | null {
  if (native) {
    if (text.indexOf('\u0000') !== -1) return 'nul';
    return (text as WellFormed).isWellFormed!() ? null : 'surrogate';
  }
  return textFaultByPattern(text);
}

/** The same rule for engines without `isWellFormed`. */
export function textFaultByPattern(text: string): TextFault | null {
  if (text.indexOf('\u0000') !== -1) return 'nul';
  return FAULT.test(text) ? 'surrogate' : null;
}

export const TEXT_FAULT_NAMES: Readonly<Record<TextFault, string>> = {
  nul: 'NUL',
  surrogate: 'nửa ký tự bị cắt khi sao chép',
};

/** The first faulty string anywhere in a parsed JSON value or form, with its path. */
export function findTextFault(value: unknown, path: string[] = []): { path: string[]; fault: TextFault } | null {
  if (typeof value === 'string') {
    const fault = textFault(value);
    return fault ? { path, fault } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findTextFault(value[i], [...path, String(i)]);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const keyFault = textFault(k);
      if (keyFault) return { path: [...path, k], fault: keyFault };
      const hit = findTextFault(v, [...path, k]);
      if (hit) return hit;
    }
  }
  return null;
}

/**
 * The most characters a cell may hold. The longest cell of the source plans is a few hundred
 * characters; a bound keeps one pasted document from being stored in a row and its audit record.
 */
export const MAX_CELL_CHARS = 4000;

/**
 * Bidi controls (U+202A–202E, U+2066–2069) and zero-width characters (U+200B–200D, U+FEFF).
 * Invisible, they come along when a name is copied from a web page or a document: the name
 * looks right and matches nothing, or shows its words in another order than they are stored.
 */
const HIDDEN_MARK = /[\u200b-\u200d\u202a-\u202e\u2066-\u2069\ufeff]/;
const HIDDEN_MARKS = /[\u200b-\u200d\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function hasHiddenMarks(text: string): boolean {
  return HIDDEN_MARK.test(text);
}

/** The text without its hidden marks, spaces left as they were. */
export function withoutHiddenMarks(text: string): string {
  return text.replace(HIDDEN_MARKS, '');
}

/** The refusal of a name (an alias, a round's name) that holds hidden marks, or null. */
export function hiddenMarksRefusal(where: string, text: string): string | null {
  return hasHiddenMarks(text)
    ? `${where} «${withoutHiddenMarks(text)}» có ký tự ẩn (ký tự đổi chiều chữ hoặc ký tự độ rộng bằng 0), thường lẫn vào khi sao chép. Hãy gõ lại tên rồi lưu.`
    : null;
}
