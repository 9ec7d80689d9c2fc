/**
 * An agency answers a flag returned on its rows («Đã sửa» or a reply) over HTTP: stored beside
 * the reviewer's comment on its rows, audited, shown on the flag's page in the console; refused
 * to other agencies and to every other role, for an unknown flag and for an empty reply, each
 * refusal leaving the database unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { Visitor, visibleText } from '../console/harness.js';
import { budgetRowsLedBy, dumpDatabase, newKey, ROUND, type Service, startService } from './harness.js';

const NOTE = 'Sở Y tế không chủ trì cũng không phối hợp nhiệm vụ này; đề nghị chuyển cho Sở Tài chính gửi.';
const REPLY = 'Đã chuyển dòng này cho Sở Tài chính gửi.';

describe.each(testDatabases())('replies to a flag on %s', (kind) => {
  let s: Service;
  let flagId = '';
  // Sở Y tế's two real lines of plan 003, and one led by Sở Tài chính that it has no part in.
  const foreign: Record<string, string> & { uid: string; section: string } = {
    ...budgetRowsLedBy('Sở Tài chính')[0]!,
    uid: 'yte-tc-1',
    // Neither its lead nor a partner: the flag «not involved» is raised on it.
    partners: '',
  };
  const rows = [...budgetRowsLedBy('Sở Y tế'), foreign];
  const reply = (token: string | null, body: unknown, id = flagId) =>
    s.call('POST', `/api/v1/rounds/${ROUND}/flags/${encodeURIComponent(id)}/replies`, { token, body });

  beforeAll(async () => {
    s = await startService(kind);
    const synced = await s.call('PUT', `/api/v1/rounds/${ROUND}/sheets/budget`, {
      token: s.tokens.yte,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 0, rows },
    });
    expect(synced.status).toBe(200);
    const flags = await s.call('GET', `/api/v1/rounds/${ROUND}/flags?code=submitter_not_involved`, {
      token: s.tokens.validator,
    });
    flagId = flags.body.flags.find((f: any) => f.rows.some((r: any) => r.uid === foreign.uid)).id;
    const returned = await s.call('POST', `/api/v1/rounds/${ROUND}/flags/${flagId}/review`, {
      token: s.tokens.validator,
      body: { action: 'return', note: NOTE },
    });
    expect(returned.status).toBe(200);
  }, 180_000);
  afterAll(() => s.close());

  it('is refused to other callers, for an unknown flag and an empty reply, storing nothing', async () => {
    const cases: [string | null, unknown, number, string?][] = [
      [null, { done: true }, 401],
      [s.tokens.revoked, { done: true }, 401],
      [s.tokens.nnmt, { done: true }, 403],
      [s.tokens.validator, { done: true }, 403],
      [s.tokens.coordinator, { done: true }, 403],
      [s.tokens.admin, { done: true }, 403],
      [s.tokens.yte, { body: '   ' }, 422],
      [s.tokens.yte, { done: true }, 404, 'khong-co-canh-bao'],
    ];
    for (const [token, body, status, id] of cases) {
      const before = await dumpDatabase(s.db);
      const res = await reply(token, body, id);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.message).toMatch(/[ạ-ỹ]/);
      expect(await dumpDatabase(s.db)).toBe(before);
    }
  });

  it('stores «Đã sửa» with the reply on the agency’s row of the flag, audited', async () => {
    const res = await reply(s.tokens.yte, { done: true, body: REPLY });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ flagId, body: `Đã sửa: ${REPLY}`, author: 'Sở Y tế', rows: [foreign.uid] });
    const sheet = await s.call('GET', `/api/v1/rounds/${ROUND}/sheets/budget`, { token: s.tokens.yte });
    expect(sheet.body.comments.map((c: any) => [c.uid, c.author, c.body])).toEqual([
      [foreign.uid, 'Chuyên viên thẩm định', NOTE],
      [foreign.uid, 'Sở Y tế', `Đã sửa: ${REPLY}`],
    ]);
    const audit = await s.db
      .selectFrom('audit_log')
      .select(['actor', 'role', 'note'])
      .where('action', '=', 'flag_reply')
      .execute();
    expect(audit).toEqual([{ actor: 'Sở Y tế', role: 'agency', note: `Đã sửa: ${REPLY}` }]);
  });

  it('shows the answer on the flag’s page in the console, apart from the reviewer’s comment', async () => {
    const validator = new Visitor(s);
    await validator.signIn(s.tokens.validator);
    const page = await validator.get(`/console/rounds/${ROUND}/flags/${flagId}`);
    expect(page.status).toBe(200);
    const text = visibleText(page.text);
    expect(text).toContain('Cơ quan trả lời');
    expect(text).toMatch(new RegExp(`Sở Y tế trả lời: «Đã sửa: ${REPLY}»`));
    expect(text).toContain(`Chuyên viên thẩm định gửi Sở Y tế: «${NOTE}»`);
    expect(text).not.toContain('gửi Sở Y tế: «Đã sửa');
  });
});
