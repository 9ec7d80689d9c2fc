/** The merged budget as CSV, read back with csv-parse: same rows, same order, Excel-friendly bytes. */
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { MergedTable } from '../../domain/index.js';
import { writeMergedCsv } from '../../service/exports/merged-csv.js';
import { mergedBudget } from './budget-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'tonghop-merge-csv-'));
const { merged, agencyName } = mergedBudget();

/** What each line must hold, built from the merged table independently of the writer. */
function expectedLines(table: MergedTable, name: (id: string) => string): string[][] {
  return table.rows.map((r) => [
    ...table.columns.map((c) => {
      const v = r.cells[c.key] ?? null;
      return v === null ? '' : String(v);
    }),
    r.agencyId === null ? '' : name(r.agencyId),
  ]);
}

describe('writeMergedCsv', () => {
  it('writes a file Excel opens as UTF-8 that parses back to the merged rows', async () => {
    const path = join(dir, 'phu-luc-iii.csv');
    const file = createWriteStream(path);
    await writeMergedCsv(merged, file, { agencyName });
    file.end();
    await finished(file);

    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    // RFC 4180 line ends; the real cells hold no line breaks, so every line is one row.
    expect(text.split('\r\n')).toHaveLength(merged.rows.length + 2); // header, rows, final empty
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');

    const [header, ...records] = parse(text, { bom: true, relaxQuotes: false }) as string[][];
    expect(header).toEqual([...merged.columns.map((c) => c.header), 'Cơ quan gửi']);
    expect(records).toEqual(expectedLines(merged, agencyName));
    expect(records[0]!.slice(0, 10)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(records[1]).toEqual(['', '', '', '', '9615243', '1625520', '2230820', '2417820', '2012563', '1328520', '']);
    expect(records[2]!.slice(0, 5)).toEqual(['I', 'THÚC ĐẨY PHÁT TRIỂN HẠ TẦNG SỐ', '', '', '4770743']);
  });

  it('writes the same text to a function as to a stream', async () => {
    const chunks: string[] = [];
    await writeMergedCsv(merged, (c) => chunks.push(c), { agencyName });
    const path = join(dir, 'again.csv');
    const file = createWriteStream(path);
    await writeMergedCsv(merged, file, { agencyName });
    file.end();
    await finished(file);
    expect(chunks.join('')).toBe(readFileSync(path, 'utf8'));
  });

  it('waits for a slow stream instead of buffering everything', async () => {
    const big = { ...merged, rows: Array.from({ length: 40 }, () => merged.rows).flat() };
    const received: string[] = [];
    let waits = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      decodeStrings: false,
      write(chunk: string, _enc, done) {
        received.push(chunk);
        setImmediate(done);
      },
    });
    slow.on('drain', () => waits++);
    await writeMergedCsv(big, slow, { agencyName });
    slow.end();
    await finished(slow);
    expect(waits).toBeGreaterThan(0);
    const records = parse(received.join(''), { bom: true }) as string[][];
    expect(records).toHaveLength(big.rows.length + 1);
  });
});
