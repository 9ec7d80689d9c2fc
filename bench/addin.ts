/**
 * The add-in's Excel traffic on large sheets, through the real adapter against the fake Excel
 * host (test/support/fake-excel), which caps requests and responses at 5 MB as Excel on the web
 * does. For each step: Excel.run calls, round trips (context.sync), the largest request and
 * response, and the rows written per round trip. Goal: at most one round trip per 2,000 rows
 * written, no request over 4 MB.
 *
 * Run: npx tsx bench/addin.ts   (BENCH_ROWS=20000 by default)
 */

import { ExcelWorkbook } from '../addin/excel/adapter.js';
import { planCheck } from '../addin/sheet/check.js';
import { planComments } from '../addin/sheet/comments.js';
import { buildTableSheet, excelTableName } from '../addin/sheet/layout.js';
import { emptyState, type WorkbookState } from '../addin/sheet/port.js';
import { apiRow } from '../addin/sheet/rows.js';
import { loadRegistryFile } from '../db/registry-file.js';
import { AgencyMatcher, type TableName, tableDef } from '../domain/index.js';
import { sheetRows } from '../test/addin/support.js';
import { createFakeExcel, FIVE_MB } from '../test/support/fake-excel/index.js';

const COUNT = Number(process.env.BENCH_ROWS ?? 20_000);
const registry = loadRegistryFile();
const period = { from: 2026, to: 2030 };
const GOAL_ROWS_PER_TRIP = 2000;
const GOAL_MAX_REQUEST = 4 * 1024 * 1024;

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(2)} MB`;

interface Line {
  step: string;
  ms: number;
  runs: number;
  syncs: number;
  refused: number;
  maxRequest: number;
  totalRequest: number;
  maxResponse: number;
  rowsWritten: number;
}

async function bench(table: Extract<TableName, 'budget' | 'tasks'>): Promise<Line[]> {
  const fake = createFakeExcel({ apiVersion: '1.18', requestCap: FIVE_MB, responseCap: FIVE_MB });
  fake.install(globalThis as unknown as Record<string, unknown>);
  let state: WorkbookState = { ...emptyState(), workbookId: 'bench' };
  const workbook = new ExcelWorkbook(
    { notes: true },
    {
      get: () => state,
      set: async (s) => {
        state = s;
      },
    },
  );
  const { rows, outline } = sheetRows(table, COUNT);
  const def = tableDef(table, period);
  const name = excelTableName(table);
  const input = {
    table,
    period,
    roundName: 'Đợt đo tải',
    agencyName: 'Sở Y tế',
    outline: { [table]: outline },
    agencies: registry.agencies.map((a) => a.name),
  };
  const setup = {
    def,
    period,
    matcher: new AgencyMatcher(registry),
    sections: outline.map((o) => o.path),
    roundParents: new Set<string>(),
    notes: true,
  };
  const lines: Line[] = [];

  async function step(label: string, rowsWritten: number, work: () => Promise<unknown>): Promise<void> {
    fake.resetStats();
    const t0 = performance.now();
    await work();
    const s = fake.stats;
    lines.push({
      step: label,
      ms: Math.round(performance.now() - t0),
      runs: s.runs,
      syncs: s.syncs,
      refused: s.refused.length,
      maxRequest: Math.max(0, ...s.requests),
      totalRequest: s.requests.reduce((a, b) => a + b, 0),
      maxResponse: Math.max(0, ...s.responses),
      rowsWritten,
    });
  }

  await step(`insert ${COUNT} rows`, COUNT, () =>
    workbook.insertTable(name, (existing) => buildTableSheet(input, state, existing, rows)),
  );
  let payload = 0;
  let findings = 0;
  await step('check + mark (first time)', 0, async () => {
    const r = await workbook.patchTable(name, (snap) => planCheck(snap, setup, { force: true }));
    findings = r!.findings.length;
  });
  await step('check again, unchanged', 0, () => workbook.patchTable(name, (snap) => planCheck(snap, setup)));
  // A person fixes a hundred cells; the next check clears their marks and notes.
  const sheet = fake.state.wb.sheets.find((s) => s.name.startsWith('PL'))!.name;
  for (let i = 0; i < 100; i++) fake.user.type(sheet, `D${5 + i * 7}`, 'Sở Y tế');
  await step('check after 100 fixes', 0, () => workbook.patchTable(name, (snap) => planCheck(snap, setup)));
  await step('sync: re-check + PUT body', 0, async () => {
    const r = await workbook.patchTable(name, (snap) => planCheck(snap, setup));
    payload = new TextEncoder().encode(
      JSON.stringify({ baseVersion: 0, rows: r!.rows.map((x) => apiRow(x, def)) }),
    ).length;
  });
  const comments = rows
    .filter((_, i) => i % 50 === 0)
    .map((r) => ({
      uid: r.uid,
      author: 'Chuyên viên thẩm định',
      body: 'Đề nghị làm rõ nguồn vốn.',
      createdAt: '2026-03-05T08:00:00Z',
    }));
  await step(`comments on ${comments.length} rows`, comments.length, () =>
    workbook.patchTable(name, (snap) => planComments(snap, def, comments)),
  );
  console.log(`\n${table}: ${COUNT} rows, ${findings} findings; PUT body ${mb(payload)} (the service accepts 32 MB)`);
  return lines;
}

const results: Record<string, Line[]> = {};
for (const table of ['budget', 'tasks'] as const) results[table] = await bench(table);

let ok = true;
for (const [table, lines] of Object.entries(results)) {
  console.log(`\n${table}`);
  console.log(
    '  step                               ms   runs  syncs  refused  max request  total sent  max response  rows/trip',
  );
  for (const l of lines) {
    const perTrip = l.rowsWritten ? Math.round(l.rowsWritten / l.syncs) : 0;
    console.log(
      `  ${l.step.padEnd(32)} ${String(l.ms).padStart(5)} ${String(l.runs).padStart(6)} ${String(l.syncs).padStart(6)} ${String(l.refused).padStart(8)} ${mb(l.maxRequest).padStart(12)} ${mb(l.totalRequest).padStart(11)} ${mb(l.maxResponse).padStart(13)} ${perTrip ? String(perTrip).padStart(10) : '         –'}`,
    );
    if (l.maxRequest > GOAL_MAX_REQUEST || l.maxResponse > GOAL_MAX_REQUEST) ok = false;
    if (l.rowsWritten >= GOAL_ROWS_PER_TRIP && l.rowsWritten / l.syncs < GOAL_ROWS_PER_TRIP) ok = false;
  }
}
console.log(
  `\nGoal (≤ 1 round trip per ${GOAL_ROWS_PER_TRIP} rows written, no request over 4 MB): ${ok ? 'met' : 'NOT met'}`,
);
process.exitCode = ok ? 0 : 1;
