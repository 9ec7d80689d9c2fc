/**
 * Findings as marks on cells: a fill colour, and a note with the message and the suggestion.
 * Each row remembers its own marks in the hidden "Dấu kiểm tra" cell, so a later check clears
 * exactly the marks it made — even after the workbook was closed, rows were sorted or moved —
 * and never a colour or a note the user put there.
 */
import { shortHash } from '../../domain/consistency/hash.js';
import type { Finding } from '../../domain/report.js';
import type { TableDef } from '../../domain/tables.js';
import type { Severity } from '../../domain/values.js';
import type { BodyCell, CellValue, TablePatch } from './port.js';

export const FILL: Record<Severity, string> = { error: '#FDE7E9', warning: '#FFF4CE' };
/** Notes the add-in writes start with this; any other note belongs to the user. */
export const NOTE_PREFIX = '[TổngHợp] ';

export interface CellMark {
  severity: Severity;
  /** The note's text: every finding on the cell, with its suggestion. */
  text: string;
}

const SEVERITY_WORD: Record<Severity, string> = { error: 'Lỗi', warning: 'Cảnh báo' };

/** One line per finding: "Lỗi: … Gợi ý: «…»". */
export function findingLine(f: Pick<Finding, 'severity' | 'message' | 'suggestion'>): string {
  return `${SEVERITY_WORD[f.severity]}: ${f.message}${f.suggestion ? ` Gợi ý: «${f.suggestion}».` : ''}`;
}

/**
 * Where each finding lands: body row → column → mark. A finding about a whole row (a duplicate)
 * marks the row's name cell.
 */
export function desiredMarks(
  findings: readonly Pick<Finding, 'row' | 'column' | 'severity' | 'message' | 'suggestion'>[],
  positions: readonly number[],
  columns: ReadonlyMap<string, number>,
  def: TableDef,
): Map<number, Map<number, CellMark>> {
  const out = new Map<number, Map<number, CellMark>>();
  const fallback = columns.get(def.nameKey) ?? columns.get('code') ?? 0;
  for (const f of findings) {
    const bodyRow = positions[f.row - 1];
    if (bodyRow === undefined) continue;
    const col = (f.column ? columns.get(f.column.key) : undefined) ?? fallback;
    let row = out.get(bodyRow);
    if (!row) out.set(bodyRow, (row = new Map()));
    const line = findingLine(f);
    const known = row.get(col);
    if (!known) row.set(col, { severity: f.severity, text: line });
    else
      row.set(col, {
        severity: known.severity === 'error' || f.severity === 'error' ? 'error' : 'warning',
        text: `${known.text}\n${line}`,
      });
  }
  return out;
}

/** What a row's hidden cell records about one marked cell. */
interface Recorded {
  key: string;
  severity: Severity;
  /** Hash of our note's text, or "-" when no note was written. */
  note: string;
}

/** "lead:e:3fa9c1d2b7e0;total:w:-" */
export function encodeMarks(marks: readonly Recorded[]): string {
  return marks.map((m) => `${m.key}:${m.severity === 'error' ? 'e' : 'w'}:${m.note}`).join(';');
}

export function decodeMarks(cell: CellValue | undefined): Recorded[] {
  if (typeof cell !== 'string' || cell === '') return [];
  return cell.split(';').flatMap((part) => {
    const [key, sev, note] = part.split(':');
    return key && (sev === 'e' || sev === 'w')
      ? [{ key, severity: sev === 'e' ? 'error' : 'warning', note: note || '-' } satisfies Recorded]
      : [];
  });
}

export interface MarkPlanInput {
  /** The table's body values as read. */
  rows: readonly CellValue[][];
  /** Column key → body column index. */
  columns: ReadonlyMap<string, number>;
  desired: ReadonlyMap<number, ReadonlyMap<number, CellMark>>;
  notes: boolean;
  /** Only these body rows are re-marked (a live check of a few edited rows); all rows when omitted. */
  onlyRows?: ReadonlySet<number>;
  /** Paint every desired fill again, even where the hidden cell says it is there (a paste may have wiped it). */
  force?: boolean;
}

/**
 * The smallest patch that turns the marks on the sheet into the desired ones: fills and notes
 * change only where they differ, and the hidden cell of every changed row is rewritten.
 */
export function planMarks(
  input: MarkPlanInput,
): Pick<TablePatch, 'fills' | 'notes' | 'columns'> & { changedRows: number } {
  const marksCol = input.columns.get('_marks');
  if (marksCol === undefined) return { changedRows: 0 };
  const keyOf = new Map([...input.columns].map(([k, c]) => [c, k]));
  const fills: Record<Severity | 'clear', BodyCell[]> = { error: [], warning: [], clear: [] };
  const notesSet: (BodyCell & { text: string })[] = [];
  const notesRemove: BodyCell[] = [];
  const markValues: (CellValue | null)[] = new Array(input.rows.length).fill(null);
  let changedRows = 0;
  input.rows.forEach((values, row) => {
    if (input.onlyRows && !input.onlyRows.has(row)) return;
    const before = new Map(decodeMarks(values[marksCol]).map((m) => [m.key, m]));
    const want = input.desired.get(row);
    const after: Recorded[] = [];
    let changed = false;
    for (const [col, mark] of want ?? []) {
      const key = keyOf.get(col);
      if (key === undefined) continue;
      const note = input.notes ? shortHash(mark.text) : '-';
      const old = before.get(key);
      before.delete(key);
      after.push({ key, severity: mark.severity, note });
      if (old?.severity !== mark.severity) fills[mark.severity].push({ row, col });
      if (input.force && old?.severity === mark.severity) fills[mark.severity].push({ row, col });
      if (input.notes && old?.note !== note) notesSet.push({ row, col, text: `${NOTE_PREFIX}${mark.text}` });
      changed ||= !old || old.severity !== mark.severity || old.note !== note;
    }
    for (const old of before.values()) {
      const col = input.columns.get(old.key);
      changed = true;
      if (col === undefined) continue;
      fills.clear.push({ row, col });
      if (old.note !== '-') notesRemove.push({ row, col });
    }
    if (changed) {
      markValues[row] = encodeMarks(after);
      changedRows++;
    }
  });
  const patch: Pick<TablePatch, 'fills' | 'notes' | 'columns'> & { changedRows: number } = { changedRows };
  const fillList = [
    { color: null, cells: fills.clear },
    { color: FILL.warning, cells: fills.warning },
    { color: FILL.error, cells: fills.error },
  ].filter((f) => f.cells.length > 0);
  if (fillList.length > 0) patch.fills = fillList;
  if (notesSet.length > 0 || notesRemove.length > 0) patch.notes = { set: notesSet, remove: notesRemove };
  if (changedRows > 0) patch.columns = [{ col: marksCol, values: markValues }];
  return patch;
}
