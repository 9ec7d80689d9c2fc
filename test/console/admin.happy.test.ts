/**
 * The coordinator's round settings and the administrator's registry and tokens, through the
 * console's forms: what is saved, what is audited, what is refused and how it is explained.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { budgetRowsLedBy, newKey, type Service, ROUND as TEST_ROUND } from '../service/harness.js';
import { ROUND, startConsoleService, Visitor, visibleText } from './harness.js';

describe.each(testDatabases())('settings, registry and tokens on %s', (kind) => {
  let s: Service;
  let coordinator: Visitor;
  let admin: Visitor;
  beforeAll(async () => {
    s = await startConsoleService(kind);
    coordinator = new Visitor(s);
    admin = new Visitor(s);
    await coordinator.signIn(s.tokens.coordinator);
    await admin.signIn(s.tokens.admin);
  }, 120_000);
  afterAll(async () => {
    await s.close();
  });

  it('opens a round, explaining an agency it does not know', async () => {
    await coordinator.get('/console/settings');
    const form = {
      id: 'bao-cao-quy-1-2026',
      name: 'Báo cáo tiến độ quý I/2026',
      kind: 'progress',
      plan: ROUND,
      periodKind: 'quarter',
      periodIndex: '1',
      periodYear: '2026',
      dueDate: '15/03/2026',
      outlineFrom: ROUND,
      expected: 'Sở Y tế\nSở KH&CN\nSở Y tê tỉnh Lào Cay',
    };
    const wrong = await coordinator.post('/console/settings', form);
    expect(wrong.status).toBe(422);
    expect(visibleText(wrong.text)).toMatch(
      /Không có cơ quan «Sở Y tê tỉnh Lào Cay» trong danh mục; có phải là «Sở Y tế/,
    );
    // What was typed is kept.
    expect(wrong.text).toContain('value="Báo cáo tiến độ quý I/2026"');
    const ok = await coordinator.post('/console/settings', { ...form, expected: 'Sở Y tế\nSở KH&CN' });
    expect(ok.status).toBe(303);
    expect(ok.location).toBe('/console/settings/bao-cao-quy-1-2026?created=1');
    const round = await s.call('GET', '/api/v1/rounds/bao-cao-quy-1-2026');
    expect(round.body).toMatchObject({
      kind: 'progress',
      plan: ROUND,
      period: { kind: 'quarter', year: 2026, index: 1 },
      periodStart: 2026,
      periodEnd: 2030,
      dueDate: '2026-03-15',
      expectedAgencies: ['so-khcn', 'so-y-te'],
      status: 'open',
    });
    expect(round.body.outline.budget.length).toBeGreaterThan(5);
    const audit = await s.db
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('round_id', '=', 'bao-cao-quy-1-2026')
      .execute();
    expect(audit).toEqual([{ actor: 'Chuyên viên điều phối', action: 'round_create' }]);
    expect((await coordinator.post('/console/settings', { ...form, expected: '' })).status).toBe(422);
  });

  it('sets the declared totals; the flags are recomputed against them', async () => {
    const before = await s.call('GET', `/api/v1/rounds/${ROUND}/flags?code=declared_total_mismatch`);
    expect(before.body.total).toBeGreaterThan(0);
    const page = await coordinator.get(`/console/settings/${ROUND}`);
    expect(page.text).toContain('value="9.615.243"');
    const fields = {
      name: 'Kế hoạch thực hiện Đề án 11 giai đoạn 2026–2030 (dữ liệu mẫu)',
      dueDate: '2026-12-15',
      status: 'open',
      expected: (await s.call('GET', `/api/v1/rounds/${ROUND}`)).body.expectedAgencies.join('\n'),
      grand: '9.621.743',
      'year-2026': '1.626.820',
      'year-2027': '2.232.120',
      'year-2028': '2.419.120',
      'year-2029': '2.013.863',
      'year-2030': '1.329.820',
      'source-provincial': '5.972.598',
      'source-central': '576.145',
      'source-non_state': '3.073.000',
    };
    const bad = await coordinator.post(`/console/settings/${ROUND}`, { ...fields, grand: '9,621.743' });
    expect(bad.status).toBe(422);
    expect(visibleText(bad.text)).toContain('Tổng nhu cầu vốn cả giai đoạn: «9,621.743»');
    const saved = await coordinator.post(`/console/settings/${ROUND}`, fields);
    expect(saved.status).toBe(303);
    expect(visibleText((await coordinator.get(saved.location!)).text)).toContain(
      'Đã lưu thiết lập và tính lại các cảnh báo của đợt.',
    );
    const round = await s.call('GET', `/api/v1/rounds/${ROUND}`);
    expect(round.body.declaredTotals).toEqual({
      grand: 9_621_743,
      years: { '2026': 1_626_820, '2027': 2_232_120, '2028': 2_419_120, '2029': 2_013_863, '2030': 1_329_820 },
      sources: { provincial: 5_972_598, central: 576_145, non_state: 3_073_000 },
    });
    expect(round.body.dueDate).toBe('2026-12-15');
    // The new figures meet the sums, and the due date is ahead again: nobody is missing yet.
    expect((await s.call('GET', `/api/v1/rounds/${ROUND}/flags?code=declared_total_mismatch`)).body.total).toBe(0);
    expect((await s.call('GET', `/api/v1/rounds/${ROUND}/flags?code=missing_submission`)).body.total).toBe(0);
    const audit = await s.db
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('round_id', '=', ROUND)
      .where('action', '=', 'round_update')
      .execute();
    expect(audit).toEqual([{ actor: 'Chuyên viên điều phối', action: 'round_update' }]);
  });

  it('closes a round: agencies can no longer send to it', async () => {
    const page = await coordinator.get(`/console/settings/${TEST_ROUND}`);
    expect(page.status).toBe(200);
    const res = await coordinator.post(`/console/settings/${TEST_ROUND}`, {
      name: 'Đợt thử nghiệm',
      dueDate: '2026-12-15',
      status: 'closed',
      expected: 'Sở Y tế\nSở Nông nghiệp và Môi trường',
    });
    expect(res.status).toBe(303);
    const put = await s.call('PUT', `/api/v1/rounds/${TEST_ROUND}/sheets/budget`, {
      token: s.tokens.yte,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 0, rows: budgetRowsLedBy('Sở Y tế') },
    });
    expect(put.status).toBe(409);
    expect(put.body.error.code).toBe('round_closed');
    await coordinator.post(`/console/settings/${TEST_ROUND}`, {
      name: 'Đợt thử nghiệm',
      dueDate: '2026-12-15',
      status: 'open',
      expected: 'Sở Y tế\nSở Nông nghiệp và Môi trường',
    });
  });

  it("previews which stored cells a new agency's names would match, then saves only what was previewed", async () => {
    // Sở Y tế names a partner the registry does not know yet.
    const rows = budgetRowsLedBy('Sở Y tế').map((r, i) =>
      i === 0 ? { ...r, partners: 'Trung tâm Y tế khu vực Bảo Thắng' } : r,
    );
    const put = await s.call('PUT', `/api/v1/rounds/${TEST_ROUND}/sheets/budget`, {
      token: s.tokens.yte,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 0, rows },
    });
    expect(put.status).toBe(200);

    await admin.get('/console/registry/new');
    const agency = {
      id: 'ttyt-khu-vuc-bao-thang',
      name: 'Trung tâm Y tế khu vực Bảo Thắng tỉnh Lào Cai',
      kind: 'public_unit',
      aliases: 'Trung tâm Y tế khu vực Bảo Thắng\nTTYT khu vực Bảo Thắng',
      formerly: '',
    };
    const preview = await admin.post('/console/registry/new/preview', agency);
    expect(preview.status).toBe(200);
    const table = visibleText(/<table id="effect-table">([\s\S]*?)<\/table>/.exec(preview.text)![1]!);
    expect(table).toContain('«Trung tâm Y tế khu vực Bảo Thắng» Phụ lục III, cột «Cơ quan phối hợp thực hiện»');
    expect(table).toMatch(
      /1 «Trung tâm Y tế khu vực Bảo Thắng» \(chưa nhận ra\) Trung tâm Y tế khu vực Bảo Thắng tỉnh Lào Cai/,
    );
    expect(table).toContain(`đợt ${TEST_ROUND}`);
    // Nothing is saved by a preview.
    expect(
      (await s.call('GET', '/api/v1/registry')).body.agencies.some(
        (a: { id: string }) => a.id === 'ttyt-khu-vuc-bao-thang',
      ),
    ).toBe(false);
    // A save whose fields differ from the preview is previewed again, not saved.
    const changed = await admin.post('/console/registry/new', { ...agency, aliases: 'TTYT Bảo Thắng' });
    expect(visibleText(changed.text)).toContain('Nội dung đã thay đổi sau lần xem trước');
    const previewed = /name="previewed" value="([^"]+)"/.exec(preview.text)![1]!;
    const saved = await admin.post('/console/registry/new', { ...agency, previewed });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/console/registry/ttyt-khu-vuc-bao-thang?saved=1');
    const registry = await s.call('GET', '/api/v1/registry', { token: s.tokens.yte });
    expect(registry.body.agencies).toContainEqual({
      id: 'ttyt-khu-vuc-bao-thang',
      name: 'Trung tâm Y tế khu vực Bảo Thắng tỉnh Lào Cai',
      kind: 'public_unit',
      aliases: ['Trung tâm Y tế khu vực Bảo Thắng', 'TTYT khu vực Bảo Thắng'],
      formerly: [],
    });
    expect(visibleText((await admin.get('/console/registry?q=khu vuc bao thang')).text)).toContain(
      'Tìm thấy 1 cơ quan',
    );
  });

  it('refuses a name that already means another agency, and says which', async () => {
    const sYte = await admin.get('/console/registry/so-y-te');
    expect(sYte.text).toContain('SYT');
    const preview = await admin.post('/console/registry/so-y-te/preview', {
      name: 'Sở Y tế',
      kind: 'department',
      aliases: 'SYT\nSở Tài chính',
      formerly: '',
    });
    expect(preview.status).toBe(409);
    expect(visibleText(preview.text)).toContain(
      '«Sở Tài chính» đã là tên của «Sở Tài chính» trong danh mục; hãy bỏ tên này.',
    );
    expect(preview.text).not.toContain('Lưu thay đổi');
    const harmless = await admin.post('/console/registry/so-y-te/preview', {
      name: 'Sở Y tế',
      kind: 'department',
      aliases: 'SYT\nSở Y tế tỉnh Lào Cai\nY tế\nSở Y tế LC',
      formerly: '',
    });
    expect(harmless.status).toBe(200);
    expect(visibleText(harmless.text)).toContain('Không ô nào trong số liệu đã gửi được nhận diện khác đi.');
  });

  it('issues a token shown once, and revokes it', async () => {
    await admin.get('/console/tokens');
    const noAgency = await admin.post('/console/tokens', { role: 'agency', agency: '', label: '' });
    expect(noAgency.status).toBe(422);
    expect(visibleText(noAgency.text)).toContain('Mã truy cập của cơ quan phải gắn với một cơ quan');
    const unknown = await admin.post('/console/tokens', { role: 'agency', agency: 'Sở Không Có', label: '' });
    expect(visibleText(unknown.text)).toContain('Không có cơ quan «Sở Không Có» trong danh mục.');
    const issued = await admin.post('/console/tokens', {
      role: 'validator',
      agency: '',
      label: 'Trần Văn Thẩm, Sở Tài chính',
    });
    expect(issued.status).toBe(200);
    const token = /<p class="token">(th_[\w-]+)<\/p>/.exec(issued.text)![1]!;
    expect(visibleText(issued.text)).toContain(
      'Đã cấp mã truy cập cho Trần Văn Thẩm, Sở Tài chính (Chuyên viên thẩm định).',
    );
    // The list never shows a token again.
    expect((await admin.get('/console/tokens')).text).not.toContain(token);
    const user = new Visitor(s);
    expect((await user.signIn(token)).status).toBe(303);
    const agencyToken = await admin.post('/console/tokens', { role: 'agency', agency: 'Sở KH&CN', label: '' });
    // Without a label, the token is named after its agency: that name is who the audit trail says acted.
    expect(visibleText(agencyToken.text)).toContain(
      'Đã cấp mã truy cập cho Sở Khoa học và Công nghệ (Cơ quan, đơn vị).',
    );

    const row = await s.db
      .selectFrom('tokens')
      .select('id')
      .where('label', '=', 'Trần Văn Thẩm, Sở Tài chính')
      .executeTakeFirstOrThrow();
    await admin.get('/console/tokens');
    const revoked = await admin.post(`/console/tokens/${row.id}/revoke`, {});
    expect(revoked.status).toBe(303);
    expect(visibleText((await admin.get(revoked.location!)).text)).toContain('Đã thu hồi mã truy cập.');
    expect((await user.get('/console')).status).toBe(303);
    expect((await new Visitor(s).signIn(token)).status).toBe(401);
    expect((await admin.post(`/console/tokens/${row.id}/revoke`, {})).status).toBe(404);
    // A validator's token without a label is named after the role, and the header says it once.
    const unnamed = /<p class="token">(th_[\w-]+)<\/p>/.exec(
      (await admin.post('/console/tokens', { role: 'validator', agency: '', label: '' })).text,
    )![1]!;
    const plain = new Visitor(s);
    await plain.signIn(unnamed);
    const header = visibleText(
      /<form method="post" action="\/console\/sign-out" class="who">([\s\S]*?)<\/form>/.exec(
        (await plain.get('/console')).text,
      )![1]!,
    );
    expect(header).toBe('Chuyên viên thẩm định Đăng xuất');
    // Who issued and revoked it is in the audit trail, the token itself nowhere.
    const audit = await s.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'round_id', 'before', 'after'])
      .where('table_name', '=', 'tokens')
      .where('uid', '=', row.id)
      .orderBy('id')
      .execute();
    const who = { role: 'validator', agencyId: null, label: 'Trần Văn Thẩm, Sở Tài chính' };
    expect(audit).toEqual([
      { actor: 'Quản trị', action: 'token_create', round_id: null, before: null, after: who },
      { actor: 'Quản trị', action: 'token_revoke', round_id: null, before: who, after: null },
    ]);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("records who changed an agency in the registry, and shows it on the agency's page", async () => {
    const before = (await s.call('GET', '/api/v1/registry')).body.agencies.find(
      (a: { id: string }) => a.id === 'so-tai-chinh',
    );
    const saved = await s.call('PUT', '/api/v1/registry/agencies/so-tai-chinh', {
      token: s.tokens.admin,
      body: { ...before, id: undefined, aliases: [...before.aliases, 'STC tỉnh'] },
    });
    expect(saved.status).toBe(200);
    const audit = await s.db
      .selectFrom('audit_log')
      .select(['actor', 'role', 'action', 'round_id', 'before', 'after'])
      .where('table_name', '=', 'agencies')
      .where('uid', '=', 'so-tai-chinh')
      .execute();
    expect(audit).toEqual([
      {
        actor: 'Quản trị',
        role: 'admin',
        action: 'agency_update',
        round_id: null,
        before,
        after: { ...before, aliases: [...before.aliases, 'STC tỉnh'] },
      },
    ]);
    const page = visibleText((await admin.get('/console/registry/so-tai-chinh')).text);
    expect(page).toContain('Lịch sử thay đổi trong danh mục');
    expect(page).toMatch(/Quản trị Sửa cơ quan trong danh mục Tên gọi khác: thêm «STC tỉnh»/);
    // A new agency's page starts its history with its addition (ttyt-khu-vuc-bao-thang, added above through the console).
    expect(visibleText((await admin.get('/console/registry/ttyt-khu-vuc-bao-thang')).text)).toMatch(
      /Thêm cơ quan vào danh mục Tên: Trung tâm Y tế khu vực Bảo Thắng tỉnh Lào Cai; loại: Đơn vị sự nghiệp; tên gọi khác: «Trung tâm Y tế khu vực Bảo Thắng», «TTYT khu vực Bảo Thắng»/,
    );
  });
});
