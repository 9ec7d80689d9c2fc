import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { TABLE_NAMES } from '../../domain/index.js';
import { budgetRowsLedBy, dumpDatabase, newKey, ROUND, type Service, startService } from './harness.js';

const sheet = `/api/v1/rounds/${ROUND}/sheets/budget`;

describe.each(testDatabases())('rejected syncs on %s', (kind) => {
  let s: Service;
  const rows = budgetRowsLedBy('Sở Giáo dục và Đào tạo');
  beforeAll(async () => {
    s = await startService(kind, { bodyLimit: 64 * 1024 });
    const first = await s.call('PUT', `${sheet}?agency=so-gd-dt`, {
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 0, rows },
    });
    expect(first.status).toBe(200);
  });
  afterAll(async () => {
    await s.close();
  });

  const put = (body: unknown, extra: { raw?: string; headers?: Record<string, string> } = {}) =>
    s.call('PUT', `${sheet}?agency=so-gd-dt`, {
      ...(extra.raw !== undefined ? { raw: extra.raw } : { body }),
      headers: { 'idempotency-key': newKey(), ...extra.headers },
    });

  it('refuses rows with errors, explains each on its row, and changes nothing stored', async () => {
    const before = await dumpDatabase(s.db);
    const bad = rows.map((r, i) => (i === 0 ? { ...r, y2027: '12.34.5' } : i === 1 ? { ...r, total: '999' } : r));
    const res = await put({ baseVersion: 1, rows: bad });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('rows_rejected');
    expect(res.body.error.message).toContain('chưa có dòng nào được lưu');
    const errors = res.body.error.findings.filter((f: { severity: string }) => f.severity === 'error');
    expect(errors.map((f: { uid: string; code: string }) => `${f.uid}:${f.code}`)).toEqual([
      `${rows[0]!.uid}:type`,
      `${rows[1]!.uid}:sum_mismatch`,
    ]);
    expect(await dumpDatabase(s.db)).toBe(before);
  });

  it('answers malformed bodies in Vietnamese and stores nothing', async () => {
    const before = await dumpDatabase(s.db);
    const broken = await put(undefined, { raw: '{"baseVersion": 1, "rows": [' });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatchObject({
      code: 'invalid_json',
      message: 'Nội dung gửi lên không phải JSON hợp lệ.',
    });
    const unknownColumn = await put({ baseVersion: 1, rows: [{ ...rows[0], kinhPhi: 5 }] });
    expect(unknownColumn.status).toBe(422);
    expect(unknownColumn.body.error.message).toContain('Cột không có trong bảng: «kinhPhi»');
    const wrongType = await put({ baseVersion: 1, rows: [{ ...rows[0], total: true }] });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body.error.message).toContain('Dòng 1, cột «total»');
    const dupes = await put({ baseVersion: 1, rows: [rows[0], { ...rows[1], uid: rows[0]!.uid }] });
    expect(dupes.status).toBe(422);
    expect(dupes.body.error.message).toContain('Mã dòng (uid) bị trùng');
    const noKey = await s.call('PUT', `${sheet}?agency=so-gd-dt`, { body: { baseVersion: 1, rows } });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.code).toBe('missing_idempotency_key');
    // The route checks its own path, headers and body (one parse, one check of the rows).
    const noTable = await s.call('PUT', `/api/v1/rounds/${ROUND}/sheets/kinh-phi?agency=so-gd-dt`, {
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 1, rows },
    });
    expect(noTable.status).toBe(422);
    expect(noTable.body.error.message).toContain(`Không có bảng «kinh-phi»; các bảng là ${TABLE_NAMES.join(', ')}.`);
    const longKey = await put({ baseVersion: 1, rows }, { headers: { 'idempotency-key': 'k'.repeat(201) } });
    expect(longKey.status).toBe(422);
    expect(longKey.body.error.message).toContain('Khóa Idempotency-Key dài quá 200 ký tự');
    const notJson = await put(undefined, {
      raw: JSON.stringify({ baseVersion: 1, rows }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.message).toBe(
      'Nội dung gửi lên phải là JSON (Content-Type: application/json), không phải «text/plain».',
    );
    const huge = await put({
      baseVersion: 1,
      rows: Array.from({ length: 400 }, (_, i) => ({ ...rows[0], uid: `u${i}`, name: 'x'.repeat(200) })),
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
    expect(await dumpDatabase(s.db)).toBe(before);
  });

  it('refuses a stale base version with the current version and what changed since', async () => {
    const newer = rows.map((r, i) => (i === 0 ? { ...r, name: `${r.name} (điều chỉnh)` } : r));
    expect((await put({ baseVersion: 1, rows: newer })).status).toBe(200);
    const before = await dumpDatabase(s.db);
    const stale = await put({ baseVersion: 1, rows });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');
    expect(stale.body.error.currentVersion).toBe(2);
    expect(stale.body.error.changedRows.map((r: { uid: string; name: string }) => [r.uid, r.name])).toEqual([
      [rows[0]!.uid, `${rows[0]!.name} (điều chỉnh)`],
    ]);
    expect(await dumpDatabase(s.db)).toBe(before);
  });

  it('refuses syncs to a closed round and to an unknown one', async () => {
    const close = await s.call('PATCH', `/api/v1/rounds/${ROUND}`, { body: { status: 'closed' } });
    expect(close.status).toBe(200);
    const closed = await put({ baseVersion: 2, rows });
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('round_closed');
    expect((await s.call('PATCH', `/api/v1/rounds/${ROUND}`, { body: { status: 'open' } })).status).toBe(200);
    const missing = await s.call('PUT', '/api/v1/rounds/khong-co/sheets/budget?agency=so-gd-dt', {
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 0, rows },
    });
    expect(missing.status).toBe(404);
  });

  it("refuses a uid that belongs to another agency's row", async () => {
    const theirs = { ...budgetRowsLedBy('Sở Y tế')[0]!, uid: rows[0]!.uid };
    const res = await s.call('PUT', sheet, {
      token: s.tokens.yte,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 0, rows: [theirs] },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
  });
});
