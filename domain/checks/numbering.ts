/** Numbering checks: repeats, gaps and disorder of section letters and item numbers. */
import { messages } from '../messages.js';
import { toLetter, toRoman } from '../parse/code.js';
import { finding, type Finding } from '../report.js';
import type { ColumnDef } from '../tables.js';
import type { RowPlace } from './classify.js';

type Render = 'roman' | 'letter' | 'number';

/** The code that would come at `value` in a run of this kind (built only when a finding needs it). */
function renderCode(kind: Render, parentPath: string, value: number): string {
  if (kind === 'roman') return toRoman(value);
  if (kind === 'letter') return toLetter(value);
  return parentPath ? `${parentPath}.${value}` : String(value);
}

interface Scope {
  last: number;
  lastText: string;
  seen: Map<string, number>;
}

/**
 * Check codes in appendix order. `layout: 'sheet'` checks only what an agency's own sheet can
 * know: a code repeated within a section (gaps are normal, other agencies fill them).
 */
export function checkNumbering(places: readonly RowPlace[], codeColumn: ColumnDef, layout: 'appendix' | 'sheet', out: Finding[]): void {
  const scopes = new Map<string, Scope>();
  const scopeOf = (key: string) => {
    let s = scopes.get(key);
    if (!s) scopes.set(key, (s = { last: 0, lastText: '', seen: new Map() }));
    return s;
  };
  let sectionScope = '';
  let itemScope = '';
  for (let i = 0; i < places.length; i++) {
    const place = places[i]!;
    const row = i + 1;
    const code = place.code;
    if (place.kind === 'column_numbers' || place.kind === 'grand_total' || code.kind === 'blank') continue;
    if (code.kind === 'invalid') {
      out.push(finding(row, codeColumn, 'numbering', 'error', messages.numberingMalformed(code.text)));
      continue;
    }
    let scopeKey: string;
    let value: number;
    let render: Render;
    let parentPath = '';
    if (place.kind === 'section') {
      scopeKey = 'sections';
      value = code.kind === 'roman' ? code.value : 0;
      render = 'roman';
      // Scopes are per row so that a repeated heading does not make its items look repeated too.
      sectionScope = `${code.text}@${row}`;
      itemScope = sectionScope;
    } else if (place.kind === 'subsection') {
      scopeKey = `letters:${sectionScope}`;
      value = code.kind === 'letter' ? code.value : 0;
      render = 'letter';
      itemScope = `${sectionScope}/${code.text}@${row}`;
    } else if (code.kind === 'number') {
      parentPath = code.parts.length > 1 ? code.text.slice(0, code.text.lastIndexOf('.')) : '';
      const scopePath = layout === 'sheet' ? place.section : itemScope;
      scopeKey = `items:${scopePath}:${parentPath}`;
      value = code.parts[code.parts.length - 1]!;
      render = 'number';
      if (parentPath && place.parent < 0) {
        out.push(finding(row, codeColumn, 'numbering', 'warning', messages.numberingOrphan(code.text, parentPath)));
      }
    } else continue;

    const scope = scopeOf(scopeKey);
    const firstRow = scope.seen.get(code.text);
    if (firstRow !== undefined) {
      const next = renderCode(render, parentPath, scope.last + 1);
      out.push(finding(row, codeColumn, 'numbering', 'error', messages.numberingRepeat(code.text, firstRow), layout === 'appendix' ? next : null));
      if (layout === 'appendix') scope.last += 1;
      continue;
    }
    scope.seen.set(code.text, row);
    if (layout === 'appendix') {
      if (value < scope.last) {
        out.push(finding(row, codeColumn, 'numbering', 'error', messages.numberingDisorder(scope.lastText, code.text)));
      } else if (value > scope.last + 1) {
        const expected = renderCode(render, parentPath, scope.last + 1);
        out.push(finding(row, codeColumn, 'numbering', 'warning', messages.numberingGapFrom(scope.lastText || '(đầu mục)', code.text, expected), expected));
      }
    }
    if (value > scope.last) {
      scope.last = value;
      scope.lastText = code.text;
    }
  }
}
