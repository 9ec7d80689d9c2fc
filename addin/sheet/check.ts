/**
 * "Kiểm tra" as a pure step: from a table's snapshot to the findings and the patch that marks
 * them. The checks are the domain's own (`checkRows`, sheet layout), exactly as the service runs
 * them on sync; nothing here judges a cell by itself.
 */
import { checkRows } from '../../domain/checks/check-table.js';
import { parentKeysOf } from '../../domain/checks/classify.js';
import type { AgencyMatcher } from '../../domain/parse/agency.js';
import type { ProgressCheckOptions } from '../../domain/progress/checks.js';
import type { Finding } from '../../domain/report.js';
import type { Period, TableDef } from '../../domain/tables.js';
import { type LockedRestore, lockedRestores } from './locked.js';
import { desiredMarks, planMarks } from './marks.js';
import type { CellValue, TablePatch, TableSnapshot } from './port.js';
import { type ApiRow, readRows } from './rows.js';
import { uidFixes } from './uids.js';

export interface CheckSetup {
  def: TableDef;
  period: Period;
  matcher: AgencyMatcher;
  /** The round's section paths for this table; empty skips the section check, as the service does. */
  sections: readonly string[];
  /**
   * Items that other agencies' sub-items hang under (GET …/parents): group rows in the merged
   * table, which the service does not ask a time frame or amounts of. Empty when not known.
   */
  roundParents: ReadonlySet<string>;
  notes: boolean;
  /**
   * For a progress sheet: the plan's values of each row by uid, so that edited plan columns
   * (columns the table marks `locked`) are put back before the check.
   */
  planValues?: ReadonlyMap<string, Readonly<Record<string, CellValue>>>;
  /** In a progress round: what the progress row checks are dated with, as the service dates them. */
  progress?: ProgressCheckOptions;
}

/** A finding placed on the sheet: which row (by uid and by Excel row number) and which column. */
export interface PlacedFinding extends Finding {
  uid: string;
  /** Excel's row number (1-based), as the user sees it in the row header. */
  sheetRow: number;
  /** Body column index of the marked cell. */
  col: number;
  /** How the user recognises the row: its number and the start of its name. */
  rowLabel: string;
}

export interface CheckResult {
  findings: PlacedFinding[];
  errors: number;
  warnings: number;
  rows: ApiRow[];
  /** Copied rows that got a new id (a row typed by hand gets one silently). */
  reissued: number;
  /** Official columns the sheet lacks. */
  missing: string[];
  columns: Map<string, number>;
  /** Plan cells that had been edited and were put back, each with its message. */
  restored: LockedRestore['messages'];
}

export interface CheckOptions {
  /** Cells to change first (a suggestion applied): by row id and column key. */
  edits?: readonly { uid: string; key: string; value: CellValue }[];
  /** Paint every fill again (an explicit check); live checks only change what changed. */
  force?: boolean;
}

function rowLabel(row: ApiRow, def: TableDef): string {
  const name = String(row[def.nameKey] ?? '').trim();
  const short = name.length > 70 ? `${name.slice(0, 67)}…` : name;
  return [row.section, row.code, short].filter((v) => v !== null && v !== undefined && v !== '').join(' · ');
}

export function planCheck(
  snapshot: TableSnapshot,
  setup: CheckSetup,
  options: CheckOptions = {},
): { patch: TablePatch; result: CheckResult } {
  const patch: TablePatch = {};
  const rows = snapshot.rows.map((r) => [...r]);
  let read = readRows({ headers: snapshot.headers, rows }, setup.def);
  const uidCol = read.columns.get('uid');

  let restored: LockedRestore['messages'] = [];
  if (setup.planValues && uidCol !== undefined) {
    const locked = setup.def.columns.flatMap((c) => {
      const col = read.columns.get(c.key);
      return isLocked(c) && col !== undefined ? [{ col, key: c.key, header: c.header }] : [];
    });
    const back = lockedRestores({ rows, origin: snapshot.origin }, { uidCol, locked }, setup.planValues);
    for (const c of back.cells) rows[c.row]![c.col] = c.value;
    if (back.cells.length > 0) {
      patch.cells = [...back.cells];
      read = readRows({ headers: snapshot.headers, rows }, setup.def);
    }
    restored = back.messages;
  }

  if (options.edits?.length) {
    const byUid = new Map(read.rows.map((r, i) => [r.uid, read.positions[i]!]));
    patch.cells ??= [];
    for (const e of options.edits) {
      const row = byUid.get(e.uid);
      const col = read.columns.get(e.key);
      if (row === undefined || col === undefined) continue;
      rows[row]![col] = e.value;
      patch.cells.push({ row, col, value: e.value });
    }
    read = readRows({ headers: snapshot.headers, rows }, setup.def);
  }

  const fixes = uidCol === undefined ? [] : uidFixes(read.rows);
  if (fixes.length > 0) {
    const values: (CellValue | null)[] = new Array(rows.length).fill(null);
    for (const f of fixes) {
      const at = read.positions[f.index]!;
      values[at] = f.uid;
      rows[at]![uidCol!] = f.uid;
      read.rows[f.index]!.uid = f.uid;
    }
    patch.columns = [{ col: uidCol!, values }];
  }

  const ctx = {
    def: setup.def,
    period: setup.period,
    matcher: setup.matcher,
    // The service's rule (roundParentKeys): the other agencies' parents and this sheet's own.
    parentKeys: new Set([
      ...setup.roundParents,
      ...parentKeysOf(read.rows.map((r) => ({ section: r.section, code: String(r.code ?? '') }))),
    ]),
    ...(setup.sections.length > 0 ? { sections: setup.sections } : {}),
    ...(setup.progress ? { progress: setup.progress } : {}),
    // Another row named in a message is named by its Excel row number, as the group heading is.
    rowNumber: (row: number) => snapshot.origin.row + (read.positions[row - 1] ?? row - 1) + 1,
  };
  const { findings } = checkRows(ctx, read.rows, 'sheet');
  const desired = desiredMarks(findings, read.positions, read.columns, setup.def);
  const marks = planMarks({ rows, columns: read.columns, desired, notes: setup.notes, force: options.force ?? false });
  if (marks.fills) patch.fills = marks.fills;
  if (marks.notes) patch.notes = marks.notes;
  if (marks.columns) patch.columns = [...(patch.columns ?? []), ...marks.columns];

  const nameCol = read.columns.get(setup.def.nameKey) ?? 0;
  const placed = findings.map((f): PlacedFinding => {
    const at = read.positions[f.row - 1]!;
    const row = read.rows[f.row - 1]!;
    return {
      ...f,
      uid: row.uid,
      sheetRow: snapshot.origin.row + at + 1,
      col: (f.column ? read.columns.get(f.column.key) : undefined) ?? nameCol,
      rowLabel: rowLabel(row, setup.def),
    };
  });
  const errors = findings.filter((f) => f.severity === 'error').length;
  return {
    patch,
    result: {
      findings: placed,
      errors,
      warnings: findings.length - errors,
      rows: read.rows,
      reissued: fixes.filter((f) => f.copy).length,
      missing: read.missing,
      columns: read.columns,
      restored,
    },
  };
}

/** Plan columns of the progress tables carry `locked: true` in their definition. */
const isLocked = (column: object) => 'locked' in column && column.locked === true;
