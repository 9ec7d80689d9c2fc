/**
 * The merged table's rows are kept between reads and read again sheet by sheet when a sheet's
 * version moves (service/merge/round-rows.ts). After every kind of change a sync makes, they must
 * equal a plain read of the table, and the merged JSON must show the change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { DEMO_ROUND_ID } from '../../service/demo/demo-round.js';
import { loadRows } from '../../service/merge/load-merged.js';
import { getRound } from '../../service/rounds/round.js';
import { toRecord } from '../../service/sync/stored-row.js';
import { demoSheet, editDemoSheet, startDemoService, type Service, type SheetRow } from './harness.js';

describe.each(testDatabases())('merged rows kept between reads on %s', (kind) => {
  let s: Service;
  const base = `/api/v1/rounds/${DEMO_ROUND_ID}`;

  beforeAll(async () => {
    s = await startDemoService(kind);
  }, 120_000);
  afterAll(async () => { await s.close(); });

  /** The rows as a plain query reads them, every time. */
  async function plainRead() {
    const rows = await s.db.selectFrom('sheet_rows').select(['uid', 'agency_id', 'section', 'code', 'data', 'row_hash'])
      .where('round_id', '=', DEMO_ROUND_ID).where('table_name', '=', 'budget').where('deleted_at', 'is', null)
      .orderBy('agency_id').orderBy('position').execute();
    return rows.map((r) => toRecord('budget', r));
  }

  async function expectFresh(step: string) {
    const round = await getRound(s.db, DEMO_ROUND_ID);
    expect(await loadRows(s.db, round, 'budget'), step).toEqual(await plainRead());
  }

  const put = (agency: string, edit: (rows: SheetRow[]) => SheetRow[]) => editDemoSheet(s, 'budget', agency, edit);

  async function mergedTotal(uid: string): Promise<unknown> {
    const res = await s.call('GET', `${base}/merged/budget`);
    expect(res.status).toBe(200);
    return res.body.rows.find((r: { uid: string | null }) => r.uid === uid)?.cells.total;
  }

  it('equal a plain read after edits, removals, additions, a new sheet and an emptied one', async () => {
    await expectFresh('cold');
    const line = (await demoSheet(s, 'budget', 'so-y-te')).rows.find((r) => typeof r.total === 'number' && typeof r.y2026 === 'number')!;
    expect(await mergedTotal(line.uid)).toBe(line.total);

    // An amount changed: the merged JSON shows it at once.
    await put('so-y-te', (rows) => rows.map((r) => (r.uid === line.uid ? { ...r, total: (r.total as number) + 100, y2026: (r.y2026 as number) + 100 } : r)));
    await expectFresh('edited');
    expect(await mergedTotal(line.uid)).toBe((line.total as number) + 100);

    // A row removed and another added.
    await put('so-y-te', (rows) => [...rows.filter((r) => r.uid !== line.uid), { ...line, uid: 'yte-new-1', code: '' }]);
    await expectFresh('removed and added');
    expect(await mergedTotal(line.uid)).toBeUndefined();

    // The same rows in another order: the sheet's order is part of the sheet.
    await put('so-y-te', (rows) => [...rows].reverse());
    await expectFresh('reordered');

    // A sheet that did not exist, then emptied.
    await put('so-tu-phap', () => [{ ...line, uid: 'tp-1', code: '', lead: 'Sở Tư pháp' }]);
    await expectFresh('new sheet');
    await put('so-tu-phap', () => []);
    await expectFresh('emptied sheet');
  }, 120_000);
});
