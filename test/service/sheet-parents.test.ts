/**
 * Group rows across agencies: SKH&CN sends Phụ lục II item 2 without a time frame while sixteen
 * departments send its sub-items 2.1–2.16. The service accepts it, and tells the pane (GET
 * …/parents) which items are such group rows, so that both judge the row alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { DEMO_ROUND_ID, demoItems } from '../../service/demo/demo-round.js';
import { newKey, type Service, startDemoService } from './harness.js';

describe.each(testDatabases())('parent items of a round on %s', (kind) => {
  let s: Service;
  const base = `/api/v1/rounds/${DEMO_ROUND_ID}/sheets/tasks`;
  const item = demoItems('tasks').items.find(
    (i) => i.row.code === '2' && String(i.row.name).startsWith('Phân công theo dõi'),
  )!;
  const key = `${item.section}|2`;

  beforeAll(async () => {
    s = await startDemoService(kind);
  }, 120_000);
  afterAll(async () => {
    await s.close();
  });

  it("names the items other agencies' sub-items hang under", async () => {
    const khcn = await s.call('GET', `${base}/parents?agency=so-khcn`);
    expect(khcn.status).toBe(200);
    expect(khcn.body.agency).toBe('so-khcn');
    expect(khcn.body.keys).toContain(key);
    // Sở Y tế sends 2.9; the other fifteen still make item 2 a group row for it too.
    const yte = await s.call('GET', `${base}/parents`, { token: s.tokens.yte });
    expect(yte.body).toEqual({ agency: 'so-y-te', keys: expect.arrayContaining([key]) });
  });

  it("leaves out the agency's own sub-items: its sheet being checked replaces them", async () => {
    // A sub-item only Sở Y tế sends, under an item of its own.
    const sheet = await s.call('GET', base, { token: s.tokens.yte });
    const rows = sheet.body.rows.map(({ findings: _f, ...r }: Record<string, unknown>) => r);
    const own = { ...rows[0], uid: 'yte-sub-1', code: '2.9.1', name: 'Số hóa hồ sơ sức khỏe điện tử tại trạm y tế xã' };
    const put = await s.call('PUT', base, {
      token: s.tokens.yte,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: sheet.body.version, rows: [...rows, own] },
    });
    expect(put.status, JSON.stringify(put.body).slice(0, 400)).toBe(200);
    const mine = await s.call('GET', `${base}/parents`, { token: s.tokens.yte });
    expect(mine.body.keys).not.toContain(`${own.section}|2.9`);
    const theirs = await s.call('GET', `${base}/parents?agency=so-khcn`);
    expect(theirs.body.keys).toContain(`${own.section}|2.9`);
  });

  it('accepts the group row without a time frame, and refuses it once no sub-item hangs under it', async () => {
    const sheet = await s.call('GET', `${base}?agency=so-khcn`);
    const rows = sheet.body.rows.map(({ findings: _f, ...r }: Record<string, unknown>) => r);
    expect(rows.find((r: { uid: string }) => r.uid === item.uid)).toMatchObject({ code: '2', timeframe: null });
    // Moved under a new number of its own, nothing hangs under it: a time frame is required.
    const moved = rows.map((r: { uid: string }) => (r.uid === item.uid ? { ...r, code: '99' } : r));
    const put = await s.call('PUT', `${base}?agency=so-khcn`, {
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: sheet.body.version, rows: moved },
    });
    expect(put.status).toBe(422);
    expect(JSON.stringify(put.body)).toContain('Thời gian thực hiện');
  });
});
