/**
 * Rows that repeat another row of the same table (a copy-pasted row). Near-duplicates across
 * agencies are the service's `possible_duplicate` flag; this catches the exact ones cheaply.
 */
import { messages } from '../messages.js';
import { finding, type Finding } from '../report.js';
import type { TableDef } from '../tables.js';
import type { RowPlace } from './classify.js';

export function checkDuplicates(def: TableDef, rows: readonly Record<string, unknown>[], places: readonly RowPlace[], out: Finding[]): void {
  const seen = new Map<string, number>();
  const keys = def.columns.filter((c) => c.type !== 'code').map((c) => c.key);
  for (let i = 0; i < rows.length; i++) {
    const kind = places[i]!.kind;
    if (kind !== 'item' && kind !== 'subitem') continue;
    const row = rows[i]!;
    const name = row[def.nameKey];
    if (typeof name !== 'string' || name.trim() === '') continue;
    let key = '';
    for (const k of keys) key += `${row[k] ?? ''}`.trim() + '\u0001';
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i + 1);
    else out.push(finding(i + 1, null, 'duplicate_row', 'warning', messages.duplicateRow(first)));
  }
}
