/**
 * The merged appendix as CSV: UTF-8 with a byte-order mark (without it Excel reads the file as
 * the system code page and Vietnamese turns to mojibake), RFC 4180 quoting and CRLF line ends,
 * the official headers, one line per merged row (headings and the grand total included) and the
 * sending agency's name as a last column.
 */
import { once } from 'node:events';
import type { MergedTable } from '../../domain/index.js';
import { AGENCY_HEADER, guardFormula } from './cell-text.js';

export interface MergedCsvOptions {
  /** The agency's display name for an id (the registry's canonical name). */
  agencyName: (agencyId: string) => string;
  /** `;` for Excel under Vietnamese regional settings, which splits on `;` and reads a `,` file as one column. */
  separator?: CsvSeparator;
}

export const CSV_SEPARATORS = [',', ';'] as const;
export type CsvSeparator = (typeof CSV_SEPARATORS)[number];

export type CsvSink = NodeJS.WritableStream | ((chunk: string) => void);

const CHUNK = 64 * 1024;

/**
 * Write `merged` as CSV to a stream (respecting backpressure; the stream is left open for the
 * caller to end) or to a function that takes each chunk.
 *
 * @example
 * const file = createWriteStream('phu-luc-iii.csv');
 * await writeMergedCsv(merged, file, { agencyName: (id) => registry.name(id) });
 * file.end();
 */
export async function writeMergedCsv(merged: MergedTable, out: CsvSink, options: MergedCsvOptions): Promise<void> {
  // Returns false when the stream asks us to wait for 'drain'.
  const write: (chunk: string) => boolean =
    typeof out === 'function'
      ? (chunk) => {
          out(chunk);
          return true;
        }
      : (chunk) => out.write(chunk);
  const drained = () => (typeof out === 'function' ? Promise.resolve() : once(out, 'drain'));
  const keys = merged.columns.map((c) => c.key);
  const sep = options.separator ?? ',';
  const field = (v: string | number | null) => csvField(v, sep);
  let buffer = `\uFEFF${[...merged.columns.map((c) => c.header), AGENCY_HEADER].map(field).join(sep)}\r\n`;
  for (const row of merged.rows) {
    let line = '';
    for (const k of keys) line += `${field(row.cells[k] ?? null)}${sep}`;
    line += field(row.agencyId === null ? null : options.agencyName(row.agencyId));
    buffer += `${line}\r\n`;
    if (buffer.length >= CHUNK) {
      const ok = write(buffer);
      buffer = '';
      if (!ok) await drained();
    }
  }
  if (buffer.length > 0) {
    if (!write(buffer)) await drained();
  }
}

/** One RFC 4180 field: quoted when it holds a separator, a quote or a line break. */
export function csvField(value: string | number | null, separator: CsvSeparator = ','): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = guardFormula(value);
  return /["\r\n]/.test(text) || text.includes(separator) || text.includes(',')
    ? `"${text.replace(/"/g, '""')}"`
    : text;
}
