/**
 * **Chèn bảng** in a progress round: the pane, on the fake Excel host through the real adapter,
 * talks to the real service (its Hono app) and inserts the agency's plan tasks with last period's
 * answers; a plan cell typed over is put back by the check, and the sheet syncs as it stands.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaneController as Pane, type PaneController } from '../../addin/pane/controller.js';
import type { Prefs } from '../../addin/pane/state.js';
import { excelTableName } from '../../addin/sheet/layout.js';
import { ApiClient } from '../../addin/sync/api.js';
import { SyncQueue } from '../../addin/sync/queue.js';
import { MemoryStore } from '../../addin/sync/store.js';
import { testDatabases } from '../../db/test-databases.js';
import { loadPriorityPlan, PRIORITY_ROUND_ID } from '../../service/demo/priority-plan.js';
import { RegistryStore } from '../../service/registry-store.js';
import { newKey, type Service, startService } from '../service/harness.js';
import { fakeWorkbook } from './support.js';

const MAY = `${PRIORITY_ROUND_ID}-tien-do-2026-05`;
const JUNE = `${PRIORITY_ROUND_ID}-tien-do-2026-06`;
const ANSWER = {
  status: 'Đang triển khai',
  result: 'Đã xây dựng dự thảo kế hoạch chuyển đổi số ngành y tế',
  difficulties: 'Thiếu nhân lực công nghệ thông tin',
};

function memoryPrefs(token: string, values: Record<string, string>): Prefs {
  const kept = new Map(Object.entries(values));
  return {
    token: () => token,
    setToken: () => undefined,
    clearToken: () => undefined,
    get: (k) => kept.get(k) ?? null,
    set: (k, v) => void kept.set(k, v),
  };
}

/** Every cell of a sheet of the fake host as A1 address → value. */
function cellsOf(sheet: { cells: Record<number, Record<number, { v: unknown }>> }): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [r, row] of Object.entries(sheet.cells))
    for (const [c, cell] of Object.entries(row))
      out.set(`${String.fromCharCode(65 + Number(c))}${Number(r) + 1}`, cell.v);
  return out;
}

describe.each(testDatabases())('Chèn bảng in a progress round on %s', (kind) => {
  let s: Service;
  let pane: PaneController;
  let fake: ReturnType<typeof fakeWorkbook>['fake'];
  let queue: SyncQueue;
  beforeAll(async () => {
    s = await startService(kind, { now: () => new Date('2026-06-10T03:00:00Z') });
    expect(await loadPriorityPlan(s.db, new RegistryStore(s.db))).toBe(true);
    const may = await s.call('POST', `/api/v1/rounds/${PRIORITY_ROUND_ID}/next`, {
      body: { period: { kind: 'month', year: 2026, index: 5 } },
    });
    expect(may.status).toBe(201);
    const [row] = (await s.call('GET', `/api/v1/rounds/${MAY}/sheets/progress/prefill`, { token: s.tokens.yte })).body
      .rows;
    const sent = await s.call('PUT', `/api/v1/rounds/${MAY}/sheets/progress`, {
      token: s.tokens.yte,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 0, rows: [{ ...row, ...ANSWER }] },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect((await s.call('POST', `/api/v1/rounds/${MAY}/next`)).status).toBe(201);
    const host = fakeWorkbook();
    fake = host.fake;
    const api = new ApiClient(
      'http://localhost/',
      () => s.tokens.yte,
      async (input, init) => s.app.request(input, init),
    );
    pane = new Pane({
      workbook: host.workbook,
      api,
      queue: (queue = new SyncQueue(new MemoryStore(), api)),
      prefs: memoryPrefs(s.tokens.yte, { round: JUNE, table: 'progress', liveCheck: '0' }),
    });
    await pane.start();
  }, 240_000);
  afterAll(async () => {
    await s.close();
  });

  it("inserts the agency's tasks with the plan's columns and last period's answers", async () => {
    expect(pane.state.phase).toBe('ready');
    expect(pane.state.roundId).toBe(JUNE);
    await pane.insert();
    expect(pane.state.notice?.kind, pane.state.notice?.text).toBe('success');
    const values = fake.tableValues(excelTableName('progress')).flat();
    expect(values).toContain('Sở Y tế');
    expect(values).toContain('Trước ngày 20/5/2026');
    for (const v of Object.values(ANSWER)) expect(values).toContain(v);
  });

  it('puts back a plan cell typed over, then syncs the sheet, which the service accepts as the plan has it', async () => {
    const t = fake.table(excelTableName('progress'));
    const sheetName = fake.state.wb.sheets.find((x) => x.id === t.sheetId)!.name;
    const address = [...cellsOf(fake.sheet(sheetName))].find(([, v]) => v === 'Trước ngày 20/5/2026')![0];
    fake.user.type(sheetName, address, 'Trước ngày 30/6/2026');
    await pane.check();
    expect(fake.value(sheetName, address)).toBe('Trước ngày 20/5/2026');
    expect(pane.state.notice?.text).toContain(`Ô ${address} (Thời gian thực hiện) lấy từ kế hoạch`);
    await pane.sync();
    // The pane previews what the sync would do before sending it: «Gửi».
    expect(pane.state.preview?.counts.new).toBe(1);
    await pane.confirmPreview();
    // The queue sends in the background; the sheet is on the service once it has emptied.
    for (let i = 0; i < 100 && (await queue.list()).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await queue.list()).toEqual([]);
    const sheet = await s.call('GET', `/api/v1/rounds/${JUNE}/sheets/progress`, { token: s.tokens.yte });
    expect(sheet.body.rows).toHaveLength(1);
    expect(sheet.body.rows[0]).toMatchObject({ timeframe: 'Trước ngày 20/5/2026', ...ANSWER });
  });

  it("offers a progress round's report tables, and a plan round's appendices", () => {
    expect(pane.roundTables).toEqual(['progress', 'target-progress']);
    pane.selectRound(PRIORITY_ROUND_ID);
    expect(pane.state.table).toBe('budget');
    expect(pane.roundTables).not.toContain('progress');
    pane.selectRound(JUNE);
    expect(pane.state.table).toBe('progress');
  });
});
