/**
 * How a row of an agency's sheet is stored: text in NFC as typed, amounts as numbers, and a
 * hash of the content that changes exactly when the row does.
 */
import { createHash } from 'node:crypto';
import { isBlank, parseVnNumber, type SheetRowRecord, type TableDef, type TableName } from '../../domain/index.js';

export type Cells = Record<string, string | number | null>;

export function storedCells(def: TableDef, row: Record<string, unknown>): Cells {
  const cells: Cells = {};
  for (const column of def.columns) {
    if (column.key === 'code') continue;
    const value = row[column.key];
    if (isBlank(value)) {
      cells[column.key] = null;
    } else if (column.type === 'amount') {
      const parsed = parseVnNumber(value);
      // Only rows without errors reach storage, so every amount parses here.
      cells[column.key] = parsed.ok ? parsed.value : null;
    } else {
      cells[column.key] = typeof value === 'number' ? value : String(value).normalize('NFC').trim();
    }
  }
  return cells;
}

export function rowHash(section: string, code: string, cells: Cells): string {
  return createHash('sha256')
    .update(JSON.stringify([section, code, cells]))
    .digest('base64url')
    .slice(0, 22);
}

export function codeOf(row: Record<string, unknown>): string {
  const code = row.code;
  return code === null || code === undefined ? '' : String(code).trim();
}

/** The row as the merge and the consistency rules see it. */
export function toRecord(
  table: TableName,
  r: { uid: string; agency_id: string; section: string; code: string; data: unknown; row_hash: string },
): SheetRowRecord {
  return {
    table,
    uid: r.uid,
    agencyId: r.agency_id,
    section: r.section,
    code: r.code,
    cells: r.data as Cells,
    rowHash: r.row_hash,
  };
}

/** The row as the API returns it: uid, place, cells. */
export function toApiRow(r: { uid: string; section: string; code: string; data: unknown }): Record<string, unknown> {
  return { uid: r.uid, section: r.section, code: r.code, ...(r.data as Cells) };
}
