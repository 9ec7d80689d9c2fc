/**
 * The progress rules of the registry on real plans: the 19 priority tasks of notice 002 and its
 * dated directives (db/demo/nhiem-vu-can-lam-ngay-2026) and Phụ lục I–III of plan 003
 * (db/demo/de-an-11), with answers an agency would send.
 */
import { describe, expect, it } from 'vitest';
import {
  computeFlags,
  type Flag,
  type FlagCode,
  type ProgressFlagInput,
  type ProgressPlanRow,
  type ReportingPeriod,
  type SheetRowRecord,
  type TableName,
} from '../../domain/index.js';
import { DEMO_ROUND_ID, demoItems } from '../../service/demo/demo-round.js';
import { PRIORITY_ROUND_ID } from '../../service/demo/priority-plan.js';
import { inputOf, PLAN_TOTALS } from './input.js';
import { firstLeadId } from './real-rows.js';

const MAY: ReportingPeriod = { kind: 'month', year: 2026, index: 5 };
const JUNE: ReportingPeriod = { kind: 'month', year: 2026, index: 6 };
const JULY: ReportingPeriod = { kind: 'month', year: 2026, index: 7 };

/** A plan's rows of a table, each reported by its first lead (or its monitor, for a target). */
function planRows(table: TableName, dir: string): ProgressPlanRow[] {
  const leadKey = table === 'targets' ? 'monitor' : 'lead';
  return demoItems(table, dir).items.map((i) => ({
    uid: i.uid,
    section: i.section,
    code: i.row.code ?? '',
    reporter: firstLeadId(i.row[leadKey]),
    cells: { ...i.row },
  }));
}

const priority = planRows('tasks', PRIORITY_ROUND_ID);
const planTasks = planRows('tasks', DEMO_ROUND_ID);
const planBudget = planRows('budget', DEMO_ROUND_ID);
const planTargets = planRows('targets', DEMO_ROUND_ID);

/** The plan row at a section and number. */
function at(rows: readonly ProgressPlanRow[], section: string, code: string): ProgressPlanRow {
  const row = rows.find((r) => r.section === section && r.code === code);
  if (!row) throw new Error(`no row ${section} ${code}`);
  return row;
}

/** What the row's reporter sent for it: the plan's columns and the answer's. */
function answer(
  row: ProgressPlanRow,
  cells: Record<string, string | number | null>,
  table: 'progress' | 'target-progress' = 'progress',
): SheetRowRecord {
  const all = { ...row.cells, ...cells };
  return {
    table,
    uid: row.uid,
    agencyId: row.reporter,
    section: row.section,
    code: row.code,
    cells: all,
    rowHash: JSON.stringify(all),
  };
}

function progressOf(
  periods: { period: ReportingPeriod; rows: SheetRowRecord[] }[],
  extra: Partial<ProgressFlagInput> = {},
): ProgressFlagInput {
  return {
    period: periods[0]!.period,
    tasks: priority,
    targets: [],
    budget: [],
    yearPlan: null,
    periods,
    firstSyncByAgency: {},
    ...extra,
  };
}

function flagsOf(
  code: FlagCode,
  progress: ProgressFlagInput,
  opts: { now: string; dueDate?: string; period?: { from: number; to: number } },
): Flag[] {
  return computeFlags(
    inputOf([], {
      progress,
      now: new Date(opts.now),
      dueDate: opts.dueDate ?? null,
      period: opts.period ?? { from: 2026, to: 2026 },
    }),
  ).filter((f) => f.code === code);
}

const baoHa = at(priority, 'I', '1');
const noiVu = at(priority, 'III', '4');
const monthly = at(priority, 'III', '1');

describe('overdue', () => {
  it('flags a priority task not done once «Trước ngày 20/5/2026» has passed, and not before', () => {
    const sent = answer(baoHa, { status: 'Đang triển khai', result: 'Đã khảo sát hiện trạng đền' });
    const inMay = flagsOf('overdue', progressOf([{ period: MAY, rows: [sent] }]), { now: '2026-05-15T03:00:00Z' });
    expect(inMay.filter((f) => f.rows[0]!.uid === baoHa.uid)).toEqual([]);
    const [flag] = flagsOf('overdue', progressOf([{ period: JUNE, rows: [sent] }]), {
      now: '2026-06-10T03:00:00Z',
    }).filter((f) => f.rows[0]!.uid === baoHa.uid);
    expect(flag!.agencyIds).toEqual(['dang-uy-xa-bao-ha']);
    expect(flag!.table).toBe('progress');
    expect(flag!.figures).toMatchObject({ deadline: '2026-05-19', status: 'Đang triển khai', recurring: false });
    expect(flag!.message).toBe(
      'Nhiệm vụ «Số hóa toàn diện đền Bảo Hà và ứng dụng chuyển đổi số trong công tác quản lý, vận hành đền Bảo Hà» ' +
        '(mục I, TT 1) do Đảng ủy xã Bảo Hà chủ trì đã quá hạn hoàn thành (hạn 19/5/2026) nhưng chưa hoàn thành. ' +
        'Đề nghị cơ quan báo cáo rõ tiến độ, nguyên nhân chậm và thời gian dự kiến hoàn thành.',
    );
  });

  it('says nothing of a task done, and names a task nobody reported on its plan row', () => {
    const done = answer(baoHa, { status: 'Hoàn thành', completedOn: '18/5/2026', result: 'Đã số hóa' });
    const flags = flagsOf('overdue', progressOf([{ period: JUNE, rows: [done] }]), { now: '2026-06-10T03:00:00Z' });
    expect(flags.some((f) => f.rows[0]!.uid === baoHa.uid)).toBe(false);
    // Sở Nội vụ's «Xong trước ngày 30/6/2026» is not due in June; the other dated tasks are.
    expect(flags.some((f) => f.rows[0]!.uid === noiVu.uid)).toBe(false);
    const yenBai = flags.find((f) => f.rows[0]!.uid === at(priority, 'I', '2').uid);
    expect(yenBai!.rows[0]!.agencyId).toBe(at(priority, 'I', '2').reporter);
    expect(
      flagsOf('overdue', progressOf([{ period: JULY, rows: [] }]), { now: '2026-07-05T03:00:00Z' }).map(
        (f) => f.rows[0]!.uid,
      ),
    ).toContain(noiVu.uid);
  });

  it('flags a recurring task («Định kỳ trước ngày 20 hàng tháng») with no report of the period once the round is due', () => {
    const period = progressOf([{ period: JUNE, rows: [] }]);
    const before = flagsOf('overdue', period, { now: '2026-06-20T16:00:00Z', dueDate: '2026-06-20' });
    expect(before.some((f) => f.rows[0]!.uid === monthly.uid)).toBe(false);
    const [flag] = flagsOf('overdue', period, { now: '2026-06-22T03:00:00Z', dueDate: '2026-06-20' }).filter(
      (f) => f.rows[0]!.uid === monthly.uid,
    );
    expect(flag!.figures).toMatchObject({ recurring: true, deadline: '2026-06-20', status: null });
    expect(flag!.message).toContain('chưa có báo cáo kết quả kỳ Tháng 6/2026');
    const reported = progressOf([{ period: JUNE, rows: [answer(monthly, { status: 'Đang triển khai' })] }]);
    expect(
      flagsOf('overdue', reported, { now: '2026-06-22T03:00:00Z', dueDate: '2026-06-20' }).some(
        (f) => f.rows[0]!.uid === monthly.uid,
      ),
    ).toBe(false);
  });
});

describe('status_regression', () => {
  const done = answer(baoHa, { status: 'Hoàn thành', completedOn: '18/5/2026', result: 'Đã số hóa' });
  it('flags a task done last period and not now', () => {
    const now = answer(baoHa, { status: 'Đang triển khai', completedOn: null, result: 'Đang số hóa lại' });
    const [flag] = flagsOf(
      'status_regression',
      progressOf([
        { period: JUNE, rows: [now] },
        { period: MAY, rows: [done] },
      ]),
      { now: '2026-06-10T03:00:00Z' },
    );
    expect(flag!.rows.map((r) => r.uid)).toEqual([baoHa.uid]);
    expect(flag!.message).toContain('báo cáo «Hoàn thành» ở kỳ Tháng 5/2026 nhưng kỳ này ghi «Đang triển khai»');
  });

  it('says nothing while the task stays done, or when this period says nothing yet', () => {
    for (const rows of [[done], [answer(baoHa, { status: null })], []])
      expect(
        flagsOf(
          'status_regression',
          progressOf([
            { period: JUNE, rows },
            { period: MAY, rows: [done] },
          ]),
          { now: '2026-06-10T03:00:00Z' },
        ),
      ).toEqual([]);
  });
});

describe('stale_report', () => {
  const same = { status: 'Đang triển khai', result: 'Đang xây dựng đề cương', difficulties: 'Chưa bố trí kinh phí' };
  const periods = (june: Record<string, string | null>) => [
    { period: JULY, rows: [answer(noiVu, june)] },
    { period: JUNE, rows: [answer(noiVu, same)] },
    { period: MAY, rows: [answer(noiVu, same)] },
  ];

  it('flags a task not done whose report stayed the same for three periods', () => {
    const [flag] = flagsOf('stale_report', progressOf(periods(same)), { now: '2026-07-10T03:00:00Z' });
    expect(flag!.agencyIds).toEqual(['so-noi-vu']);
    expect(flag!.message).toContain('giữ nguyên qua ba kỳ liên tiếp (Tháng 5/2026, Tháng 6/2026 và Tháng 7/2026)');
  });

  it('says nothing when one answer moved, when the task is done, or with two periods only', () => {
    const now = '2026-07-10T03:00:00Z';
    expect(flagsOf('stale_report', progressOf(periods({ ...same, result: 'Đã trình dự thảo' })), { now })).toEqual([]);
    expect(
      flagsOf('stale_report', progressOf(periods({ ...same, status: 'Hoàn thành', completedOn: '30/6/2026' })), {
        now,
      }).filter((f) => f.rows[0]!.uid === noiVu.uid),
    ).toEqual([]);
    expect(flagsOf('stale_report', progressOf(periods(same).slice(0, 2)), { now })).toEqual([]);
  });
});

describe('late_submission', () => {
  it('flags an agency whose first report arrived on the due day («trước ngày 20/5/2026») or after', () => {
    const progress = progressOf([{ period: MAY, rows: [] }], {
      firstSyncByAgency: {
        'so-y-te': '2026-05-19T16:59:00.000Z', // 23:59 on 19/5 in Vietnam: on time
        'so-gd-dt': '2026-05-19T17:30:00.000Z', // 00:30 on 20/5: late
      },
    });
    const flags = flagsOf('late_submission', progress, { now: '2026-05-25T03:00:00Z', dueDate: '2026-05-20' });
    expect(flags.map((f) => f.agencyIds)).toEqual([['so-gd-dt']]);
    expect(flags[0]!.message).toBe(
      'Sở Giáo dục và Đào tạo gửi báo cáo lần đầu ngày 20/5/2026, sau hạn gửi (trước ngày 20/5/2026).',
    );
    expect(flagsOf('late_submission', progress, { now: '2026-05-25T03:00:00Z' })).toEqual([]);
  });
});

describe('target_behind', () => {
  const plan = { from: 2026, to: 2030 };
  const fiveG = at(planTargets, 'I', '1');
  const progress = (rows: SheetRowRecord[]) =>
    progressOf([{ period: { kind: 'year', year: 2026, index: 1 }, rows }], { tasks: [], targets: planTargets });

  it('flags a share below the straight line to its 2030 value (5G coverage 90% by 2030: 18% by the end of 2026)', () => {
    expect(fiveG.cells).toMatchObject({ content: 'Tỷ lệ phủ sóng 5G', unit: '%', target: '90' });
    const [flag] = flagsOf('target_behind', progress([answer(fiveG, { reached: 15 }, 'target-progress')]), {
      now: '2027-01-10T03:00:00Z',
      period: plan,
    });
    expect(flag!.figures).toEqual({ reached: 15, expected: 18, target: 90, unit: '%' });
    expect(flag!.message).toContain('đạt 15% đến Năm 2026, thấp hơn mức cần đạt nếu thực hiện đều đến năm 2030 (18%');
    expect(
      flagsOf('target_behind', progress([answer(fiveG, { reached: 20 }, 'target-progress')]), {
        now: '2027-01-10T03:00:00Z',
        period: plan,
      }),
    ).toEqual([]);
  });

  it('paces counts, not ranks or targets written as text', () => {
    const counted = planTargets.find((t) => t.cells.unit === 'Doanh nghiệp' && /^\d+$/.test(String(t.cells.target)))!;
    const ranked = planTargets.find((t) => t.cells.unit === 'Thứ hạng' || t.cells.unit === 'Chỉ số');
    const rows = [answer(counted, { reached: 0 }, 'target-progress')];
    if (ranked) rows.push(answer(ranked, { reached: 0 }, 'target-progress'));
    const flags = flagsOf('target_behind', progress(rows), { now: '2027-01-10T03:00:00Z', period: plan });
    expect(flags.map((f) => f.rows[0]!.uid)).toEqual([counted.uid]);
  });
});

describe('disbursed_over_plan', () => {
  const plan = { from: 2026, to: 2030 };
  const progress = (rows: SheetRowRecord[], yearPlan: number | null = null) =>
    progressOf([{ period: JUNE, rows }], { tasks: planTasks, budget: planBudget, yearPlan });

  it('flags a task whose disbursed money is above the 2026 plan of the budget lines that fund it', () => {
    // Every task reports a huge sum: only those the plan's budget lines fund can be compared.
    const rows = planTasks.map((t) => answer(t, { status: 'Đang triển khai', disbursed: 1_000_000 }));
    const flags = flagsOf('disbursed_over_plan', progress(rows), { now: '2026-06-10T03:00:00Z', period: plan });
    const perTask = flags.filter((f) => f.rows.length === 1);
    // 19 of the 68 budget items of plan 003 link to a task (links.ts).
    expect(perTask.length).toBeGreaterThan(5);
    const flag = perTask[0]!;
    const lines = (flag.figures.lines as string[]).map((uid) => planBudget.find((b) => b.uid === uid)!);
    const planned = lines.reduce((sum, l) => sum + Number(String(l.cells.y2026).replaceAll('.', '')), 0);
    expect(flag.figures).toMatchObject({ disbursed: 1_000_000, planned, year: 2026 });
    // Within the plan: nothing.
    const task = planTasks.find((t) => t.uid === flag.rows[0]!.uid)!;
    expect(
      flagsOf('disbursed_over_plan', progress([answer(task, { disbursed: planned })]), {
        now: '2026-06-10T03:00:00Z',
        period: plan,
      }),
    ).toEqual([]);
  });

  it("flags the province's disbursed total above the year the plan declares (1.625.520 triệu đồng for 2026)", () => {
    const year = PLAN_TOTALS.years!['2026']!;
    const a = answer(at(planTasks, 'I', '1'), { disbursed: year - 100 });
    const b = answer(at(planTasks, 'I', '2'), { disbursed: 200 });
    const flags = flagsOf('disbursed_over_plan', progress([a, b], year), { now: '2026-06-10T03:00:00Z', period: plan });
    const province = flags.filter((f) => f.rows.length === 0);
    expect(province).toHaveLength(1);
    expect(province[0]!.message).toBe(
      'Tổng kinh phí các cơ quan báo cáo đã giải ngân năm 2026 là 1.625.620 triệu đồng, vượt kinh phí kế hoạch của năm là ' +
        '1.625.520 triệu đồng (cao hơn 100 triệu đồng). Đề nghị rà soát số giải ngân của các cơ quan.',
    );
    expect(
      flagsOf('disbursed_over_plan', progress([a], year), { now: '2026-06-10T03:00:00Z', period: plan }).filter(
        (f) => f.rows.length === 0,
      ),
    ).toEqual([]);
  });
});

describe('the progress rules in a plan round', () => {
  it('find nothing without a progress context', () => {
    const progressCodes = [
      'overdue',
      'disbursed_over_plan',
      'status_regression',
      'target_behind',
      'late_submission',
      'stale_report',
    ];
    const flags = computeFlags(inputOf([], { now: new Date('2026-12-31T03:00:00Z'), dueDate: '2026-05-20' }));
    expect(flags.filter((f) => progressCodes.includes(f.code))).toEqual([]);
  });
});
