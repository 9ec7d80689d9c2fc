/**
 * A sheet read with GET …/sheets/{table}, one cell edited, and written back with PUT as it came:
 * the rows' read-only `findings` are ignored, the edit is stored, and its findings come back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { budgetRowsLedBy, newKey, ROUND, type Service, startService } from './harness.js';

const sheet = `/api/v1/rounds/${ROUND}/sheets/budget`;

describe.each(testDatabases())('sheet round trip on %s', (kind) => {
  let s: Service;
  // The first row's lead by an alias: a warning the service keeps with the row and shows on GET.
  const rows = budgetRowsLedBy('Sở Y tế').map((r, i) => (i === 0 ? { ...r, lead: 'SYT' } : r));
  beforeAll(async () => {
    s = await startService(kind);
    const first = await s.call('PUT', sheet, {
      token: s.tokens.yte,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 0, rows },
    });
    expect(first.status).toBe(200);
  });
  afterAll(() => s.close());

  it('GET → edit one cell → PUT stores the edit, read-only findings and all', async () => {
    const got = await s.call('GET', sheet, { token: s.tokens.yte });
    expect(got.status).toBe(200);
    expect(got.body.rows[0].findings.map((f: { code: string }) => f.code)).toContain('agency_alias');
    const edited = got.body.rows.map((r: Record<string, unknown>, i: number) =>
      i === 1 ? { ...r, partners: 'Sở Tài chính' } : r,
    );
    const preview = await s.call('PUT', `${sheet}?dryRun=true`, {
      token: s.tokens.yte,
      body: { baseVersion: got.body.version, rows: edited },
    });
    expect(preview.status).toBe(200);
    expect(preview.body.changes).toMatchObject([{ kind: 'changed', rowId: rows[1]!.uid, columns: ['partners'] }]);
    const put = await s.call('PUT', sheet, {
      token: s.tokens.yte,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: got.body.version, rows: edited },
    });
    expect(put.status).toBe(200);
    expect(put.body.rows.map((r: { status: string }) => r.status)).toEqual(['unchanged', 'updated']);
    const again = await s.call('GET', sheet, { token: s.tokens.yte });
    expect(again.body.version).toBe(put.body.version);
    expect(again.body.rows[1].partners).toBe('Sở Tài chính');
    expect(again.body.rows[0].findings).toEqual(got.body.rows[0].findings);
  });

  it('still refuses a column the table does not have', async () => {
    const got = await s.call('GET', sheet, { token: s.tokens.yte });
    const res = await s.call('PUT', sheet, {
      token: s.tokens.yte,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: got.body.version, rows: [{ ...got.body.rows[0], comments: [] }] },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toContain('Cột không có trong bảng: «comments»');
  });
});
