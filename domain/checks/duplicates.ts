/**
 * Rows that repeat another row of the same table (a copy-pasted row). Near-duplicates across
 * agencies are the service's `possible_duplicate` flag; this catches the exact ones cheaply.
 */
import { messages } from '../messages.js';
import { finding, type Finding } from '../report.js';
import type { TableDef } from '../tables.js';
import type { RowPlace } from './classify.js';

export function checkDuplicates(def: TableDef, rows: readonly Record<string, unknown>[], places: readonly RowPlace[], out: Finding[]): void {
  // Rows are first grouped by their name (cheap); whole rows are compared only within a group.
  const byName = new Map<string, number[]>();
  const keys = def.columns.filter((c) => c.type !== 'code').map((c) => c.key);
  for (let i = 0; i < rows.length; i++) {
    const kind = places[i]!.kind;
    if (kind !== 'item' && kind !== 'subitem') continue;
    const row = rows[i]!;
    const name = row[def.nameKey];
    if (typeof name !== 'string' || name.trim() === '') continue;
    const trimmed = name.trim();
    const earlier = byName.get(trimmed);
    if (!earlier) {
      byName.set(trimmed, [i]);
      continue;
    }
    const same = earlier.find((j) => keys.every((k) => `${rows[j]![k] ?? ''}`.trim() === `${row[k] ?? ''}`.trim()));
    if (same !== undefined) out.push(finding(i + 1, null, 'duplicate_row', 'warning', messages.duplicateRow(same + 1)));
    else earlier.push(i);
  }
}
