/**
 * The «Tiến độ» view and the merged progress report of a 42,000-task progress round: building the
 * figures, rendering the page's HTML, and writing the .xlsx. Goal: the view (figures + HTML) under
 * 1 s. Tasks spread over 120 agencies and 12 sections with a realistic mix of statuses: about a
 * tenth overdue, which the overdue table lists in full.
 *
 * Run: npx tsx bench/progress-view.ts   (BENCH_ROWS=42000 by default)
 */
import { Writable } from 'node:stream';
import { ProgressBody } from '../service/console/progress.js';
import { writeProgressXlsx } from '../service/exports/progress-xlsx.js';
import {
  buildProgressReport,
  DERIVED_KEYS,
  type ProgressInput,
  type ProgressTask,
} from '../service/progress/report-model.js';

const COUNT = Number(process.env.BENCH_ROWS ?? 42_000);
const GOAL_MS = 1000;

function input(count: number): ProgressInput {
  const tasks: ProgressTask[] = [];
  for (let i = 0; i < count; i++) {
    const derived = DERIVED_KEYS[i % 10 === 0 ? 3 : i % 3]!;
    tasks.push({
      uid: `u${i}`,
      section: `${(i % 12) + 1}. Nhóm nhiệm vụ ${(i % 12) + 1}`,
      code: String(i + 1),
      name: `Xây dựng cơ sở dữ liệu ngành nông nghiệp, nhiệm vụ số ${i + 1}`,
      leadId: `co-quan-${i % 120}`,
      leadName: `Cơ quan số ${i % 120}`,
      deadline: `2026-05-${String((i % 28) + 1).padStart(2, '0')}`,
      timeframe: 'Trước ngày 20/5/2026',
      derived,
      status: derived.startsWith('done') ? 'Hoàn thành' : 'Đang triển khai',
      completedOn: derived.startsWith('done') ? '2026-05-12' : null,
      result: derived.startsWith('done') ? 'Đã hoàn thành, báo cáo kết quả' : '',
      difficulties: i % 7 === 0 ? 'Chưa bố trí được kinh phí' : '',
      proposals: '',
      disbursed: i % 5 === 0 ? 100 : null,
      planned: i % 5 === 0 ? 120 : null,
      fundingSource: i % 2 ? 'Ngân sách tỉnh' : 'Ngân sách trung ương',
      year: 2026,
      previous: { derived: DERIVED_KEYS[(i + 1) % 4]!, status: i % 50 === 0 ? 'Hoàn thành' : 'Đang triển khai' },
    });
  }
  const timeliness = Array.from({ length: 120 }, (_, a) => ({
    agencyId: `co-quan-${a}`,
    agencyName: `Cơ quan số ${a}`,
    periods: Array.from({ length: 6 }, (_, p) => ({
      label: `Tháng ${p + 1}/2026`,
      status: (['on_time', 'late', 'missing'] as const)[(a + p) % 3]!,
      sentAt: null,
    })),
  }));
  return {
    roundId: 'bench',
    planTitle: 'Kế hoạch thử',
    periodLabel: 'Tháng 5/2026',
    dueText: 'trước ngày 20/5/2026',
    today: '2026-05-30',
    tasks,
    timeliness,
  };
}

const data = input(COUNT);
const t0 = performance.now();
const report = buildProgressReport(data);
const t1 = performance.now();
const html = String(ProgressBody({ report }));
const t2 = performance.now();
let bytes = 0;
await writeProgressXlsx(
  report,
  new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  }),
);
const t3 = performance.now();
const view = t2 - t0;
console.log(`progress view, ${COUNT.toLocaleString('en')} tasks (${report.overdue.length} overdue listed)`);
console.log(`  figures          ${(t1 - t0).toFixed(0)} ms`);
console.log(`  HTML             ${(t2 - t1).toFixed(0)} ms (${(html.length / 1024 / 1024).toFixed(2)} MB)`);
console.log(`  view total       ${view.toFixed(0)} ms  goal < ${GOAL_MS} ms: ${view < GOAL_MS ? 'met' : 'NOT met'}`);
console.log(`  merged .xlsx     ${(t3 - t2).toFixed(0)} ms (${(bytes / 1024 / 1024).toFixed(2)} MB)`);
