/**
 * The progress rules over HTTP, on the priority plan of notice 002: Sở Y tế and Đảng ủy xã Bảo Hà
 * report May and June 2026 through the real sync path, and the flags each sync leaves are those a
 * full recompute finds, raised and resolved by later syncs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { createToken } from '../../service/auth/tokens.js';
import { loadPriorityPlan, PRIORITY_ROUND_ID } from '../../service/demo/priority-plan.js';
import { RegistryStore } from '../../service/registry-store.js';
import { expectFlagsOfFullRecompute, newKey, type Service, startService } from './harness.js';

const PLAN = PRIORITY_ROUND_ID;
const MAY = `${PLAN}-tien-do-2026-05`;
const JUNE = `${PLAN}-tien-do-2026-06`;

type Row = Record<string, unknown> & { uid: string };

describe.each(testDatabases())('progress flags on %s', (kind) => {
  let s: Service;
  let baoHa: string;
  // The service's clock: the tests move it as the months pass.
  let now = new Date('2026-05-18T03:00:00Z');
  beforeAll(async () => {
    s = await startService(kind, { now: () => now });
    expect(await loadPriorityPlan(s.db, new RegistryStore(s.db))).toBe(true);
    baoHa = (await createToken(s.db, { role: 'agency', agencyId: 'dang-uy-xa-bao-ha', label: 'Đảng ủy xã Bảo Hà' }))
      .token;
    const opened = await s.call('POST', `/api/v1/rounds/${PLAN}/next`, {
      body: { period: { kind: 'month', year: 2026, index: 5 } },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await s.close();
  });

  /** The agency's pre-filled sheet with `answer` on every row it reports, synced on its current version. */
  async function report(round: string, token: string, answer: Record<string, unknown>) {
    const pre = await s.call('GET', `/api/v1/rounds/${round}/sheets/progress/prefill`, { token });
    expect(pre.status, JSON.stringify(pre.body)).toBe(200);
    const sheet = await s.call('GET', `/api/v1/rounds/${round}/sheets/progress`, { token });
    const rows = (pre.body.rows as Row[]).map((r) => ({ ...r, ...answer }));
    const res = await s.call('PUT', `/api/v1/rounds/${round}/sheets/progress`, {
      token,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: sheet.body.version ?? 0, rows },
    });
    expect(res.status, JSON.stringify(res.body).slice(0, 800)).toBe(200);
    return res.body;
  }

  async function flags(round: string, code: string) {
    const res = await s.call('GET', `/api/v1/rounds/${round}/flags?code=${code}&limit=200`);
    expect(res.status).toBe(200);
    return res.body.flags as { id: string; agencyIds: string[]; message: string; rows: { uid: string }[] }[];
  }

  it('raises late_submission and overdue after the due day, and a later sync resolves overdue', async () => {
    await report(MAY, s.tokens.yte, { status: 'Đang triển khai', result: 'Đang xây dựng phần mềm' });
    expect(await flags(MAY, 'late_submission')).toEqual([]);
    expect(await flags(MAY, 'overdue')).toEqual([]);
    await expectFlagsOfFullRecompute(s, MAY, 'Sở Y tế on time');

    // 25 May, 10:00 in Lào Cai: Bảo Hà sends its first report after «trước ngày 20/5/2026».
    now = new Date('2026-05-25T03:00:00Z');
    const answer = await report(MAY, baoHa, { status: 'Đang triển khai', result: 'Đang khảo sát hiện trạng' });
    const late = await flags(MAY, 'late_submission');
    expect(late.map((f) => f.agencyIds)).toEqual([['dang-uy-xa-bao-ha']]);
    expect(late[0]!.message).toBe(
      'Đảng ủy xã Bảo Hà gửi báo cáo lần đầu ngày 25/5/2026, sau hạn gửi (trước ngày 20/5/2026).',
    );
    const overdue = await flags(MAY, 'overdue');
    const mine = overdue.filter((f) => f.agencyIds.includes('dang-uy-xa-bao-ha'));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.message).toContain('do Đảng ủy xã Bảo Hà chủ trì đã quá hạn hoàn thành (hạn 19/5/2026)');
    // The sync's answer lists it for the agency.
    expect(answer.flags.map((f: { id: string }) => f.id)).toContain(mine[0]!.id);
    // Tasks nobody has reported are overdue too, on their plan rows.
    expect(overdue.length).toBeGreaterThan(10);
    await expectFlagsOfFullRecompute(s, MAY, 'Bảo Hà late');

    await report(MAY, baoHa, { status: 'Hoàn thành', completedOn: '18/5/2026', result: 'Đã số hóa đền Bảo Hà' });
    expect((await flags(MAY, 'overdue')).filter((f) => f.agencyIds.includes('dang-uy-xa-bao-ha'))).toEqual([]);
    // Late stays: the first report came after the due day.
    expect(await flags(MAY, 'late_submission')).toHaveLength(1);
    await expectFlagsOfFullRecompute(s, MAY, 'Bảo Hà done');
  });

  it('raises status_regression when June undoes what May reported done, and resolves it when June says done again', async () => {
    now = new Date('2026-06-10T03:00:00Z');
    const opened = await s.call('POST', `/api/v1/rounds/${MAY}/next`);
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body.id).toBe(JUNE);
    await report(JUNE, baoHa, { status: 'Đang triển khai', completedOn: null, result: 'Đang số hóa bổ sung' });
    const [flag] = await flags(JUNE, 'status_regression');
    expect(flag!.message).toContain('báo cáo «Hoàn thành» ở kỳ Tháng 5/2026 nhưng kỳ này ghi «Đang triển khai»');
    await expectFlagsOfFullRecompute(s, JUNE, 'regression');
    await report(JUNE, baoHa, { status: 'Hoàn thành', completedOn: '18/5/2026', result: 'Đã số hóa đền Bảo Hà' });
    expect(await flags(JUNE, 'status_regression')).toEqual([]);
    await expectFlagsOfFullRecompute(s, JUNE, 'regression resolved');
  });

  it('lets a validator return a progress flag, and the comment reaches the agency on its progress row', async () => {
    await report(JUNE, s.tokens.yte, { status: 'Đang triển khai', result: 'Đang xây dựng phần mềm' });
    const [flag] = (await flags(JUNE, 'overdue')).filter((f) => f.agencyIds.includes('so-y-te'));
    const review = await s.call('POST', `/api/v1/rounds/${JUNE}/flags/${flag!.id}/review`, {
      token: s.tokens.validator,
      body: { action: 'return', note: 'Đề nghị Sở Y tế báo cáo rõ thời gian hoàn thành.' },
    });
    expect(review.status, JSON.stringify(review.body)).toBe(200);
    const sheet = await s.call('GET', `/api/v1/rounds/${JUNE}/sheets/progress`, { token: s.tokens.yte });
    expect(JSON.stringify(sheet.body)).toContain('Đề nghị Sở Y tế báo cáo rõ thời gian hoàn thành.');
  });
});
