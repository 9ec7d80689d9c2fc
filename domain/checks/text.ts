/**
 * The cell-text rule every side applies before anything else reads a cell: no NUL, no half
 * surrogate pair, at most MAX_CELL_CHARS characters. Kept out of the main cell pass, which
 * stays as fast as it is. Lengths cost a comparison per cell and are always checked; the
 * character scan runs in the pane and the CLI on every check, and in the service only when
 * the raw body can hold such a character (`mayHoldFaultyText`).
 */
import { messages } from '../messages.js';
import { hasHiddenMarks, MAX_CELL_CHARS, TEXT_FAULT_NAMES, textFault, withoutHiddenMarks } from '../parse/safe-text.js';
import { type Finding, finding } from '../report.js';
import type { ColumnDef, TableDef } from '../tables.js';

const SECTION: ColumnDef = { key: 'section', header: 'Mục', type: 'text', required: true, width: 8 };

export function textFindings(
  def: TableDef,
  rows: readonly Record<string, unknown>[],
  options: { characters: boolean } = { characters: true },
): Finding[] {
  const out: Finding[] = [];
  const columns = [SECTION, ...def.columns];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    for (const column of columns) {
      const v = row[column.key];
      if (typeof v !== 'string') continue;
      const fault = options.characters ? textFault(v) : null;
      if (fault)
        out.push(
          finding(i + 1, column, 'invalid_text', 'error', messages.invalidText(column.header, TEXT_FAULT_NAMES[fault])),
        );
      else if (v.length > MAX_CELL_CHARS)
        out.push(
          finding(i + 1, column, 'too_long', 'error', messages.tooLong(column.header, v.length, MAX_CELL_CHARS)),
        );
    }
  }
  return out;
}

/**
 * Agency names without hidden marks (bidi controls, zero-width characters): the rows with those
 * cells stripped (the same array when none had any, so the common case copies nothing) and a
 * warning on each such cell. The checks then read the stripped names, and the service stores them.
 */
export function stripHiddenMarks(
  def: TableDef,
  rows: readonly Record<string, unknown>[],
): { rows: readonly Record<string, unknown>[]; findings: Finding[] } {
  const columns = def.columns.filter((c) => c.type === 'agency' || c.type === 'agencies');
  const findings: Finding[] = [];
  let out: Record<string, unknown>[] | null = null;
  for (let i = 0; i < rows.length; i++) {
    for (const column of columns) {
      const v = rows[i]![column.key];
      if (typeof v !== 'string' || !hasHiddenMarks(v)) continue;
      const stripped = withoutHiddenMarks(v);
      out ??= rows.slice();
      out[i] = { ...out[i], [column.key]: stripped };
      findings.push(
        finding(
          i + 1,
          column,
          'hidden_characters',
          'warning',
          messages.hiddenCharacters(column.header, stripped),
          stripped,
        ),
      );
    }
  }
  return { rows: out ?? rows, findings };
}

/**
 * Whether a JSON text can hold a NUL or a half surrogate pair (both reach JSON only as `\u`
 * escapes; raw they are invalid UTF-8, refused when decoding), or a hidden mark (raw or
 * escaped). One scan of the text, so a clean body pays almost nothing.
 */
export function mayHoldFaultyText(json: string): boolean {
  return /\\u(0000|d[89a-f]|200[b-d]|202[a-e]|206[6-9]|feff)|[\u200b-\u200d\u202a-\u202e\u2066-\u2069\ufeff]/i.test(
    json,
  );
}
