/// <reference types="office-js" />
/**
 * Applying plain-data writes inside an Excel.run: values first, then fills, then notes, each
 * grouped into requests under the payload budget.
 */
import { areaAddresses, cellAddress } from '../sheet/a1.js';
import { NOTE_PREFIX } from '../sheet/marks.js';
import type { BodyCell, CellValue, TablePatch } from '../sheet/port.js';
import { chunkRows, REQUEST_BUDGET, rowBytes } from '../sheet/size.js';
import type { Op, WriteBatch } from './batch.js';

const OP_OVERHEAD = 120;

/** Set a block of values; splits in two by rows when Excel finds the request too large. */
export function valuesOp(ws: Excel.Worksheet, row: number, col: number, values: CellValue[][]): Op {
  const bytes = values.reduce((n, r) => n + rowBytes(r), OP_OVERHEAD);
  return {
    bytes,
    run: () => {
      ws.getRangeByIndexes(row, col, values.length, values[0]!.length).values = values;
    },
    split: () => {
      if (values.length < 2) return null;
      const mid = values.length >> 1;
      return [valuesOp(ws, row, col, values.slice(0, mid)), valuesOp(ws, row + mid, col, values.slice(mid))];
    },
  };
}

/** Write rows at (row, col) in pieces that each fit a request. */
export async function writeValues(
  batch: WriteBatch,
  ws: Excel.Worksheet,
  row: number,
  col: number,
  values: CellValue[][],
  budget = REQUEST_BUDGET,
): Promise<void> {
  for (const [start, end] of chunkRows(values, budget - OP_OVERHEAD)) {
    await batch.add(valuesOp(ws, row + start, col, values.slice(start, end)));
  }
}

/** Write the non-null cells of a column, as runs of consecutive cells. */
export async function writeColumn(
  batch: WriteBatch,
  ws: Excel.Worksheet,
  top: number,
  col: number,
  values: readonly (CellValue | null)[],
): Promise<void> {
  for (let i = 0; i < values.length; ) {
    if (values[i] === null) {
      i++;
      continue;
    }
    let end = i;
    while (end + 1 < values.length && values[end + 1] !== null) end++;
    await writeValues(
      batch,
      ws,
      top + i,
      col,
      values.slice(i, end + 1).map((v) => [v as CellValue]),
    );
    i = end + 1;
  }
}

/** Fill (or clear) cells given relative to `origin`, through RangeAreas. */
export async function fillCells(
  batch: WriteBatch,
  ws: Excel.Worksheet,
  origin: { row: number; col: number },
  cells: readonly BodyCell[],
  color: string | null,
): Promise<void> {
  const absolute = cells.map((c) => ({ row: origin.row + c.row, col: origin.col + c.col }));
  for (const address of areaAddresses(absolute)) {
    await batch.add({
      bytes: address.length + OP_OVERHEAD,
      run: () => {
        const fill = ws.getRanges(address).format.fill;
        if (color === null) fill.clear();
        else fill.color = color;
      },
    });
  }
}

/** How many note look-ups go in one request. */
const NOTE_PROBES = 2000;

interface NoteJob {
  address: string;
  text: string | null;
  found: Excel.Note | null;
}

/**
 * An operation that looks up the notes of the given cells. As an operation of the batch, it
 * rides on a request with other writes and is made again if that request has to be halved.
 */
function probeNotes(
  ws: Excel.Worksheet,
  origin: { row: number; col: number },
  notes: NonNullable<TablePatch['notes']>,
): { jobs: NoteJob[]; op: Op } {
  const job = (n: BodyCell, text: string | null): NoteJob => ({
    address: cellAddress(origin.row + n.row, origin.col + n.col),
    text,
    found: null,
  });
  const jobs = [...notes.set.map((n) => job(n, n.text)), ...notes.remove.map((n) => job(n, null))];
  const op: Op = {
    bytes: jobs.length * (OP_OVERHEAD + 20),
    run: () => {
      for (const j of jobs) j.found = ws.notes.getItemOrNullObject(j.address).load('content');
    },
  };
  return { jobs, op };
}

/** After the look-ups: update or delete our notes, add new ones; a note the user wrote is left alone. */
async function settleNotes(batch: WriteBatch, ws: Excel.Worksheet, jobs: readonly NoteJob[]): Promise<void> {
  for (const { address, text, found } of jobs) {
    const exists = found !== null && !found.isNullObject;
    const ours = exists && found.content.startsWith(NOTE_PREFIX);
    if (exists && !ours) continue;
    if (text === null && ours) await batch.add({ bytes: OP_OVERHEAD, run: () => ws.notes.getItem(address).delete() });
    else if (text !== null && ours)
      await batch.add({
        bytes: OP_OVERHEAD + text.length * 3,
        run: () => {
          ws.notes.getItem(address).content = text;
        },
      });
    else if (text !== null)
      await batch.add({
        bytes: OP_OVERHEAD + text.length * 3,
        run: () => {
          ws.notes.add(address, text);
        },
      });
  }
}

/**
 * Apply a table patch: values, then fills, then notes (when the host has them). The look-ups of
 * the notes ride on the request that carries the values and fills, so a check costs a read, a
 * write and, with notes to change, one more request.
 */
export async function applyPatch(
  batch: WriteBatch,
  ws: Excel.Worksheet,
  origin: { row: number; col: number },
  patch: TablePatch,
  notes: boolean,
): Promise<void> {
  for (const c of patch.cells ?? []) await batch.add(valuesOp(ws, origin.row + c.row, origin.col + c.col, [[c.value]]));
  for (const column of patch.columns ?? [])
    await writeColumn(batch, ws, origin.row, origin.col + column.col, column.values);
  for (const f of patch.fills ?? []) await fillCells(batch, ws, origin, f.cells, f.color);
  const changes = notes && patch.notes ? patch.notes : null;
  if (!changes || changes.set.length + changes.remove.length === 0) return batch.flush();
  // Very many notes: look them up in pages of their own rather than in one outsized request.
  const pages: NonNullable<TablePatch['notes']>[] = [];
  for (let i = 0; i < changes.set.length; i += NOTE_PROBES)
    pages.push({ set: changes.set.slice(i, i + NOTE_PROBES), remove: [] });
  for (let i = 0; i < changes.remove.length; i += NOTE_PROBES)
    pages.push({ set: [], remove: changes.remove.slice(i, i + NOTE_PROBES) });
  for (const page of pages) {
    const { jobs, op } = probeNotes(ws, origin, page);
    await batch.add(op);
    await batch.flush();
    await settleNotes(batch, ws, jobs);
  }
  await batch.flush();
}
