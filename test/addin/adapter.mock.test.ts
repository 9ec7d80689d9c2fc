/**
 * Unit tests of the Office.js edge (addin/excel/) with office-addin-mock: starting inside Office,
 * the state kept in document settings, and the request batching (budget, halving on a payload
 * error, values in runs). The whole adapter against a fake workbook is in workbook.test.ts.
 */
import { OfficeMockObject } from 'office-addin-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { documentSettings } from '../../addin/excel/adapter.js';
import { WriteBatch } from '../../addin/excel/batch.js';
import { excelFailure } from '../../addin/excel/errors.js';
import { startInExcel } from '../../addin/excel/office.js';
import { writeColumn, writeValues } from '../../addin/excel/patch.js';

const g = globalThis as unknown as Record<string, unknown>;
afterEach(() => {
  delete g.Office;
  delete g.Excel;
});

function office(host: string, apiVersion: number, settings: Record<string, unknown> = {}) {
  const saved: Record<string, unknown> = {};
  const mock = new OfficeMockObject(
    {
      HostType: { Excel: 'Excel' },
      AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
      onReady: async () => ({ host, platform: 'PC' }),
      context: {
        requirements: {
          isSetSupported: (name: string, v: string) => name === 'ExcelApi' && Number(v.split('.')[1]) <= apiVersion,
        },
        document: {
          settings: {
            get: (k: string) => settings[k] ?? null,
            set: (k: string, v: unknown) => {
              saved[k] = v;
            },
            saveAsync: (cb: (r: { status: string; error?: { message: string } }) => void) =>
              cb(
                settings.failSave
                  ? { status: 'failed', error: { message: 'Sổ tính chỉ đọc' } }
                  : { status: 'succeeded' },
              ),
          },
        },
      },
      // The common API needs no load/sync: the mock's "outlook" mode hands values out directly.
    },
    'outlook' as never,
  ) as unknown as Record<string, unknown>;
  g.Office = mock;
  return saved;
}

describe('startInExcel', () => {
  it('runs in Excel with ExcelApi 1.9 and uses notes from 1.18 on', async () => {
    office('Excel', 18);
    expect(await startInExcel()).toEqual({ ok: true, capabilities: { notes: true }, platform: 'PC' });
    office('Excel', 12);
    expect(await startInExcel()).toMatchObject({ ok: true, capabilities: { notes: false } });
  });

  it('explains, in Vietnamese, why it cannot run', async () => {
    office('Excel', 8);
    expect(await startInExcel()).toEqual({ ok: false, reason: expect.stringContaining('ExcelApi 1.9') });
    office('Word', 18);
    expect(await startInExcel()).toEqual({ ok: false, reason: expect.stringContaining('chỉ chạy trong Excel') });
  });
});

describe('documentSettings', () => {
  it('keeps the state in the document settings and reports a failed save', async () => {
    const saved = office('Excel', 18, { 'tonghop.state': { workbookId: 'w', sheets: {} } });
    const store = documentSettings();
    expect(store.get()).toEqual({ workbookId: 'w', sheets: {} });
    await store.set({ workbookId: 'w', sheets: { 'r:budget': { version: 2, syncedAt: 'x', agency: 'so-y-te' } } });
    expect(saved['tonghop.state']).toMatchObject({ sheets: { 'r:budget': { version: 2 } } });
    office('Excel', 18, { failSave: true });
    await expect(documentSettings().set({ workbookId: null, sheets: {} })).rejects.toThrow('Sổ tính chỉ đọc');
  });

  it('starts empty on a workbook the add-in has not touched', () => {
    office('Excel', 18);
    expect(documentSettings().get()).toEqual({ workbookId: null, sheets: {} });
  });
});

/** A request context whose sync can be told to refuse requests over a size, counting what it sees. */
function context(refuseOver = Infinity) {
  const seen = { syncs: 0, suspended: 0, ranges: [] as { args: number[]; values: unknown }[], pending: [] as number[] };
  const ctx = new OfficeMockObject({
    application: {
      suspendApiCalculationUntilNextSync: () => {
        seen.suspended++;
      },
      suspendScreenUpdatingUntilNextSync: () => undefined,
    },
    sync: async () => {
      seen.syncs++;
      const size = seen.pending.reduce((a, b) => a + b, 0);
      const landed = seen.pending.splice(0);
      if (size > refuseOver) {
        seen.ranges.splice(seen.ranges.length - landed.length, landed.length);
        throw Object.assign(new Error('The request payload size has exceeded the limit.'), {
          code: 'RequestPayloadSizeLimitExceeded',
        });
      }
    },
  }) as unknown as Excel.RequestContext;
  const ws = new OfficeMockObject({
    getRangeByIndexes: (...args: number[]) => {
      const range = { args, values: undefined as unknown };
      seen.ranges.push(range);
      return {
        set values(v: unknown[][]) {
          range.values = v;
          seen.pending.push(JSON.stringify(v).length);
        },
      };
    },
  }) as unknown as Excel.Worksheet;
  return { ctx, ws, seen };
}

describe('WriteBatch', () => {
  it('packs writes into requests under the budget, suspending calculation for each', async () => {
    const { ctx, ws, seen } = context();
    const batch = new WriteBatch(ctx, 2_000);
    const rows = Array.from({ length: 100 }, (_, i) => [`Nhiệm vụ ${i}`, i]);
    await writeValues(batch, ws, 5, 0, rows, 2_000);
    await batch.flush();
    expect(seen.syncs).toBeGreaterThan(1);
    expect(seen.suspended).toBe(seen.syncs);
    expect(seen.ranges.flatMap((r) => r.values as unknown[][])).toEqual(rows);
    expect(seen.ranges.every((r) => r.args[2] === (r.values as unknown[]).length && r.args[3] === 2)).toBe(true);
  });

  it('halves a request Excel refuses as too large and writes every row once', async () => {
    const { ctx, ws, seen } = context(1_500);
    const batch = new WriteBatch(ctx, 1_000_000);
    const rows = Array.from({ length: 200 }, (_, i) => [`Dòng số ${i} với nội dung dài`]);
    await writeValues(batch, ws, 0, 0, rows);
    await batch.flush();
    const written = seen.ranges.flatMap((r) => r.values as unknown[][]);
    expect(written).toEqual(rows);
    expect(seen.syncs).toBeGreaterThan(4);
  });

  it('writes a column as runs of the cells that change, leaving the others alone', async () => {
    const { ctx, ws, seen } = context();
    const batch = new WriteBatch(ctx);
    await writeColumn(batch, ws, 4, 13, [null, 'a', 'b', null, null, 'c']);
    await batch.flush();
    expect(seen.ranges.map((r) => [r.args, r.values])).toEqual([
      [
        [5, 13, 2, 1],
        [['a'], ['b']],
      ],
      [[9, 13, 1, 1], [['c']]],
    ]);
  });
});

it('turns Office.js errors into Vietnamese messages', () => {
  expect(excelFailure({ code: 'InvalidOperationInCellEditMode', message: 'x' }).message).toContain('chế độ sửa ô');
  expect(excelFailure({ code: 'Weird', message: 'boom' }).message).toBe(
    'Excel không thực hiện được thao tác (Weird): boom',
  );
});
