/**
 * Backpressure for ExcelJS's streaming writer, which has none: a worksheet writes its rows into
 * an internal buffer (`StreamBuf`) that hands them on to the zip without waiting, so a producer
 * faster than deflate piles up the whole uncompressed sheet in memory (measured: 57 MB for
 * 80,000 budget rows, growing with the row count). `waitForSheet` pauses the producer until the
 * zip has taken the backlog.
 *
 * It reads internals of ExcelJS 4.4 (`worksheet.stream.buffers`, `.pipes`: the PassThrough the
 * archiver reads from, and that stream's buffered lengths). If a later version lacks them, it degrades to yielding to the event loop.
 */
import type ExcelJS from 'exceljs';

// The archiver's PassThrough comes from the `readable-stream` package, whose older versions
// have no writableLength/readableLength getters: read the states they are computed from.
interface Piped {
  _writableState?: { length?: number };
  _readableState?: { length?: number };
}
interface StreamBufInternals {
  buffers?: { length: number }[];
  pipes?: Piped[];
}

/** Bytes written to the sheet that the zip has not taken yet. */
export function sheetBacklog(sheet: ExcelJS.Worksheet): number {
  const stream = (sheet as unknown as { stream?: StreamBufInternals }).stream;
  let bytes = 0;
  for (const b of stream?.buffers ?? []) bytes += b.length;
  for (const p of stream?.pipes ?? []) bytes += (p._writableState?.length ?? 0) + (p._readableState?.length ?? 0);
  return bytes;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Wait until the sheet's backlog is under `limit` bytes (always yields once to the event loop).
 * Rejects with `failed()` when the output broke meanwhile, instead of waiting for ever.
 */
export async function waitForSheet(sheet: ExcelJS.Worksheet, limit: number, failed: () => Error | null): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  while (sheetBacklog(sheet) > limit) {
    const error = failed();
    if (error) throw error;
    // Deflate runs on the thread pool: sleep briefly rather than spin the main thread against it.
    await pause(1);
  }
}
