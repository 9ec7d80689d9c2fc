/** Numbering checks: repeats, gaps and disorder of section letters and item numbers. */
import { messages } from '../messages.js';
import { type ParsedCode, toLetter, toRoman } from '../parse/code.js';
import { type Finding, finding } from '../report.js';
import type { ColumnDef } from '../tables.js';
import type { PlaceTable } from './classify.js';

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
  /** Row of each code's first appearance: by text for headings, by last number for items. */
  seen: Map<string, number> | SeenNumbers;
}

/**
 * The rows where the numbers of one item scope (one parent path, so "2.3" and 3 name the same
 * code) first appeared. Numbers nearly always come in increasing order, and a number above the
 * largest one met cannot be a repeat; only when a smaller one comes is an index built, once,
 * from the scope's rows, which are chained through one array shared by all scopes.
 */
class SeenNumbers {
  private max = -1; // item numbers are never negative
  private tail = -1;
  private index: Map<number, number> | null = null;

  constructor(
    private readonly chain: Int32Array,
    private readonly valueAt: (i: number) => number,
  ) {}

  /** The (1-based) row where `value` first appeared, if it did. */
  firstRow(value: number): number | undefined {
    if (this.index === null) {
      if (value > this.max) return undefined;
      this.index = new Map();
      for (let j = this.tail; j >= 0; j = this.chain[j]!) this.index.set(this.valueAt(j), j + 1);
    }
    return this.index.get(value);
  }

  /** Row `i` (0-based) is the first with `value`. */
  record(i: number, value: number): void {
    if (this.index !== null) {
      this.index.set(value, i + 1);
      return;
    }
    this.chain[i] = this.tail;
    this.tail = i;
    if (value > this.max) this.max = value;
  }
}

/**
 * Check codes in appendix order. `layout: 'sheet'` checks only what an agency's own sheet can
 * know: a code repeated within a section (gaps are normal, other agencies fill them).
 */
export function checkNumbering(
  places: PlaceTable,
  codeColumn: ColumnDef,
  layout: 'appendix' | 'sheet',
  out: Finding[],
  rowNumber: (row: number) => number = (row) => row,
): void {
  const scopes = new Map<string, Scope>();
  const chain = new Int32Array(places.length);
  const valueAt = (i: number) => {
    const parts = (places.codes[i] as Extract<ParsedCode, { kind: 'number' }>).parts;
    return parts[parts.length - 1]!;
  };
  const scopeOf = (key: string, items = false) => {
    let s = scopes.get(key);
    if (!s) scopes.set(key, (s = { last: 0, lastText: '', seen: items ? new SeenNumbers(chain, valueAt) : new Map() }));
    return s;
  };
  let sectionScope = '';
  let itemScope = '';
  // Consecutive items nearly always share their scope: reuse it instead of building its key again.
  let lastItemPath: string | null = null;
  let lastParentPath = '';
  let lastItemScope: Scope | null = null;
  for (let i = 0; i < places.length; i++) {
    const kind = places.kinds[i]!;
    const row = i + 1;
    const code = places.codes[i]!;
    if (kind === 'column_numbers' || kind === 'grand_total' || code.kind === 'blank') continue;
    if (code.kind === 'invalid') {
      out.push(finding(row, codeColumn, 'numbering', 'error', messages.numberingMalformed(code.text)));
      continue;
    }
    let scope: Scope;
    let value: number;
    let render: Render;
    let parentPath = '';
    if (kind === 'section') {
      scope = scopeOf('sections');
      value = code.kind === 'roman' ? code.value : 0;
      render = 'roman';
      // Scopes are per row so that a repeated heading does not make its items look repeated too.
      sectionScope = `${code.text}@${row}`;
      itemScope = sectionScope;
    } else if (kind === 'subsection') {
      scope = scopeOf(`letters:${sectionScope}`);
      value = code.kind === 'letter' ? code.value : 0;
      render = 'letter';
      itemScope = `${sectionScope}/${code.text}@${row}`;
    } else if (code.kind === 'number') {
      parentPath = code.parts.length > 1 ? code.text.slice(0, code.text.lastIndexOf('.')) : '';
      const scopePath = layout === 'sheet' ? places.sections[i]! : itemScope;
      if (scopePath !== lastItemPath || parentPath !== lastParentPath || lastItemScope === null) {
        lastItemScope = scopeOf(`items:${scopePath}:${parentPath}`, true);
        lastItemPath = scopePath;
        lastParentPath = parentPath;
      }
      scope = lastItemScope;
      value = code.parts[code.parts.length - 1]!;
      render = 'number';
      if (parentPath && places.parents[i]! < 0) {
        out.push(finding(row, codeColumn, 'numbering', 'warning', messages.numberingOrphan(code.text, parentPath)));
      }
    } else continue;

    const seen = scope.seen;
    const firstRow = seen instanceof SeenNumbers ? seen.firstRow(value) : seen.get(code.text);
    if (firstRow !== undefined) {
      const next = renderCode(render, parentPath, scope.last + 1);
      out.push(
        finding(
          row,
          codeColumn,
          'numbering',
          'error',
          messages.numberingRepeat(code.text, rowNumber(firstRow)),
          layout === 'appendix' ? next : null,
        ),
      );
      if (layout === 'appendix') scope.last += 1;
      continue;
    }
    if (seen instanceof SeenNumbers) seen.record(i, value);
    else seen.set(code.text, row);
    if (layout === 'appendix') {
      if (value < scope.last) {
        out.push(finding(row, codeColumn, 'numbering', 'error', messages.numberingDisorder(scope.lastText, code.text)));
      } else if (value > scope.last + 1) {
        const expected = renderCode(render, parentPath, scope.last + 1);
        out.push(
          finding(
            row,
            codeColumn,
            'numbering',
            'warning',
            messages.numberingGapFrom(scope.lastText || '(đầu mục)', code.text, expected),
            expected,
          ),
        );
      }
    }
    if (value > scope.last) {
      scope.last = value;
      scope.lastText = code.text;
    }
  }
}
