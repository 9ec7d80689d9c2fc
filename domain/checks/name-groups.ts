/**
 * Rows grouped by their exact name, for the duplicate-row check. Nearly every name of a table is
 * unique, and a Map of 100 000 long names is slow (each probe reads key strings scattered in
 * memory). So names are first told apart by a fingerprint in a compact typed-array table; only
 * a fingerprint met a second time sends its rows to a Map of exact names. The groups are the
 * same as a plain Map's: rows with one name share one fingerprint, so they always meet.
 *
 * The caller hands in each row's fingerprint, worked out when it read the name: grouping then
 * reads no name unless two fingerprints meet.
 */

/** Linear probes tried before a name goes straight to the exact Map (guards against clustering). */
const MAX_PROBES = 64;

export class NameGroups {
  private readonly mask: number;
  private readonly prints: Int32Array;
  /** Per slot: 1 + the only row with that fingerprint so far, 0 when empty, -1 once moved to `exact`. */
  private readonly heads: Int32Array;
  private readonly exact = new Map<string, number[]>();

  /** `nameOf(row)` gives the name of a row (needed only when its fingerprint met another one). */
  constructor(
    rows: number,
    private readonly nameOf: (row: number) => string,
  ) {
    let capacity = 16;
    while (capacity < rows * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.prints = new Int32Array(capacity);
    this.heads = new Int32Array(capacity);
  }

  /**
   * The earlier rows with the name of `row`, whose fingerprint is `print`, in order, as a list
   * the caller may append to; null when `row` is the first one, which then starts the group.
   * Rows come in increasing order.
   */
  earlier(row: number, print: number): number[] | null {
    let slot = print & this.mask;
    for (let probes = 0; this.heads[slot] !== 0 && this.prints[slot] !== print; probes++) {
      if (probes === MAX_PROBES) return this.exactGroup(row);
      slot = (slot + 1) & this.mask;
    }
    const head = this.heads[slot]!;
    if (head === 0) {
      this.prints[slot] = print;
      this.heads[slot] = row + 1;
      return null;
    }
    if (head > 0) {
      // A second name with this fingerprint: the first one's group (itself alone) moves to the Map.
      this.exact.set(this.nameOf(head - 1), [head - 1]);
      this.heads[slot] = -1;
    }
    return this.exactGroup(row);
  }

  private exactGroup(row: number): number[] | null {
    const name = this.nameOf(row);
    const group = this.exact.get(name);
    if (group) return group;
    this.exact.set(name, [row]);
    return null;
  }
}

/** A 32-bit fingerprint from the length and a few characters (the end of a name differs most often). */
export function fingerprint(text: string): number {
  const n = text.length;
  let h = Math.imul(n, 0x9e3779b1);
  for (let i = n > 12 ? n - 12 : 0; i < n; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  if (n > 12) {
    h = Math.imul(h ^ text.charCodeAt(0), 0x01000193);
    h = Math.imul(h ^ text.charCodeAt(n >> 2), 0x01000193);
    h = Math.imul(h ^ text.charCodeAt(n >> 1), 0x01000193);
    h = Math.imul(h ^ text.charCodeAt((3 * n) >> 2), 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}
