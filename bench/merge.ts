/**
 * The province merge at the size of a real round: 40,000 budget rows from ~140 agencies, built
 * from the real rows of Phụ lục III (names with suffixes, fresh amounts whose years add up).
 * Times mergeTable, JSON.stringify of the result, and the styled streaming .xlsx export against
 * a baseline measured in the same run: ExcelJS's streaming writer writing the same cells with
 * no styles, merges or notes.
 * Run: npx tsx bench/merge.ts   (BENCH_ROWS=… to change the size)
 */
import { createWriteStream, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stream } from 'node:stream';
import ExcelJS from 'exceljs';
import { type MergedTable, mergeTable, type SheetRowRecord, tableDef } from '../domain/index.js';
import { writeMergedCsv, writeMergedXlsx } from '../service/exports/index.js';
// The real rows as stored records, with the outline (the tests' reading of budget.json).
import { budgetFixture } from '../test/merge/budget-fixture.js';

const COUNT = Number(process.env.BENCH_ROWS ?? 40_000);
const period = { from: 2026, to: 2030 };
const def = tableDef('budget', period);

// mulberry32: a small PRNG with no low-bit patterns, so a run reproduces and still looks random.
let seed = 20260120;
const rand = (n: number) => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
};

interface Round {
  rows: SheetRowRecord[];
  names: Map<string, string>;
  /** Sum of the leaf rows' totals, kept by the generator to check the merge against. */
  expectedGrand: number;
}

function generate(count: number): Round & { outline: ReturnType<typeof budgetFixture>['outline'] } {
  const { outline, records: real } = budgetFixture();
  const paths = [...new Set(real.map((r) => r.section))];
  const names = new Map(real.map((r) => [r.agencyId, String(r.cells.lead || 'Chưa rõ cơ quan')]));
  for (let i = 1; i <= 99; i++) names.set(`xa-${String(i).padStart(2, '0')}`, `UBND xã số ${i}`);
  const agencies = [...names.keys()];
  const next = new Map<string, number>();
  const rows: SheetRowRecord[] = [];
  let expectedGrand = 0;
  const amounts = () => {
    const cells: Record<string, number | null> = {};
    let total = 0;
    for (let y = period.from; y <= period.to; y++) {
      const v = rand(4) === 0 ? 0 : (1 + rand(2000)) * 10 + (rand(50) === 0 ? 0.5 : 0);
      cells[`y${y}`] = v === 0 ? null : v;
      total += v;
    }
    return { ...cells, total };
  };
  const push = (
    agencyId: string,
    section: string,
    code: string,
    name: string,
    base: SheetRowRecord,
    money: Record<string, number | null>,
  ) => {
    const uid = `r${rows.length}`;
    rows.push({
      table: 'budget',
      uid,
      agencyId,
      section,
      code,
      rowHash: uid,
      cells: { code, name, lead: base.cells.lead ?? '', partners: base.cells.partners ?? '', ...money },
    });
  };
  while (rows.length < count) {
    const agencyId = agencies[rand(agencies.length)]!;
    const section = paths[rand(paths.length)]!;
    const key = `${section}|${agencyId}`;
    const n = (next.get(key) ?? 0) + 1;
    next.set(key, n);
    const base = real[rand(real.length)]!;
    const name = `${base.cells.name} — ${names.get(agencyId)} (hạng mục ${rows.length + 1})`;
    if (rand(8) !== 0) {
      const money = amounts();
      expectedGrand += money.total;
      push(agencyId, section, String(n), name, base, money);
      continue;
    }
    // A parent with sub-items: its amounts are their sums, and only they count.
    const children = Array.from({ length: 2 + rand(2) }, amounts);
    const sum = (k: string) => children.reduce((s, c) => s + ((c as Record<string, number | null>)[k] ?? 0), 0);
    const parent = Object.fromEntries(def.amountKeys.map((k) => [k, sum(k) || null]));
    push(agencyId, section, String(n), name, base, parent);
    children.forEach((c, i) => {
      expectedGrand += c.total;
      push(agencyId, section, `${n}.${i + 1}`, `${name}, phần ${i + 1}`, base, c);
    });
  }
  return { rows, names, expectedGrand, outline };
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Best and median wall time of `runs` runs after one warm-up. */
async function time(runs: number, fn: () => unknown): Promise<{ best: number; median: number }> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { best: times[0]!, median: times[Math.floor(times.length / 2)]! };
}

/** Peak RSS while `fn` runs, sampled every 10 ms (the exports yield to the event loop). */
async function peakRss<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; peakMb: number; growthMb: number }> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  const start = performance.now();
  const value = await fn();
  const ms = performance.now() - start;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { value, ms, peakMb: peak / 2 ** 20, growthMb: (peak - before) / 2 ** 20 };
}

/** The same cells through ExcelJS's streaming writer with no styles, merges or notes. */
async function unstyledBaseline(merged: MergedTable, agencyName: (id: string) => string, path: string): Promise<void> {
  const stream = createWriteStream(path) as unknown as Stream;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Phụ lục III');
  sheet.addRow(['PHỤ LỤC III: TỔNG HỢP KINH PHÍ THỰC HIỆN']).commit();
  sheet.addRow([`(Tổng hợp toàn tỉnh, giai đoạn ${period.from} - ${period.to})`]).commit();
  sheet.addRow(['ĐVT: Triệu đồng']).commit();
  sheet.addRow([...merged.columns.map((c) => c.header), 'Cơ quan gửi']).commit();
  for (let i = 0; i < merged.rows.length; i++) {
    const row = merged.rows[i]!;
    const values = merged.columns.map((c) => row.cells[c.key] ?? null);
    sheet.addRow([...values, row.agencyId === null ? null : agencyName(row.agencyId)]).commit();
    if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
  }
  sheet.commit();
  await workbook.commit();
}

const fmtMs = (ms: number) => `${ms.toFixed(1)} ms`;
const mb = (path: string) => `${(statSync(path).size / 2 ** 20).toFixed(1)} MB`;

const round = generate(COUNT);
// Rows as the service gets them: read from the database in no particular order, each one a
// freshly parsed JSON object (as the jsonb column comes back), so memory order = arrival order.
const rows = JSON.parse(JSON.stringify(shuffle(round.rows))) as SheetRowRecord[];
const agencyName = (id: string) => round.names.get(id) ?? id;
console.log(
  `budget round: ${rows.length.toLocaleString('en-US')} rows from ${new Set(rows.map((r) => r.agencyId)).size} agencies, ${round.outline.length} headings`,
);

const mergeTime = await time(15, () => mergeTable({ def, period, outline: round.outline, rows }));
const merged = mergeTable({ def, period, outline: round.outline, rows });
const grandOk = Math.abs(merged.totals.grand.total! - round.expectedGrand) < 1e-6;
console.log(
  `mergeTable             best ${fmtMs(mergeTime.best)}, median ${fmtMs(mergeTime.median)}  (${merged.rows.length} merged rows; grand total ${grandOk ? 'matches' : 'DIFFERS FROM'} the generator's ${round.expectedGrand})`,
);

let json = '';
const jsonTime = await time(3, () => (json = JSON.stringify(merged)));
console.log(
  `JSON.stringify         best ${fmtMs(jsonTime.best)}, median ${fmtMs(jsonTime.median)}  (${(json.length / 2 ** 20).toFixed(1)} MB)`,
);

const csvPath = join(tmpdir(), 'tonghop-bench-merged.csv');
const csv = await peakRss(async () => {
  const file = createWriteStream(csvPath);
  await writeMergedCsv(merged, file, { agencyName });
  await new Promise((resolve) => file.end(resolve));
});
console.log(
  `CSV export             ${fmtMs(csv.ms)}  (${mb(csvPath)}, +${csv.growthMb.toFixed(0)} MB RSS while writing)`,
);

// Flags on ~1.5% of the rows: cell notes on 1%, whole-row flags on 0.5%.
const flagsByCell = new Map<string, string[]>();
for (const r of rows) {
  const pick = rand(200);
  if (pick < 2) flagsByCell.set(`${r.uid}:total`, ['Tổng nhu cầu vốn khác tổng các năm.']);
  else if (pick < 3) flagsByCell.set(`${r.uid}:`, ['Có thể trùng với nhiệm vụ của cơ quan khác.']);
}

const styledPath = join(tmpdir(), 'tonghop-bench-merged.xlsx');
const basePath = join(tmpdir(), 'tonghop-bench-baseline.xlsx');
const styled: number[] = [];
const base: number[] = [];
let styledPeak = 0;
let basePeak = 0;
let styledGrowth = 0;
let baseGrowth = 0;
// Alternate the two so that a noisy neighbour on the machine hurts both alike; keep the best.
for (let i = 0; i < 2; i++) {
  const b = await peakRss(() => unstyledBaseline(merged, agencyName, basePath));
  base.push(b.ms);
  basePeak = Math.max(basePeak, b.peakMb);
  baseGrowth = Math.max(baseGrowth, b.growthMb);
  const s = await peakRss(() =>
    writeMergedXlsx(merged, { agencyName, flagsByCell, stream: createWriteStream(styledPath) }),
  );
  styled.push(s.ms);
  styledPeak = Math.max(styledPeak, s.peakMb);
  styledGrowth = Math.max(styledGrowth, s.growthMb);
}
const bestStyled = Math.min(...styled);
const bestBase = Math.min(...base);
console.log(
  `XLSX unstyled baseline best ${fmtMs(bestBase)} of [${base.map((t) => t.toFixed(0)).join(', ')}]  (${mb(basePath)}, peak RSS ${basePeak.toFixed(0)} MB, +${baseGrowth.toFixed(0)} MB while writing)`,
);
console.log(
  `XLSX styled + ${flagsByCell.size} flags best ${fmtMs(bestStyled)} of [${styled.map((t) => t.toFixed(0)).join(', ')}]  (${mb(styledPath)}, peak RSS ${styledPeak.toFixed(0)} MB, +${styledGrowth.toFixed(0)} MB while writing)`,
);
console.log(`styled / baseline      ${(bestStyled / bestBase).toFixed(2)}×  (goal ≤ 2×)`);
console.log(
  `process peak RSS       ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB  (the generated round, its merge and its JSON included; files in ${tmpdir()})`,
);
