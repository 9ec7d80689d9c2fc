/**
 * A sheet's life over HTTP: submit, accept (then locked: a sync gets 423 and nothing is stored),
 * reopen with a reason, the changes since acceptance cell by cell, return with a comment; each
 * move allowed only to its roles and audited with who and when.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toJsonb } from '../../db/jsonb.js';
import { testDatabases } from '../../db/test-databases.js';
import { budgetRowsLedBy, dumpDatabase, newKey, ROUND, type Service, startService } from './harness.js';

const base = `/api/v1/rounds/${ROUND}/sheets/budget`;

describe.each(testDatabases())('sheet lifecycle on %s', (kind) => {
  let s: Service;
  const rows = budgetRowsLedBy('Sở Y tế');
  let version = 0;
  beforeAll(async () => {
    s = await startService(kind);
  });
  afterAll(() => s.close());

  const sync = (sent: typeof rows) =>
    s.call('PUT', base, {
      token: s.tokens.yte,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: version, rows: sent },
    });
  const move = (action: string, token: string, note?: string) =>
    s.call('POST', `${base}/${action}?agency=so-y-te`, { token, ...(note !== undefined ? { body: { note } } : {}) });

  it('cannot be submitted before its first sync', async () => {
    const res = await move('submit', s.tokens.yte);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('chưa đồng bộ bảng này');
  });

  it('is a draft after a sync, and submitted when its agency says it is final', async () => {
    const first = await sync(rows);
    expect(first.status).toBe(200);
    version = first.body.version;
    const sheet = await s.call('GET', base, { token: s.tokens.yte });
    expect(sheet.body.status.state).toBe('draft');
    const submitted = await move('submit', s.tokens.yte);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ state: 'submitted', submittedBy: 'Sở Y tế', label: 'Đã gửi chính thức' });
    expect(submitted.body.firstSubmittedAt).toBe(submitted.body.submittedAt);
  });

  it('another agency can neither submit nor accept it; an agency cannot accept its own', async () => {
    expect((await move('submit', s.tokens.nnmt)).status).toBe(403);
    expect((await move('accept', s.tokens.yte)).status).toBe(403);
    expect((await move('reopen', s.tokens.validator, 'lý do')).status).toBe(403);
  });

  it('accepted, it is locked: a sync gets 423 naming who accepted it, and nothing is stored', async () => {
    const accepted = await move('accept', s.tokens.validator);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ state: 'accepted', acceptedBy: 'Chuyên viên thẩm định' });
    const before = await dumpDatabase(s.db);
    const res = await sync(rows.map((r, i) => (i === 0 ? { ...r, y2026: '1' } : r)));
    expect(res.status).toBe(423);
    expect(res.body.error.code).toBe('sheet_locked');
    expect(res.body.error.message).toMatch(
      /đã được Chuyên viên thẩm định chấp nhận lúc \d{2}:\d{2} ngày \d+\/\d+\/\d{4}/,
    );
    expect(res.body.error.message).toContain('Liên hệ cán bộ điều phối');
    expect(await dumpDatabase(s.db)).toBe(before);
  });

  it('is reopened by a coordinator only with a reason, then shows each cell changed since acceptance', async () => {
    const noReason = await move('reopen', s.tokens.coordinator);
    expect(noReason.status).toBe(422);
    const reopened = await move('reopen', s.tokens.coordinator, 'Sở Y tế đề nghị điều chỉnh kinh phí năm 2026');
    expect(reopened.status).toBe(200);
    expect(reopened.body.state).toBe('draft');
    const edited = await sync(rows.map((r, i) => (i === 0 ? { ...r, name: `${r.name} (điều chỉnh)` } : r)));
    expect(edited.status).toBe(200);
    version = edited.body.version;
    const state = await s.call('GET', `${base}/state?agency=so-y-te`, { token: s.tokens.validator });
    expect(state.status).toBe(200);
    expect(state.body.status.changedSinceAcceptance).toBe(1);
    expect(state.body.changesSinceAcceptance).toHaveLength(1);
    const [change] = state.body.changesSinceAcceptance;
    expect(change).toMatchObject({ uid: rows[0]!.uid, action: 'update', actor: 'Sở Y tế' });
    expect(change.before.name).toBe(rows[0]!.name);
    expect(change.after.name).toBe(`${rows[0]!.name} (điều chỉnh)`);
    expect(change.columns).toEqual(['name']);
    expect(state.body.transitions.map((t: { action: string; actor: string }) => `${t.action}:${t.actor}`)).toEqual([
      'sheet_submit:Sở Y tế',
      'sheet_accept:Chuyên viên thẩm định',
      'sheet_reopen:Chuyên viên điều phối',
    ]);
    expect(state.body.transitions[2].note).toBe('Sở Y tế đề nghị điều chỉnh kinh phí năm 2026');
  });

  it('cannot be submitted while a flag returned to the agency is unanswered', async () => {
    await s.db
      .insertInto('flags')
      .values({
        id: 'f-tra-lai',
        round_id: ROUND,
        code: 'conflicting_amounts',
        severity: 'warning',
        table_name: 'budget',
        agency_ids: toJsonb(['so-y-te']),
        row_refs: toJsonb([]),
        message: 'Số liệu không thống nhất',
        figures: toJsonb({}),
        fingerprint: 'fp-tra-lai',
        status: 'returned',
      })
      .execute();
    const res = await move('submit', s.tokens.yte);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('submit_blocked');
    expect(res.body.error.message).toContain('1 cảnh báo bị trả lại chưa được xử lý');
    await s.db.updateTable('flags').set({ status: 'open' }).where('id', '=', 'f-tra-lai').execute();
    expect((await move('submit', s.tokens.yte)).status).toBe(200);
  });

  it('is returned with a comment by a validator, and the agency sees why on its sheet', async () => {
    const returned = await move('return', s.tokens.validator, 'Đề nghị bổ sung nguồn vốn năm 2027');
    expect(returned.status).toBe(200);
    const sheet = await s.call('GET', base, { token: s.tokens.yte });
    expect(sheet.body.status).toMatchObject({ state: 'returned', note: 'Đề nghị bổ sung nguồn vốn năm 2027' });
  });
});
