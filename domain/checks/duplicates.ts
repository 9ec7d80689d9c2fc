/**
 * Rows that repeat another row of the same table (a copy-pasted row). Near-duplicates across
 * agencies are the service's `possible_duplicate` flag; this catches the exact ones cheaply.
 *
 * Two steps, for the memory of a 100 000-row table: the check run notes each data row's name
 * while it reads the row's cells anyway (the name is then in the processor's cache), and the
 * rows are grouped by name afterwards, in a loop of its own over compact arrays.
 */
import { messages } from '../messages.js';
import { type Finding, finding } from '../report.js';
import type { TableDef } from '../tables.js';
import { isSpaceCode } from '../text.js';
import { fingerprint, NameGroups } from './name-groups.js';

export class DuplicateRows {
  private readonly nameKey: string;
  /** The compared columns: all but the code. */
  private readonly keys: readonly string[];
  /** The rows with a name, in order, and the fingerprints of their names. */
  private readonly named: Int32Array;
  private readonly prints: Int32Array;
  private count = 0;

  constructor(
    def: TableDef,
    private readonly rows: readonly Record<string, unknown>[],
    private readonly rowNumber: (row: number) => number = (row) => row,
  ) {
    this.nameKey = def.nameKey;
    this.keys = def.columns.filter((c) => c.type !== 'code').map((c) => c.key);
    this.named = new Int32Array(rows.length);
    this.prints = new Int32Array(rows.length);
  }

  /** Note data row `i`; data rows must come in increasing order. */
  note(i: number): void {
    const name = this.rows[i]![this.nameKey];
    if (typeof name !== 'string') return;
    const key = trimmed(name);
    if (key === '') return;
    this.named[this.count] = i;
    this.prints[this.count++] = fingerprint(key);
  }

  /** Report each noted row that repeats an earlier one. */
  report(out: Finding[]): void {
    const { rows, nameKey } = this;
    // Rows are first grouped by their name (cheap); whole rows are compared only within a group.
    const byName = new NameGroups(rows.length, (i) => trimmed(rows[i]![nameKey] as string));
    for (let k = 0; k < this.count; k++) {
      const i = this.named[k]!;
      const earlier = byName.earlier(i, this.prints[k]!);
      if (earlier === null) continue;
      const row = rows[i]!;
      const same = earlier.find((j) => this.sameRow(rows[j]!, row));
      if (same !== undefined)
        out.push(finding(i + 1, null, 'duplicate_row', 'warning', messages.duplicateRow(this.rowNumber(same + 1))));
      else earlier.push(i);
    }
  }

  private sameRow(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
    return this.keys.every((k) => `${a[k] ?? ''}`.trim() === `${b[k] ?? ''}`.trim());
  }
}

/** `text.trim()`, without the copy (and the fresh hash of the copy) when there is nothing to trim. */
function trimmed(text: string): string {
  return text.length > 0 && !isSpaceCode(text.charCodeAt(0)) && !isSpaceCode(text.charCodeAt(text.length - 1))
    ? text
    : text.trim();
}
