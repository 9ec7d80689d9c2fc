/**
 * «Trạng thái nộp» from outside: every expected agency × table with its state; timeliness from
 * the first submission when the round requires one; accepting every submitted sheet without an
 * open error flag after a confirmation; the reminders with the registry's contacts; a reopened
 * sheet's changes cell by cell, then accepted again from its page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toJsonb } from '../../db/jsonb.js';
import { testDatabases } from '../../db/test-databases.js';
import { budgetRowsLedBy, newKey, ROUND, type Service, startService } from '../service/harness.js';
import { Visitor, visibleText } from './harness.js';

const api = `/api/v1/rounds/${ROUND}`;
const page = `/console/rounds/${ROUND}/submissions`;
const CONTACT = 'Chị Nguyễn Thị Lan, Văn phòng Sở, 0214 3840 123';

describe.each(testDatabases())('submission state page on %s', (kind) => {
  let s: Service;
  let reviewer: Visitor;
  const yte = budgetRowsLedBy('Sở Y tế');
  const nnmt = budgetRowsLedBy('Sở Nông nghiệp và Môi trường');
  const versions: Record<string, number> = {};

  beforeAll(async () => {
    s = await startService(kind);
    for (const [token, agency, rows] of [
      [s.tokens.yte, 'so-y-te', yte],
      [s.tokens.nnmt, 'so-nn-mt', nnmt],
    ] as const) {
      const res = await sync(token, 0, rows);
      expect(res.status).toBe(200);
      versions[agency] = res.body.version;
    }
    const contact = await s.call('PUT', '/api/v1/registry/agencies/so-nn-mt', {
      token: s.tokens.admin,
      body: { name: 'Sở Nông nghiệp và Môi trường', kind: 'department', aliases: [], formerly: [], contact: CONTACT },
    });
    expect(contact.status).toBe(200);
    // A due date already past: whoever counts has sent late or not at all.
    expect((await patchRound({ dueDate: '2026-12-01', requireSubmission: true })).status).toBe(200);
    reviewer = new Visitor(s);
    expect((await reviewer.signIn(s.tokens.validator)).status).toBe(303);
  });
  afterAll(() => s.close());

  const sync = (token: string, baseVersion: number, rows: unknown[]) =>
    s.call('PUT', `${api}/sheets/budget`, {
      token,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion, rows },
    });
  const patchRound = (body: Record<string, unknown>) => s.call('PATCH', api, { body });
  const submissionBadge = (html: string, name: string) =>
    new RegExp(`<th scope="row">${name}</th><td><span class="badge sub-([a-z_]+)"`).exec(html)?.[1];

  it('counts timeliness from the first submission when the round requires one, else from the first sync', async () => {
    let overview = (await reviewer.get(`/console/rounds/${ROUND}`)).text;
    expect(visibleText(overview)).toContain('Đợt này yêu cầu gửi chính thức');
    expect(submissionBadge(overview, 'Sở Y tế')).toBe('missing');
    expect((await patchRound({ requireSubmission: false })).status).toBe(200);
    overview = (await reviewer.get(`/console/rounds/${ROUND}`)).text;
    expect(submissionBadge(overview, 'Sở Y tế')).toBe('late');
    expect((await patchRound({ requireSubmission: true })).status).toBe(200);
    expect((await s.call('POST', `${api}/sheets/budget/submit`, { token: s.tokens.yte })).status).toBe(200);
    overview = (await reviewer.get(`/console/rounds/${ROUND}`)).text;
    expect(submissionBadge(overview, 'Sở Y tế')).toBe('late');
    expect(submissionBadge(overview, 'Sở Nông nghiệp và Môi trường')).toBe('missing');
  });

  it('lists every expected agency × table with its state, and whom to remind with their contacts', async () => {
    const res = await reviewer.get(page);
    expect(res.status).toBe(200);
    const text = visibleText(res.text);
    expect(text).toContain('Sở Y tế Phụ lục III Đã gửi chính thức');
    expect(text).toContain('Sở Nông nghiệp và Môi trường Phụ lục III Đang soạn');
    // Neither has sent its tasks (Phụ lục II): missing.
    expect(text).toMatch(/Sở Y tế Phụ lục II Chưa gửi/);
    expect(text).toContain('3 bảng của 2 cơ quan chưa gửi chính thức');
    const remind = visibleText((await reviewer.get(`${page}?remind=1`)).text);
    expect(remind).toContain(CONTACT);
    expect(remind).toContain('Chưa có thông tin liên hệ trong danh mục');
    expect(remind).toContain(
      `Đề nghị Sở Nông nghiệp và Môi trường đồng bộ và gửi chính thức Phụ lục II, Phụ lục III của đợt «Đợt thử nghiệm» trên TổngHợp trước hạn 01/12/2026.`,
    );
  });

  it('accepts every submitted sheet with no open error flag, after a confirmation that counts them', async () => {
    expect((await s.call('POST', `${api}/sheets/budget/submit`, { token: s.tokens.nnmt })).status).toBe(200);
    await s.db
      .insertInto('flags')
      .values({
        id: 'loi-tong',
        round_id: ROUND,
        code: 'declared_total_mismatch',
        severity: 'error',
        table_name: 'budget',
        agency_ids: toJsonb(['so-nn-mt']),
        row_refs: toJsonb([]),
        message: 'Tổng không khớp',
        figures: toJsonb({}),
        fingerprint: 'fp-loi-tong',
      })
      .execute();
    const list = await reviewer.get(page);
    expect(visibleText(list.text)).toContain('Chấp nhận tất cả 1 bảng');
    const confirm = await reviewer.post(`${page}/accept`, {});
    expect(confirm.status).toBe(200);
    const asked = visibleText(confirm.text);
    expect(asked).toContain('Chấp nhận 1 bảng dưới đây?');
    expect(asked).toContain('Sở Y tế — Phụ lục III');
    expect(asked).not.toContain('Sở Nông nghiệp và Môi trường — Phụ lục III');
    const done = await reviewer.post(`${page}/accept`, {
      confirm: '1',
      sheet: `budget|so-y-te|${versions['so-y-te']}`,
    });
    expect(done.status).toBe(303);
    expect(visibleText((await reviewer.get(done.location!)).text)).toContain('Đã chấp nhận 1 bảng.');
    const yteState = await s.call('GET', `${api}/sheets/budget/state?agency=so-y-te`, { token: s.tokens.validator });
    expect(yteState.body.status).toMatchObject({ state: 'accepted', acceptedBy: 'Chuyên viên thẩm định' });
    const other = await s.call('GET', `${api}/sheets/budget/state?agency=so-nn-mt`, { token: s.tokens.validator });
    expect(other.body.status.state).toBe('submitted');
  });

  it('skips a confirmed sheet that a sync moved meanwhile, and says so', async () => {
    await s.db.deleteFrom('flags').where('id', '=', 'loi-tong').execute();
    const moved = await sync(s.tokens.nnmt, versions['so-nn-mt']!, [
      { ...nnmt[0]!, name: `${nnmt[0]!.name} (bổ sung)` },
      ...nnmt.slice(1),
    ]);
    expect(moved.status).toBe(200);
    const done = await reviewer.post(`${page}/accept`, {
      confirm: '1',
      sheet: `budget|so-nn-mt|${versions['so-nn-mt']}`,
    });
    versions['so-nn-mt'] = moved.body.version;
    expect(visibleText((await reviewer.get(done.location!)).text)).toContain(
      'Đã chấp nhận 0 bảng. 1 bảng chưa được chấp nhận vì vừa có thay đổi',
    );
  });

  it('shows a reopened sheet’s changes cell by cell and accepts it again from its page', async () => {
    const reopened = await s.call('POST', `${api}/sheets/budget/reopen?agency=so-y-te`, {
      body: { note: 'Sở Y tế điều chỉnh kinh phí' },
    });
    expect(reopened.status).toBe(200);
    const edited = await sync(s.tokens.yte, versions['so-y-te']!, [
      { ...yte[0]!, partners: 'Sở Tài chính' },
      ...yte.slice(1),
    ]);
    expect(edited.status).toBe(200);
    expect((await s.call('POST', `${api}/sheets/budget/submit`, { token: s.tokens.yte })).status).toBe(200);
    const list = visibleText((await reviewer.get(page)).text);
    expect(list).toContain('1 dòng thay đổi từ lần chấp nhận trước');
    const sheetPage = `/console/rounds/${ROUND}/sheets/budget/so-y-te`;
    const shown = await reviewer.get(sheetPage);
    expect(shown.status).toBe(200);
    const text = visibleText(shown.text);
    expect(text).toContain('từ đó 1 dòng đã thay đổi');
    expect(text).toContain(
      `Dòng sửa ${yte[0]!.code} ${yte[0]!.name} Cơ quan phối hợp thực hiện ${yte[0]!.partners} Sở Tài chính`,
    );
    expect(text).toContain('Chuyên viên điều phối: Mở lại bảng («Sở Y tế điều chỉnh kinh phí»)');
    const stale = await reviewer.post(sheetPage, { action: 'accept', version: String(versions['so-y-te']) });
    expect(stale.status).toBe(422);
    expect(visibleText(stale.text)).toContain('cơ quan vừa đồng bộ lại');
    const accepted = await reviewer.post(sheetPage, { action: 'accept', version: String(edited.body.version) });
    expect(accepted.status).toBe(303);
    expect(visibleText((await reviewer.get(accepted.location!)).text)).toContain('Đã chấp nhận bảng; bảng được khóa.');
  });

  it('takes the round setting from the settings form: checked requires submission, unchecked does not', async () => {
    const coordinator = new Visitor(s);
    await coordinator.signIn(s.tokens.coordinator);
    const form = await coordinator.get(`/console/settings/${ROUND}`);
    expect(form.text).toMatch(/name="requireSubmission" value="1" checked/);
    const fields = { name: 'Đợt thử nghiệm', dueDate: '2026-12-01', status: 'open', expected: 'so-y-te\nso-nn-mt' };
    expect((await coordinator.post(`/console/settings/${ROUND}`, fields)).status).toBe(303);
    expect((await s.call('GET', api)).body.requireSubmission).toBe(false);
    const checked = await coordinator.post(`/console/settings/${ROUND}`, { ...fields, requireSubmission: '1' });
    expect(checked.status).toBe(303);
    expect((await s.call('GET', api)).body.requireSubmission).toBe(true);
  });

  it("takes an agency's contact from the registry form and lists it in the reminders", async () => {
    const admin = new Visitor(s);
    await admin.signIn(s.tokens.admin);
    const form = await admin.get('/console/registry/so-y-te');
    expect(form.text).toContain('name="contact"');
    const fields = {
      name: 'Sở Y tế',
      kind: 'department',
      aliases: 'SYT\nSở Y tế tỉnh Lào Cai\nY tế',
      formerly: '',
      contact: 'Anh Trần Văn Minh, Phòng Kế hoạch - Tài chính, 0214 3820 456',
    };
    const preview = await admin.post('/console/registry/so-y-te/preview', fields);
    expect(preview.status).toBe(200);
    const previewed = /name="previewed" value="([^"]+)"/.exec(preview.text)![1]!;
    const saved = await admin.post('/console/registry/so-y-te', { ...fields, previewed });
    expect(saved.status).toBe(303);
    expect((await admin.get('/console/registry/so-y-te')).text).toContain(`value="${fields.contact}"`);
    const remind = visibleText((await reviewer.get(`${page}?remind=1`)).text);
    expect(remind).toContain(fields.contact);
    expect(remind).toContain(CONTACT);
  });

  it('is for reviewers only', async () => {
    const admin = new Visitor(s);
    await admin.signIn(s.tokens.admin);
    expect((await admin.get(page)).status).toBe(403);
    expect((await admin.post(`${page}/accept`, { confirm: '1', sheet: 'budget|so-nn-mt|1' })).status).toBe(403);
    const coordinator = new Visitor(s);
    await coordinator.signIn(s.tokens.coordinator);
    expect((await coordinator.get(page)).status).toBe(200);
  });
});
