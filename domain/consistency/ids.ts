/**
 * Flag ids and fingerprints. The service keeps a flag's review status by id, so the id depends
 * only on which rows (or which aggregate) the flag is about; the fingerprint also depends on
 * their content, so a reviewed flag whose rows changed can be shown again.
 */
import type { SheetRowRecord } from '../round.js';
import type { TableName } from '../values.js';
import type { Flag, FlagRowRef } from './flag.js';
import { FLAG_SEVERITY, type FlagCode } from './flag-rules.js';
import { fnv1a64, shortHash } from './hash.js';

export function rowRef(row: SheetRowRecord): FlagRowRef {
  return { table: row.table, uid: row.uid, agencyId: row.agencyId, section: row.section, code: row.code };
}

const byTableAndUid = (a: SheetRowRecord, b: SheetRowRecord) =>
  a.table < b.table ? -1 : a.table > b.table ? 1 : a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0;

/** JSON with object keys in sorted order, so equal figures hash equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface FlagDraft {
  code: FlagCode;
  table: TableName | null;
  rows: readonly SheetRowRecord[];
  message: string;
  figures: Record<string, unknown>;
  /** For flags about a figure rather than rows (a total, a missing agency): what identifies it. */
  aggregateKey?: string;
  /** Defaults to the agencies of the rows. */
  agencyIds?: readonly string[];
}

export function makeFlag(draft: FlagDraft): Flag {
  const rows = [...draft.rows].sort(byTableAndUid);
  const refs = rows.map((r) => `${r.table}/${r.uid}`).join('\n');
  const aggregate = draft.aggregateKey ?? null;
  const hashes = rows
    .map((r) => r.rowHash)
    .sort()
    .join('\n');
  const fingerprint = fnv1a64(
    aggregate === null
      ? `${draft.code}\n${hashes}`
      : `${draft.code}\n${aggregate}\n${hashes}\n${canonicalJson(draft.figures)}`,
  );
  return {
    id: `${draft.code}-${shortHash(aggregate === null ? refs : `${aggregate}`)}`,
    code: draft.code,
    severity: FLAG_SEVERITY[draft.code],
    table: draft.table,
    rows: rows.map(rowRef),
    agencyIds: [...new Set(draft.agencyIds ?? rows.map((r) => r.agencyId))].sort(),
    message: draft.message.normalize('NFC'),
    figures: draft.figures,
    fingerprint,
  };
}
