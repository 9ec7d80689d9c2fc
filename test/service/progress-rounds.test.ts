/**
 * Progress rounds over HTTP, on the priority plan of source 002: due dates from the cadence,
 * opening the next period, the pre-filled sheet with last period's answers, syncs refused for a
 * wrong table, a changed plan cell or another agency's task, and the merged progress report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { createToken } from '../../service/auth/tokens.js';
import { loadPriorityPlan, PRIORITY_ROUND_ID } from '../../service/demo/priority-plan.js';
import { RegistryStore } from '../../service/registry-store.js';
import { Visitor, visibleText } from '../console/harness.js';
import { newKey, type Service, startService } from './harness.js';

const PLAN = PRIORITY_ROUND_ID;
const MAY = `${PLAN}-tien-do-2026-05`;
const JUNE = `${PLAN}-tien-do-2026-06`;
// 25 May 2026, 10:00 in Lào Cai: after the May report's due day.
const NOW = new Date('2026-05-25T03:00:00Z');

type Row = Record<string, unknown> & { uid: string };

describe.each(testDatabases())('progress rounds on %s', (kind) => {
  let s: Service;
  let baoHa: string;
  beforeAll(async () => {
    s = await startService(kind, { now: () => NOW });
    expect(await loadPriorityPlan(s.db, new RegistryStore(s.db))).toBe(true);
    baoHa = (await createToken(s.db, { role: 'agency', agencyId: 'dang-uy-xa-bao-ha', label: 'Đảng ủy xã Bảo Hà' }))
      .token;
  }, 240_000);
  afterAll(async () => {
    await s.close();
  });

  const put = (round: string, table: string, rows: Row[], token: string, baseVersion = 0, agency?: string) =>
    s.call('PUT', `/api/v1/rounds/${round}/sheets/${table}${agency ? `?agency=${agency}` : ''}`, {
      token,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion, rows },
    });
  const prefill = (round: string, token: string, query = '') =>
    s.call('GET', `/api/v1/rounds/${round}/sheets/progress/prefill${query}`, { token });

  it('works out due dates from the cadence across month and year ends, and lets the coordinator change them', async () => {
    const cases = [
      [{ kind: 'month', year: 2026, index: 12 }, '2026-12-20'],
      [{ kind: 'month', year: 2027, index: 2 }, '2027-02-20'],
      [{ kind: 'quarter', year: 2026, index: 4 }, '2026-12-15'],
      [{ kind: 'quarter', year: 2027, index: 1 }, '2027-03-15'],
      [{ kind: 'half', year: 2026, index: 1 }, '2026-06-15'],
      [{ kind: 'year', year: 2026, index: 1 }, '2026-12-15'],
    ] as const;
    for (const [period, due] of cases) {
      const id = `thu-tien-do-${period.kind}-${period.year}-${period.index}`;
      const res = await s.call('POST', '/api/v1/rounds', {
        body: { id, name: `Thử ${period.kind}`, kind: 'progress', plan: PLAN, period },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({ kind: 'progress', plan: PLAN, period, dueDate: due, periodStart: 2026 });
    }
    // December's next is January of the next year.
    const next = await s.call('POST', '/api/v1/rounds/thu-tien-do-month-2026-12/next');
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    expect(next.body).toMatchObject({
      id: `${PLAN}-tien-do-2027-01`,
      period: { kind: 'month', year: 2027, index: 1 },
      dueDate: '2027-01-20',
    });
    const patched = await s.call('PATCH', `/api/v1/rounds/${PLAN}-tien-do-2027-01`, {
      body: { dueDate: '2027-01-25' },
    });
    expect(patched.body.dueDate).toBe('2027-01-25');
    const list = await s.call('GET', '/api/v1/rounds', { token: s.tokens.yte });
    const listed = list.body.rounds.find((r: { id: string }) => r.id === `${PLAN}-tien-do-2027-01`);
    expect(listed).toMatchObject({ kind: 'progress', plan: PLAN, dueDate: '2027-01-25' });
    expect(list.body.rounds.find((r: { id: string }) => r.id === PLAN)).toMatchObject({
      kind: 'plan',
      plan: null,
      period: null,
    });
  });

  it('refuses a progress round without its plan and period, or on a progress round, in Vietnamese', async () => {
    const noPlan = await s.call('POST', '/api/v1/rounds', {
      body: { id: 'thieu-ke-hoach', name: 'Thiếu', kind: 'progress', period: { kind: 'month', year: 2026, index: 5 } },
    });
    expect(noPlan.status).toBe(422);
    expect(noPlan.body.error.message).toContain('kế hoạch được theo dõi');
    const onProgress = await s.call('POST', '/api/v1/rounds', {
      body: {
        id: 'theo-doi-tien-do',
        name: 'Sai',
        kind: 'progress',
        plan: 'thu-tien-do-half-2026-1',
        period: { kind: 'month', year: 2026, index: 5 },
      },
    });
    expect(onProgress.status).toBe(422);
    expect(onProgress.body.error.message).toContain('không phải kế hoạch');
    const badMonth = await s.call('POST', '/api/v1/rounds', {
      body: {
        id: 'thang-13',
        name: 'Sai',
        kind: 'progress',
        plan: PLAN,
        period: { kind: 'month', year: 2026, index: 13 },
      },
    });
    expect(badMonth.status).toBe(422);
    expect(badMonth.body.error.message).toContain('Kỳ báo cáo không hợp lệ');
  });

  it("opens this month's round from the plan in one action, copying agencies and outline; 409 when it exists", async () => {
    const agency = await s.call('POST', `/api/v1/rounds/${PLAN}/next`, { token: s.tokens.yte });
    expect(agency.status).toBe(403);
    const opened = await s.call('POST', `/api/v1/rounds/${PLAN}/next`, {
      body: { period: { kind: 'month', year: 2026, index: 5 } },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const plan = (await s.call('GET', `/api/v1/rounds/${PLAN}`)).body;
    expect(opened.body).toMatchObject({
      id: MAY,
      kind: 'progress',
      plan: PLAN,
      dueDate: '2026-05-20',
      expectedAgencies: plan.expectedAgencies,
      outline: { progress: plan.outline.tasks },
    });
    expect(opened.body.name).toMatch(/^Tiến độ tháng 5\/2026: Danh mục nhiệm vụ cần làm ngay/);
    const again = await s.call('POST', `/api/v1/rounds/${PLAN}/next`, {
      body: { period: { kind: 'month', year: 2026, index: 5 } },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('đã được mở');
  });

  it('pre-fills the tasks the agency leads, plan columns as the plan has them, answers empty in the first period', async () => {
    const res = await prefill(MAY, s.tokens.yte);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.previousRound).toBeNull();
    expect(res.body.rows).toHaveLength(1);
    expect(res.body.rows[0]).toMatchObject({
      section: 'I',
      code: '11',
      lead: 'Sở Y tế',
      timeframe: 'Trước ngày 20/5/2026',
      status: null,
      result: null,
    });
    // An agency sees only its own; a coordinator may ask for any.
    expect((await prefill(MAY, s.tokens.yte, '?agency=dang-uy-xa-bao-ha')).status).toBe(403);
    const forBaoHa = await prefill(MAY, s.tokens.coordinator, '?agency=dang-uy-xa-bao-ha');
    expect(forBaoHa.body.rows.map((r: Row) => r.code)).toEqual(['1']);
    // The plan round has no pre-filled sheet.
    const onPlan = await prefill(PLAN, s.tokens.yte);
    expect(onPlan.status).toBe(422);
  });

  it('refuses plan tables in a progress round and progress tables in a plan round', async () => {
    const [row] = (await prefill(MAY, s.tokens.yte)).body.rows as Row[];
    const tasks = await put(MAY, 'tasks', [], s.tokens.yte);
    expect(tasks.status).toBe(422);
    expect(tasks.body.error.message).toContain('là đợt báo cáo tiến độ');
    const progress = await put(PLAN, 'progress', [{ ...row!, status: 'Đang triển khai' }], s.tokens.yte);
    expect(progress.status).toBe(422);
    expect(progress.body.error.message).toContain('chỉ gửi trong đợt báo cáo tiến độ');
  });

  it('refuses a sync that changes a plan cell, naming the row and the column', async () => {
    const [row] = (await prefill(MAY, s.tokens.yte)).body.rows as Row[];
    const res = await put(
      MAY,
      'progress',
      [{ ...row!, timeframe: 'Trước ngày 30/6/2026', status: 'Đang triển khai' }],
      s.tokens.yte,
    );
    expect(res.status).toBe(422);
    const locked = res.body.error.findings.filter((f: { code: string }) => f.code === 'locked_cell');
    expect(locked).toHaveLength(1);
    expect(locked[0]).toMatchObject({ row: 1, column: { key: 'timeframe', header: 'Thời gian thực hiện' } });
    expect(locked[0].message).toBe(
      'Dòng 1, cột «Thời gian thực hiện» là nội dung của kế hoạch, không được sửa (kế hoạch ghi «Trước ngày 20/5/2026», bản gửi ghi «Trước ngày 30/6/2026»).',
    );
    const sheet = await s.call('GET', `/api/v1/rounds/${MAY}/sheets/progress`, { token: s.tokens.yte });
    expect(sheet.body.rows).toEqual([]);
  });

  it("refuses another agency's task and a row the plan does not have", async () => {
    const [mine] = (await prefill(MAY, s.tokens.yte)).body.rows as Row[];
    const [theirs] = (await prefill(MAY, s.tokens.coordinator, '?agency=dang-uy-xa-bao-ha')).body.rows as Row[];
    const res = await put(
      MAY,
      'progress',
      [
        { ...mine!, status: 'Đang triển khai' },
        { ...theirs!, status: 'Hoàn thành', completedOn: '12/5/2026', result: 'Xong' },
        { ...mine!, uid: 'them-tay', status: 'Chưa triển khai' },
      ],
      s.tokens.yte,
    );
    expect(res.status).toBe(422);
    const byCode = (code: string) => res.body.error.findings.filter((f: { code: string }) => f.code === code);
    expect(byCode('not_lead')).toHaveLength(1);
    expect(byCode('not_lead')[0].message).toContain('do Đảng ủy xã Bảo Hà chủ trì báo cáo, không phải Sở Y tế');
    expect(byCode('not_in_plan')[0]).toMatchObject({ row: 3, uid: 'them-tay' });
  });

  it('runs the progress row checks of the domain on sync', async () => {
    const [row] = (await prefill(MAY, s.tokens.yte)).body.rows as Row[];
    const res = await put(MAY, 'progress', [{ ...row!, status: 'Hoàn thành' }], s.tokens.yte);
    expect(res.status).toBe(422);
    expect(res.body.error.findings.map((f: { code: string }) => f.code)).toContain('done_without_date');
    const future = await put(
      MAY,
      'progress',
      [{ ...row!, status: 'Hoàn thành', completedOn: '30/5/2026', result: 'Xong' }],
      s.tokens.yte,
    );
    expect(future.body.error.findings.map((f: { code: string }) => f.code)).toContain('date_in_future');
  });

  it("carries the first period's answers into the second period's pre-filled sheet", async () => {
    const [row] = (await prefill(MAY, s.tokens.yte)).body.rows as Row[];
    const answer = {
      status: 'Đang triển khai',
      result: 'Đã xây dựng dự thảo kế hoạch chuyển đổi số ngành y tế',
      difficulties: 'Thiếu nhân lực công nghệ thông tin',
    };
    const sent = await put(MAY, 'progress', [{ ...row!, ...answer }], s.tokens.yte);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const [theirs] = (await prefill(MAY, s.tokens.coordinator, '?agency=dang-uy-xa-bao-ha')).body.rows as Row[];
    const baoHaSent = await put(
      MAY,
      'progress',
      [{ ...theirs!, status: 'Hoàn thành', completedOn: '12/5/2026', result: 'Đã trình dự thảo đề án số hóa' }],
      baoHa,
    );
    expect(baoHaSent.status, JSON.stringify(baoHaSent.body)).toBe(200);
    const june = await s.call('POST', `/api/v1/rounds/${MAY}/next`);
    expect(june.status).toBe(201);
    expect(june.body).toMatchObject({ id: JUNE, dueDate: '2026-06-20' });
    const again = await s.call('POST', `/api/v1/rounds/${MAY}/next`);
    expect(again.status).toBe(409);
    const res = await prefill(JUNE, s.tokens.yte);
    expect(res.body.previousRound).toBe(MAY);
    expect(res.body.rows[0]).toMatchObject({ uid: row!.uid, timeframe: 'Trước ngày 20/5/2026', ...answer });
    // The second period's sheet, sent unchanged, is accepted as it is.
    expect((await put(JUNE, 'progress', res.body.rows, s.tokens.yte)).status).toBe(200);
  });

  it('merges the progress answers with the four-way status of every task', async () => {
    const merged = await s.call('GET', `/api/v1/rounds/${MAY}/merged/progress`, { token: s.tokens.validator });
    expect(merged.status, JSON.stringify(merged.body).slice(0, 400)).toBe(200);
    const byCode = (section: string, code: string) =>
      merged.body.tasks.find(
        (t: { code: string; section: string }) => t.code === code && t.section.startsWith(section),
      );
    // Bảo Hà: done on 12/5, before the day after «trước ngày 20/5/2026».
    expect(byCode('I', '1')).toMatchObject({
      derived: 'done_on_time',
      status: 'Hoàn thành',
      leadName: 'Đảng ủy xã Bảo Hà',
    });
    // Sở Y tế: still in progress on 25/5, past its deadline.
    expect(byCode('I', '11')).toMatchObject({ derived: 'open_overdue', deadline: '2026-05-19' });
    // Not reported at all, deadline passed.
    expect(byCode('I', '2')).toMatchObject({ derived: 'open_overdue', status: null });
    // Due 1/7/2026: in time in May.
    expect(byCode('II', '1')).toMatchObject({ derived: 'open_on_time' });
    expect(merged.body.total.done_on_time).toBe(1);
    expect(merged.body.overdue).toBe(merged.body.total.open_overdue);
    const csv = await s.call('GET', `/api/v1/rounds/${MAY}/merged/progress.csv`);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('Hoàn thành đúng hạn');
    expect(csv.text).toContain('Đã trình dự thảo đề án số hóa');
    const xlsx = await s.app.request(`/api/v1/rounds/${MAY}/merged/progress.xlsx`, {
      headers: { authorization: `Bearer ${s.tokens.coordinator}` },
    });
    expect(xlsx.status).toBe(200);
    expect(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
    expect((await s.call('GET', `/api/v1/rounds/${MAY}/merged/progress`, { token: s.tokens.yte })).status).toBe(403);
    const onPlan = await s.call('GET', `/api/v1/rounds/${PLAN}/merged/progress`);
    expect(onPlan.status).toBe(422);
  });

  it("reports one agency's tasks period by period, to itself and to reviewers only", async () => {
    const res = await s.call('GET', '/api/v1/agencies/so-y-te/progress', { token: s.tokens.yte });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    const mine = res.body.periods.filter((p: { round: { plan: string } }) => p.round.plan === PLAN);
    expect(mine.map((p: { label: string }) => p.label)).toEqual(
      expect.arrayContaining(['Tháng 5/2026', 'Tháng 6/2026']),
    );
    const may = mine.find((p: { label: string }) => p.label === 'Tháng 5/2026');
    expect(may.tasks).toHaveLength(1);
    expect(may.tasks[0]).toMatchObject({ code: '11', status: 'Đang triển khai', derived: 'open_overdue' });
    expect(may.sentAt).not.toBeNull();
    expect((await s.call('GET', '/api/v1/agencies/so-y-te/progress', { token: baoHa })).status).toBe(403);
    expect((await s.call('GET', '/api/v1/agencies/so-y-te/progress', { token: s.tokens.validator })).status).toBe(200);
  });

  it("opens the next period from the console's round page and shows the round's «Tiến độ» page", async () => {
    const coordinator = new Visitor(s);
    await coordinator.signIn(s.tokens.coordinator);
    const page = await coordinator.get(`/console/settings/${JUNE}`);
    expect(visibleText(page.text)).toContain('Mở đợt báo cáo tiến độ tháng 7/2026 của cùng kế hoạch');
    const opened = await coordinator.post(`/console/settings/${JUNE}/next`, {});
    expect(opened.status).toBe(303);
    expect(opened.location).toBe(`/console/settings/${PLAN}-tien-do-2026-07?opened=1`);
    const july = await coordinator.get(opened.location!);
    expect(visibleText(july.text)).toContain('Đã mở đợt báo cáo tiến độ tháng 7/2026, hạn gửi trước ngày 20/7/2026');
    const twice = await coordinator.post(`/console/settings/${JUNE}/next`, {});
    expect(twice.status).toBe(422);
    expect(visibleText(twice.text)).toContain('đã được mở');
    const validator = new Visitor(s);
    await validator.signIn(s.tokens.validator);
    const progress = await validator.get(`/console/rounds/${MAY}/progress`);
    expect(progress.status).toBe(200);
    const text = visibleText(progress.text);
    expect(text).toContain('Tháng 5/2026, hạn báo cáo trước ngày 20/5/2026');
    expect(text).toContain('Đảng ủy xã Bảo Hà');
    expect(text).toContain('Chưa hoàn thành, quá hạn');
    const file = await validator.get(`/console/rounds/${MAY}/progress/file/csv`);
    expect(file.status).toBe(200);
    expect(file.text).toContain('Hoàn thành đúng hạn');
    expect((await validator.get(`/console/rounds/${PLAN}/progress`)).status).toBe(404);
  });
});
