/**
 * Text shared by the merged exports: the extra column's header, and the guard that keeps a
 * typed cell from being run as a formula when a spreadsheet opens the file (CSV injection).
 */
export const AGENCY_HEADER = 'Cơ quan gửi';
/** The column naming each row's open flags, as the pane's merged sheet calls them. */
export const FLAGS_HEADER = 'Cảnh báo';

// OWASP's list: "=", "+", "-", "@" start a formula in Excel, LibreOffice and Google Sheets; a
// leading tab or carriage return lets one through after the app trims it.
const FORMULA_START = /^[=+\-@\t\r]/;

/** True for text a spreadsheet would read as a formula when typed. */
export function startsLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/**
 * Prefix an apostrophe to text a spreadsheet would read as a formula. Only for text: numbers
 * (a negative amount is written "-5") are never touched.
 *
 * @example
 * guardFormula('=HYPERLINK("http://x")'); // "'=HYPERLINK(\"http://x\")"
 * guardFormula('Sở Tài chính');           // unchanged
 */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
