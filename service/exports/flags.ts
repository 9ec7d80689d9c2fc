/**
 * Validators' flags, as the exports place them: keyed `${uid}:${columnKey}` for a cell or
 * `${uid}:` for a whole row. A key naming a column the table does not have still reaches the
 * reader, as a message about the row.
 */
export interface RowFlags {
  row: string[];
  cells: Map<string, string[]>;
}

export function indexFlags(
  flags: ReadonlyMap<string, readonly string[]> | undefined,
  columnKeys: ReadonlySet<string>,
): Map<string, RowFlags> {
  const byUid = new Map<string, RowFlags>();
  if (!flags) return byUid;
  for (const [key, messages] of flags) {
    if (messages.length === 0) continue;
    // Column keys never hold ":", a uid might: split at the last one.
    const cut = key.lastIndexOf(':');
    const uid = cut < 0 ? key : key.slice(0, cut);
    const column = cut < 0 ? '' : key.slice(cut + 1);
    let entry = byUid.get(uid);
    if (!entry) byUid.set(uid, (entry = { row: [], cells: new Map() }));
    if (column !== '' && columnKeys.has(column))
      entry.cells.set(column, [...(entry.cells.get(column) ?? []), ...messages]);
    else entry.row.push(...messages);
  }
  return byUid;
}

/** One note for several messages: a bullet per message when there is more than one. */
export function noteText(messages: readonly string[]): string {
  return messages.length === 1 ? messages[0]! : messages.map((m) => `• ${m}`).join('\n');
}
