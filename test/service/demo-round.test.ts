/** The demo round, loaded through the real sync path, seen through the API as a coordinator sees it. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { DEMO_ROUND_ID } from '../../service/demo/demo-round.js';
import { newKey, type Service, startDemoService } from './harness.js';

describe.each(testDatabases())('demo round on %s', (kind) => {
  let s: Service;
  beforeAll(async () => {
    s = await startDemoService(kind);
  }, 120_000);
  afterAll(async () => {
    await s.close();
  });

  it("merges the budget to the plan's own totals", async () => {
    const res = await s.call('GET', `/api/v1/rounds/${DEMO_ROUND_ID}/merged/budget`);
    expect(res.status).toBe(200);
    // The plan's text (section IV "Kinh phí"): 9.615.243 triệu đồng; 2026…2030 as below.
    expect(res.body.totals.grand).toEqual({
      total: 9_615_243,
      y2026: 1_625_520,
      y2027: 2_230_820,
      y2028: 2_417_820,
      y2029: 2_012_563,
      y2030: 1_328_520,
    });
    const grand = res.body.rows.find((r: { kind: string }) => r.kind === 'grand_total');
    expect(grand.cells.total).toBe(9_615_243);
    const items = res.body.rows.filter((r: { kind: string }) => r.kind === 'item');
    expect(items).toHaveLength(68);
    expect(new Set(items.map((r: { agencyName: string }) => r.agencyName)).size).toBeGreaterThan(10);
    // Each sub-section keeps the source's numbering of its items, in order.
    const ic = items.filter((r: { section: string }) => r.section === 'I/C').map((r: { code: string }) => r.code);
    expect(ic).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('sends each open flag once, rows naming theirs by id', async () => {
    const res = await s.call('GET', `/api/v1/rounds/${DEMO_ROUND_ID}/merged/tasks`);
    const open = await s.call('GET', `/api/v1/rounds/${DEMO_ROUND_ID}/flags?limit=1000`);
    const onTasks = open.body.flags.filter(
      (f: { status: string; rows: { table: string }[] }) =>
        ['open', 'returned'].includes(f.status) && f.rows.some((r) => r.table === 'tasks'),
    );
    expect(onTasks.length).toBeGreaterThan(0);
    expect(Object.keys(res.body.flags).sort()).toEqual(onTasks.map((f: { id: string }) => f.id).sort());
    const named = new Set(res.body.rows.flatMap((r: { flagIds: string[] }) => r.flagIds));
    expect([...named].sort()).toEqual(Object.keys(res.body.flags).sort());
    for (const f of onTasks)
      expect(res.body.flags[f.id]).toEqual({
        code: f.code,
        severity: f.severity,
        status: f.status,
        message: f.message,
      });
  });

  it("declares the plan's totals, which the merged sums meet", async () => {
    const flags = await s.call('GET', `/api/v1/rounds/${DEMO_ROUND_ID}/flags?code=declared_total_mismatch`);
    expect(flags.status).toBe(200);
    expect(flags.body.total).toBe(0);
  });

  it('serves the official layout as .xlsx', async () => {
    const res = await s.app.request(`/api/v1/rounds/${DEMO_ROUND_ID}/merged/budget.xlsx`, {
      headers: { authorization: `Bearer ${s.tokens.validator}` },
    });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.worksheets[0]!;
    const values: unknown[] = [];
    ws.eachRow((row) => values.push(...(row.values as unknown[])));
    expect(values).toContain('Tên nhiệm vụ/hoạt động/dự án');
    expect(values).toContain(9_615_243);
  });

  it('lets a validator return a flagged row; the agency sees the comment on its sheet; the counts move', async () => {
    const before = await s.call('GET', `/api/v1/rounds/${DEMO_ROUND_ID}/flags?status=returned`);
    const open = await s.call('GET', `/api/v1/rounds/${DEMO_ROUND_ID}/flags?status=open&limit=1000`);
    expect(open.body.total).toBeGreaterThan(0);
    const flag =
      open.body.flags.find((f: { rows: { agencyId: string }[] }) => f.rows.some((r) => r.agencyId === 'so-y-te')) ??
      open.body.flags[0];
    const ref = flag.rows[0];
    const note = 'Đề nghị Sở rà soát lại tên nhiệm vụ cho khớp với danh mục nhiệm vụ.';
    const reviewed = await s.call('POST', `/api/v1/rounds/${DEMO_ROUND_ID}/flags/${flag.id}/review`, {
      token: s.tokens.validator,
      body: { action: 'return', note },
    });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body).toMatchObject({ status: 'returned', reviewNote: note, reviewedBy: 'Chuyên viên thẩm định' });
    const sheet = await s.call('GET', `/api/v1/rounds/${DEMO_ROUND_ID}/sheets/${ref.table}?agency=${ref.agencyId}`);
    expect(sheet.body.comments).toContainEqual(
      expect.objectContaining({ uid: ref.uid, body: note, author: 'Chuyên viên thẩm định', flagId: flag.id }),
    );
    const after = await s.call('GET', `/api/v1/rounds/${DEMO_ROUND_ID}/flags?status=returned`);
    expect(after.body.total).toBe(before.body.total + 1);
    const audit = await s.db
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('action', '=', 'flag_return')
      .execute();
    expect(audit).toEqual([{ actor: 'Chuyên viên thẩm định', action: 'flag_return' }]);
  });

  it('keeps a dismissed flag dismissed while its rows are unchanged, and reopens it when they change', async () => {
    const open = await s.call('GET', `/api/v1/rounds/${DEMO_ROUND_ID}/flags?status=open&code=possible_duplicate`);
    const flag = open.body.flags[0];
    expect(flag).toBeDefined();
    const dismissed = await s.call('POST', `/api/v1/rounds/${DEMO_ROUND_ID}/flags/${flag.id}/review`, {
      token: s.tokens.validator,
      body: { action: 'dismiss', note: 'Hai nhiệm vụ khác nhau.' },
    });
    expect(dismissed.body.status).toBe('dismissed');
    expect((await s.call('POST', `/api/v1/rounds/${DEMO_ROUND_ID}/flags/recompute`)).status).toBe(200);
    const still = await s.call('GET', `/api/v1/rounds/${DEMO_ROUND_ID}/flags?status=dismissed`);
    expect(still.body.flags.map((f: { id: string }) => f.id)).toContain(flag.id);

    // The agency changes one of the flagged rows: the flag is about something new and comes back.
    const ref = flag.rows[0];
    const sheet = await s.call('GET', `/api/v1/rounds/${DEMO_ROUND_ID}/sheets/${ref.table}?agency=${ref.agencyId}`);
    const rows = sheet.body.rows.map(({ findings: _f, ...r }: Record<string, unknown>) =>
      r.uid === ref.uid ? { ...r, name: `${r.name} (bổ sung)` } : r,
    );
    const put = await s.call('PUT', `/api/v1/rounds/${DEMO_ROUND_ID}/sheets/${ref.table}?agency=${ref.agencyId}`, {
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: sheet.body.version, rows },
    });
    expect(put.status).toBe(200);
    const reopened = await s.call('GET', `/api/v1/rounds/${DEMO_ROUND_ID}/flags?status=dismissed`);
    expect(reopened.body.flags.map((f: { id: string }) => f.id)).not.toContain(flag.id);
  });
});
