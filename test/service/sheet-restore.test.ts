/**
 * Removed rows brought back over HTTP: listed as their removal recorded them, restored by the
 * agency (its own sheet) or a coordinator (any) as one versioned, audited sync; refused to other
 * agencies and validators, for unknown ids, on a stale version and on a locked sheet, each
 * refusal leaving the database unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { budgetRowsLedBy, dumpDatabase, newKey, ROUND, type Service, startService } from './harness.js';

const base = `/api/v1/rounds/${ROUND}/sheets/budget`;

describe.each(testDatabases())('restoring removed rows on %s', (kind) => {
  let s: Service;
  // Two real budget lines of plan 003 led by Sở Y tế, and one of SKH&CN's sent by it as well.
  const rows: ReturnType<typeof budgetRowsLedBy> = [
    ...budgetRowsLedBy('Sở Y tế'),
    { ...budgetRowsLedBy('Sở Khoa học và Công nghệ')[0]!, uid: 'yte-3' },
  ];
  const removedUid = rows[1]!.uid;
  let version = 0;

  const sync = async (sent: typeof rows, token = s.tokens.yte) => {
    const res = await s.call('PUT', base, {
      token,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: version, rows: sent },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    version = res.body.version;
    return res;
  };
  const restore = (token: string, rowIds: string[], extra: Record<string, unknown> = {}, query = '') =>
    s.call('POST', `${base}/restore${query}`, { token, body: { rowIds, ...extra } });
  const unchanged = async (attempt: () => Promise<{ status: number; body: any }>, status: number) => {
    const before = await dumpDatabase(s.db);
    const res = await attempt();
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.message).toMatch(/[ạ-ỹ]/);
    expect(await dumpDatabase(s.db)).toBe(before);
    return res;
  };

  beforeAll(async () => {
    s = await startService(kind);
    await sync(rows);
    await sync([rows[0]!, rows[2]!]);
  });
  afterAll(() => s.close());

  it('lists the removed row as it was removed, to its agency and to a coordinator', async () => {
    const own = await s.call('GET', `${base}/removed`, { token: s.tokens.yte });
    expect(own.status).toBe(200);
    expect(own.body.rows).toHaveLength(1);
    const [removed] = own.body.rows;
    expect(removed).toMatchObject({ uid: removedUid, removedBy: 'Sở Y tế' });
    expect(removed.row).toMatchObject({
      section: rows[1]!.section,
      code: rows[1]!.code,
      name: rows[1]!.name,
      lead: 'Sở Y tế',
      total: 200000,
    });
    const coordinator = await s.call('GET', `${base}/removed?agency=so-y-te`, { token: s.tokens.coordinator });
    expect(coordinator.body.rows).toEqual(own.body.rows);
  });

  it('is refused to another agency, a validator, an administrator and without a token', async () => {
    expect((await s.call('GET', `${base}/removed?agency=so-y-te`, { token: s.tokens.nnmt })).status).toBe(403);
    expect((await s.call('GET', `${base}/removed?agency=so-y-te`, { token: s.tokens.validator })).status).toBe(403);
    expect((await s.call('GET', `${base}/removed`, { token: null })).status).toBe(401);
    await unchanged(() => restore(s.tokens.nnmt, [removedUid], {}, '?agency=so-y-te'), 403);
    await unchanged(() => restore(s.tokens.validator, [removedUid], {}, '?agency=so-y-te'), 403);
    await unchanged(() => restore(s.tokens.admin, [removedUid], {}, '?agency=so-y-te'), 403);
    await unchanged(() => restore(s.tokens.revoked, [removedUid]), 401);
    // Another agency's own sheet has no such removed row.
    await unchanged(() => restore(s.tokens.nnmt, [removedUid]), 422);
  });

  it('refuses ids that are not removed rows of the sheet, naming them, and a stale version', async () => {
    const res = await unchanged(() => restore(s.tokens.yte, [rows[0]!.uid, 'khong-co']), 422);
    expect(res.body.error.message).toBe(
      `Không có dòng đã xóa nào mang mã «${rows[0]!.uid}», «khong-co» trong bảng này; không dòng nào được khôi phục.`,
    );
    await unchanged(() => restore(s.tokens.yte, []), 422);
    const stale = await unchanged(() => restore(s.tokens.yte, [removedUid], { baseVersion: version - 1 }), 409);
    expect(stale.body.error.code).toBe('stale_version');
  });

  it('restores the row in its place as a versioned sync audited as a restore', async () => {
    const res = await restore(s.tokens.yte, [removedUid], { baseVersion: version });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.version).toBe(version + 1);
    version = res.body.version;
    expect(res.body.restored).toEqual([removedUid]);
    expect(res.body.rows.find((r: any) => r.uid === removedUid).status).toBe('updated');
    const sheet = await s.call('GET', base, { token: s.tokens.yte });
    expect(sheet.body.rows.map((r: any) => r.uid)).toEqual(rows.map((r) => r.uid));
    expect(sheet.body.rows[1]).toMatchObject({ name: rows[1]!.name, total: 200000 });
    const audit = await s.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'role'])
      .where('uid', '=', removedUid)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['insert', 'delete', 'restore']);
    expect(audit[2]).toMatchObject({ actor: 'Sở Y tế', role: 'agency' });
    expect((await s.call('GET', `${base}/removed`, { token: s.tokens.yte })).body.rows).toEqual([]);
  });

  it('a coordinator restores an agency’s row; the record names the coordinator', async () => {
    await sync([rows[0]!, rows[1]!]);
    const res = await restore(s.tokens.coordinator, ['yte-3'], {}, '?agency=so-y-te');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    version = res.body.version;
    const last = await s.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('uid', '=', 'yte-3')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last).toEqual({ action: 'restore', actor: 'Chuyên viên điều phối' });
  });

  it('is refused with 423 on an accepted sheet', async () => {
    await sync([rows[0]!, rows[2]!]);
    const move = (action: string, token: string) => s.call('POST', `${base}/${action}?agency=so-y-te`, { token });
    expect((await move('submit', s.tokens.yte)).status).toBe(200);
    expect((await move('accept', s.tokens.validator)).status).toBe(200);
    const res = await unchanged(() => restore(s.tokens.yte, [removedUid]), 423);
    expect(res.body.error.code).toBe('sheet_locked');
  });
});
