/**
 * Rows that repeat another row of the same table (a copy-pasted row). Near-duplicates across
 * agencies are the service's `possible_duplicate` flag; this catches the exact ones cheaply.
 */
import { messages } from '../messages.js';
import { finding, type Finding } from '../report.js';
import type { TableDef } from '../tables.js';
import { isSpaceCode } from '../text.js';
import type { PlaceTable } from './classify.js';
import { NameGroups } from './name-groups.js';

export function checkDuplicates(def: TableDef, rows: readonly Record<string, unknown>[], places: PlaceTable, out: Finding[]): void {
  // Rows are first grouped by their name (cheap); whole rows are compared only within a group.
  const nameKey = def.nameKey;
  const byName = new NameGroups(rows.length, (i) => trimmed(rows[i]![nameKey] as string));
  const keys = def.columns.filter((c) => c.type !== 'code').map((c) => c.key);
  const sameRow = (a: Record<string, unknown>, b: Record<string, unknown>) => keys.every((k) => `${a[k] ?? ''}`.trim() === `${b[k] ?? ''}`.trim());
  for (let i = 0; i < rows.length; i++) {
    if (!places.isData(i)) continue;
    const row = rows[i]!;
    const name = row[nameKey];
    if (typeof name !== 'string') continue;
    const key = trimmed(name);
    if (key === '') continue;
    const earlier = byName.earlier(key, i);
    if (earlier === null) continue;
    const same = earlier.find((j) => sameRow(rows[j]!, row));
    if (same !== undefined) out.push(finding(i + 1, null, 'duplicate_row', 'warning', messages.duplicateRow(same + 1)));
    else earlier.push(i);
  }
}

/** `text.trim()`, without the copy (and the fresh hash of the copy) when there is nothing to trim. */
function trimmed(text: string): string {
  return text.length > 0 && !isSpaceCode(text.charCodeAt(0)) && !isSpaceCode(text.charCodeAt(text.length - 1)) ? text : text.trim();
}
