/** Đề án 11's May and June 2026 progress rounds as npm start loads them, seen through the API and the report. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { DEMO_JUNE_ROUND_ID, DEMO_MAY_ROUND_ID, loadDemoProgress } from '../../service/demo/progress-demo.js';
import { loadProgressInput } from '../../service/progress/load-report.js';
import { buildProgressReport, type ProgressReport } from '../../service/progress/report-model.js';
import { RegistryStore } from '../../service/registry-store.js';
import { getRound } from '../../service/rounds/round.js';
import { newKey, type Service, startDemoService } from './harness.js';

describe.each(testDatabases())('Đề án 11 progress demo on %s', (kind) => {
  let s: Service;
  let june: ProgressReport;
  beforeAll(async () => {
    s = await startDemoService(kind);
    const registry = new RegistryStore(s.db);
    expect(await loadDemoProgress(s.db, registry)).toBe(true);
    expect(await loadDemoProgress(s.db, registry)).toBe(false);
    const round = await getRound(s.db, DEMO_JUNE_ROUND_ID);
    june = buildProgressReport(await loadProgressInput(s.db, registry, round, new Date('2026-07-01T03:00:00Z')));
  }, 300_000);
  afterAll(async () => {
    await s.close();
  });

  it('opens May and June, each due before the 20th', async () => {
    const may = await s.call('GET', `/api/v1/rounds/${DEMO_MAY_ROUND_ID}`);
    expect(may.body).toMatchObject({ kind: 'progress', plan: 'de-an-11', dueDate: '2026-05-20' });
    const res = await s.call('GET', `/api/v1/rounds/${DEMO_JUNE_ROUND_ID}`);
    expect(res.body).toMatchObject({ kind: 'progress', plan: 'de-an-11', dueDate: '2026-06-20' });
  });

  it('has answers from about 70% of the reporting agencies in June, some late, the rest missing', () => {
    const june = lastPeriods();
    const sent = june.filter((p) => p === 'on_time' || p === 'late').length;
    expect(sent / june.length).toBeGreaterThan(0.5);
    expect(sent / june.length).toBeLessThan(0.9);
    expect(june).toContain('late');
    expect(june).toContain('missing');
  });

  it('derives every one of the four statuses, with overdue tasks and two regressions since May', () => {
    for (const k of ['done_on_time', 'done_late', 'open_on_time', 'open_overdue'] as const)
      expect(june.total[k], k).toBeGreaterThan(0);
    expect(june.overdue.length).toBeGreaterThan(0);
    expect(june.changes.regressions).toHaveLength(2);
    expect(june.changes.newlyDone.length).toBeGreaterThan(0);
  });

  it('serves the June report as a file in the layout SKH&CN sends upward', async () => {
    const csv = await s.call('GET', `/api/v1/rounds/${DEMO_JUNE_ROUND_ID}/merged/progress.csv`);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('BÁO CÁO TIẾN ĐỘ THỰC HIỆN');
    expect(csv.text).toContain('Hoàn thành quá hạn');
  });

  it('pre-fills the targets an agency monitors, and takes the values it reached', async () => {
    const path = `/api/v1/rounds/${DEMO_JUNE_ROUND_ID}/sheets/target-progress`;
    const prefill = await s.call('GET', `${path}/prefill?agency=so-khcn`);
    expect(prefill.status, JSON.stringify(prefill.body).slice(0, 300)).toBe(200);
    const rows = prefill.body.rows as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(3);
    expect(rows[0]).toMatchObject({ reached: null, note: null });
    expect(rows[0]!.unit).toBeTruthy();
    const sent = await s.call('PUT', `${path}?agency=so-khcn`, {
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 0, rows: [{ ...rows[0], reached: '1', note: 'Số liệu đến hết tháng 6/2026' }] },
    });
    expect(sent.status, JSON.stringify(sent.body).slice(0, 500)).toBe(200);
    const changed = await s.call('PUT', `${path}?agency=so-khcn`, {
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 1, rows: [{ ...rows[0], target: '999', reached: '1' }] },
    });
    expect(changed.status).toBe(422);
    expect(changed.body.error.findings[0].code).toBe('locked_cell');
  });

  function lastPeriods() {
    return june.timeliness.map((t) => t.periods.at(-1)!.status);
  }
});
