/**
 * A validator works through the review queue of the demo round with the every-code scenario:
 * filters, sorts and pages; opens a flag and sees its rows side by side with their history;
 * accepts, dismisses and returns flags. Each decision is in the audit trail with its author, a
 * returned row's comment reaches the agency's sheet, and the coordinator's counts move.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { FLAG_RULES } from '../../domain/index.js';
import { SCENARIO_CONFLICT_AGENCIES } from '../../service/demo/flag-scenario.js';
import { newKey, type Service } from '../service/harness.js';
import { links, ROUND, startConsoleService, Visitor, visibleText } from './harness.js';

const queue = (query = '') => `/console/rounds/${ROUND}/flags${query ? `?${query}` : ''}`;
const flagLinks = (html: string) => [...new Set(links(html, /\/flags\/[^/?]+(\?|$)/).map((h) => h.split('?')[0]!))];
const total = (html: string) => Number((/Có ([\d.]+) cảnh báo/.exec(visibleText(html))?.[1] ?? '0').replace(/\./g, ''));

describe.each(testDatabases())('review console on %s', (kind) => {
  let s: Service;
  let validator: Visitor;
  let coordinator: Visitor;
  beforeAll(async () => {
    s = await startConsoleService(kind);
    validator = new Visitor(s);
    coordinator = new Visitor(s);
    await validator.signIn(s.tokens.validator);
    await coordinator.signIn(s.tokens.coordinator);
  }, 120_000);
  afterAll(async () => {
    await s.close();
  });

  it('lists flags of every code, 50 a page, the same number the API counts', async () => {
    const api = await s.call('GET', `/api/v1/rounds/${ROUND}/flags?limit=1`);
    const first = await validator.get(queue());
    expect(first.status).toBe(200);
    expect(total(first.text)).toBe(api.body.total);
    expect(api.body.total).toBeGreaterThan(50);
    expect(flagLinks(first.text)).toHaveLength(50);
    const second = await validator.get(queue('page=2'));
    expect(flagLinks(second.text)).toHaveLength(api.body.total - 50);
    expect(flagLinks(second.text).some((l) => flagLinks(first.text).includes(l))).toBe(false);
    // The demo round is a plan round: the scenario raises every code a plan round can have.
    for (const { code } of FLAG_RULES.filter((r) => r.rounds.includes('plan'))) {
      const page = await validator.get(queue(`code=${code}`));
      expect({ code, n: total(page.text) }).toEqual({ code, n: expect.any(Number) });
      expect(total(page.text), code).toBeGreaterThan(0);
    }
  });

  it('filters by agency, severity, status and section, and says what it filters by', async () => {
    const agency = await validator.get(queue('agency=so-tai-chinh'));
    const text = visibleText(agency.text);
    expect(text).toContain('với cơ quan «Sở Tài chính»');
    const api = await s.call('GET', `/api/v1/rounds/${ROUND}/flags?agency=so-tai-chinh`);
    expect(total(agency.text)).toBe(api.body.total);
    const errors = await validator.get(queue('severity=error'));
    expect(total(errors.text)).toBe((await s.call('GET', `/api/v1/rounds/${ROUND}/flags?severity=error`)).body.total);
    expect(visibleText(errors.text)).not.toContain('Cảnh báo Số liệu');
    const section = await validator.get(queue('section=II'));
    expect(total(section.text)).toBe((await s.call('GET', `/api/v1/rounds/${ROUND}/flags?section=II`)).body.total);
    // Values that mean nothing are ignored, not an error: the address was probably edited by hand.
    const odd = await validator.get(queue('code=khong-co&page=abc&sort=x'));
    expect(odd.status).toBe(200);
    expect(total(odd.text)).toBe(total((await validator.get(queue())).text));
  });

  it('sorts by each column both ways', async () => {
    for (const sort of ['severity', 'code', 'agency', 'section', 'status', 'updated']) {
      const up = await validator.get(queue(`sort=${sort}`));
      const down = await validator.get(queue(`sort=${sort}&dir=desc`));
      expect(up.status).toBe(200);
      expect(down.status).toBe(200);
      expect(up.text).toMatch(/aria-sort="ascending"/);
      expect(down.text).toMatch(/aria-sort="descending"/);
    }
    // Errors first by default; the declared totals are the only errors.
    const table = async (query: string) =>
      visibleText((await validator.get(queue(query))).text.split('<table id="queue">')[1]!);
    const byDefault = await table('');
    expect(byDefault.indexOf('Lỗi Tổng kinh phí')).toBeLessThan(byDefault.indexOf('Cảnh báo'));
    const agencies = await table('sort=agency&code=missing_submission');
    expect(agencies.indexOf('Phường Sa Pa')).toBeLessThan(agencies.indexOf('Xã Y Tý'));
  });

  it("shows a flag's rows side by side, the figures that disagree and each row's history", async () => {
    const list = await validator.get(queue('code=conflicting_amounts&agency=so-y-te'));
    const [href] = flagLinks(list.text);
    expect(href).toBeDefined();
    const page = await validator.get(href!);
    const text = visibleText(page.text);
    expect(page.status).toBe(200);
    expect(text).toContain('Số liệu kinh phí không thống nhất');
    // Both agencies' rows, side by side, the differing amounts marked.
    expect(text).toMatch(/Sở Y tế — mục II\/A, TT 3 .*Sở Tài chính — mục II\/A/);
    expect(page.text).toMatch(/<td class="num differs">1\.120<span class="sr-only"> \(khác\)<\/span><\/td>/);
    expect(page.text).toMatch(/<td class="num differs">1\.300/);
    // The names agree, so they are not marked.
    expect(page.text).toMatch(/<td class="">Nhiệm vụ thúc đẩy kinh tế số lĩnh vực Y tế<\/td>/);
    // The figures table: each agency's total and years.
    expect(text).toMatch(/Sở Tài chính 6\.500 \(khác\) 1\.300/);
    // History from the audit trail: who sent the row, when.
    expect(text).toMatch(/Lịch sử dòng: Sở Tài chính — mục II\/A, TT \d+ \(1 lần thay đổi\)/);
    expect(text).toMatch(/\d\d\/\d\d\/\d{4} \d\d:\d\d Sở Tài chính Thêm dòng Gửi dòng lần đầu/);
    // The decision form: three choices, a note, the CSRF field.
    expect(page.text).toMatch(/name="action" value="accept"/);
    expect(page.text).toMatch(/name="action" value="dismiss"/);
    expect(page.text).toMatch(/name="action" value="return"/);
    expect(text).toMatch(/Trả lại cơ quan cho (Sở Tài chính, Sở Y tế|Sở Y tế, Sở Tài chính)/);
  });

  it("returns a flag to its agencies: the agency's next sheet GET shows the comment; audit and counts follow", async () => {
    const before = await countOnOverview(coordinator, 'conflicting_amounts', 'returned');
    const [href] = flagLinks((await validator.get(queue('code=conflicting_amounts&agency=so-y-te'))).text);
    await validator.get(href!);
    const note = 'Đề nghị Sở Y tế và Sở Tài chính thống nhất số kinh phí năm 2026–2030 cho nhiệm vụ này.';
    const posted = await validator.post(href!, {
      action: 'return',
      note,
      from: 'code=conflicting_amounts&agency=so-y-te',
    });
    expect(posted.status).toBe(303);
    expect(posted.location).toMatch(/\?done=return&from=code%3Dconflicting_amounts%26agency%3Dso-y-te$/);
    const after = await validator.get(posted.location!);
    expect(visibleText(after.text)).toContain('Đã trả lại cho cơ quan');
    expect(visibleText(after.text)).toContain('Chuyên viên thẩm định: Trả lại cơ quan («Đề nghị Sở Y tế');

    // The agency, in Excel, reads its sheet through the API: the comment is on its row.
    const sheet = await s.call('GET', `/api/v1/rounds/${ROUND}/sheets/budget`, { token: s.tokens.yte });
    expect(sheet.status).toBe(200);
    expect(sheet.body.comments).toContainEqual(
      expect.objectContaining({ body: note, author: 'Chuyên viên thẩm định', flagId: href!.split('/').pop() }),
    );
    for (const agency of SCENARIO_CONFLICT_AGENCIES) {
      const comments = await s.db
        .selectFrom('comments')
        .select('body')
        .where('agency_id', '=', agency)
        .where('body', '=', note)
        .execute();
      expect(comments, agency).toHaveLength(1);
    }
    const audit = await s.db
      .selectFrom('audit_log')
      .select(['actor', 'role', 'action', 'note'])
      .where('action', '=', 'flag_return')
      .execute();
    expect(audit).toContainEqual({ actor: 'Chuyên viên thẩm định', role: 'validator', action: 'flag_return', note });
    // The coordinator's overview counts one more returned flag of that code.
    expect(await countOnOverview(coordinator, 'conflicting_amounts', 'returned')).toBe(before + 1);
  });

  it('returns a flag about two agencies to the one the reviewer ticks, and to no one unticked', async () => {
    const list = await validator.get(queue('code=conflicting_lead&status=open&table=tasks'));
    const href = flagLinks(list.text).find(Boolean)!;
    const page = await validator.get(href);
    const boxes = [...page.text.matchAll(/<input type="checkbox" name="return_to" value="([^"]+)" checked=""/g)].map(
      (m) => m[1]!,
    );
    expect(boxes.length).toBeGreaterThan(1);
    expect(visibleText(page.text)).toContain('Khi trả lại, gửi cho cơ quan nào');
    const none = await validator.post(href, { action: 'return', note: 'Đề nghị rà soát.', return_choice: '1' });
    expect(none.status).toBe(422);
    expect(visibleText(none.text)).toContain('Hãy chọn cơ quan nhận lại cảnh báo');
    const [chosen, other] = boxes;
    const note = 'Đề nghị cơ quan chủ trì ghi lại đúng tên cơ quan chủ trì như kế hoạch.';
    const res = await validator.post(href, { action: 'return', note, return_choice: '1', return_to: chosen! });
    expect(res.status).toBe(303);
    const comments = await s.db
      .selectFrom('comments')
      .select('agency_id')
      .where('flag_id', '=', href.split('/').pop()!)
      .where('body', '=', note)
      .execute();
    expect(new Set(comments.map((c) => c.agency_id))).toEqual(new Set([chosen]));
    expect(comments.some((c) => c.agency_id === other)).toBe(false);
    const after = visibleText((await validator.get(res.location!)).text);
    expect(after).toContain('Đã trả lại cho cơ quan');
    // The API takes the same choice.
    const [second] = flagLinks((await validator.get(queue('code=conflicting_lead&status=open&table=tasks'))).text);
    const flagId = second!.split('/').pop()!;
    const flag = (await s.call('GET', `/api/v1/rounds/${ROUND}/flags?code=conflicting_lead&limit=100`)).body.flags.find(
      (f: { id: string }) => f.id === flagId,
    );
    const target = flag.rows[0].agencyId as string;
    const api = await s.call('POST', `/api/v1/rounds/${ROUND}/flags/${flagId}/review`, {
      body: { action: 'return', note, returnTo: [target] },
    });
    expect(api.status).toBe(200);
    const sent = await s.db.selectFrom('comments').select('agency_id').where('flag_id', '=', flagId).execute();
    expect(new Set(sent.map((c) => c.agency_id))).toEqual(new Set([target]));
    const bad = await s.call('POST', `/api/v1/rounds/${ROUND}/flags/${flagId}/review`, {
      body: { action: 'return', note, returnTo: ['so-khong-co'] },
    });
    expect(bad.status).toBe(422);
  });

  it('requires a note to return or dismiss, and a decision at all; keeps what was typed', async () => {
    const [href] = flagLinks((await validator.get(queue('code=possible_duplicate&status=open'))).text);
    await validator.get(href!);
    const noNote = await validator.post(href!, { action: 'return', note: '   ' });
    expect(noNote.status).toBe(422);
    expect(visibleText(noNote.text)).toContain('Khi trả lại cho cơ quan cần ghi rõ nội dung đề nghị sửa.');
    expect(noNote.text).toMatch(/value="return" checked=""/);
    const noAction = await validator.post(href!, { note: 'Ghi chú dở dang' });
    expect(noAction.status).toBe(422);
    expect(visibleText(noAction.text)).toContain('Hãy chọn một quyết định');
    expect(noAction.text).toContain('Ghi chú dở dang</textarea>');
  });

  it('accepts with a note, recorded with its author', async () => {
    const [href] = flagLinks((await validator.get(queue('code=unlinked_budget&status=open'))).text);
    await validator.get(href!);
    const res = await validator.post(href!, {
      action: 'accept',
      note: 'Dòng kinh phí chung, không gắn riêng nhiệm vụ nào.',
    });
    expect(res.status).toBe(303);
    const page = visibleText((await validator.get(res.location!)).text);
    expect(page).toContain('Đã xác nhận cảnh báo này: số liệu có sai sót.');
    expect(page).toContain('Chuyên viên thẩm định: Xác nhận có sai sót («Dòng kinh phí chung');
    // The next open flag of the list is offered.
    expect(page).toMatch(/Xem cảnh báo chưa xử lý tiếp theo|Không còn cảnh báo chưa xử lý/);
  });

  it('keeps a dismissed flag suppressed while its rows are unchanged, and brings it back when they change', async () => {
    const [href] = flagLinks((await validator.get(queue('code=submitter_not_involved'))).text);
    const id = href!.split('/').pop()!;
    await validator.get(href!);
    expect(
      (
        await validator.post(href!, {
          action: 'dismiss',
          note: 'Xã Bát Xát phối hợp thực tế, chỉ thiếu tên trong danh sách.',
        })
      ).status,
    ).toBe(303);
    await s.call('POST', `/api/v1/rounds/${ROUND}/flags/recompute`);
    expect(visibleText((await validator.get(queue('status=dismissed&code=submitter_not_involved'))).text)).toContain(
      'Có 1 cảnh báo',
    );

    // Xã Bát Xát changes the row: the flag is about something new and is open again.
    const sheet = await s.call('GET', `/api/v1/rounds/${ROUND}/sheets/tasks?agency=xa-bat-xat`);
    const rows = sheet.body.rows.map(({ findings: _f, ...r }: Record<string, unknown>) => ({
      ...r,
      output: 'Cơ sở dữ liệu đất đai cấp xã',
    }));
    const put = await s.call('PUT', `/api/v1/rounds/${ROUND}/sheets/tasks?agency=xa-bat-xat`, {
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: sheet.body.version, rows },
    });
    expect(put.status).toBe(200);
    expect(total((await validator.get(queue('status=dismissed&code=submitter_not_involved'))).text)).toBe(0);
    const reopened = await validator.get(`/console/rounds/${ROUND}/flags/${id}`);
    expect(visibleText(reopened.text)).toContain('Chưa xử lý');
    // The history keeps the earlier decision and the row's change.
    expect(visibleText(reopened.text)).toContain('Bỏ qua, số liệu đúng');
    expect(visibleText(reopened.text)).toMatch(
      /Sửa dòng Kết quả \/ Sản phẩm: Cơ sở dữ liệu đất đai → Cơ sở dữ liệu đất đai cấp xã/,
    );
  });

  it('lets a coordinator decide too, and refuses a flag that does not exist', async () => {
    const [href] = flagLinks((await coordinator.get(queue('code=missing_submission&status=open'))).text);
    await coordinator.get(href!);
    expect((await coordinator.post(href!, { action: 'accept', note: '' })).status).toBe(303);
    const audit = await s.db
      .selectFrom('audit_log')
      .select(['actor', 'role'])
      .where('action', '=', 'flag_accept')
      .where('role', '=', 'coordinator')
      .execute();
    expect(audit).toEqual([{ actor: 'Chuyên viên điều phối', role: 'coordinator' }]);
    const missing = await validator.get(`/console/rounds/${ROUND}/flags/khong-co-co-nay`);
    expect(missing.status).toBe(404);
    expect(visibleText(missing.text)).toContain('Không có cảnh báo này trong đợt.');
    expect((await validator.get('/console/rounds/khong-co-dot/flags')).status).toBe(404);
  });
});

/** The number in the overview's flag table for a code and status. */
async function countOnOverview(v: Visitor, code: string, status: string): Promise<number> {
  const page = await v.get(`/console/rounds/${ROUND}`);
  const rows = page.text.split('<tr>');
  const label = { conflicting_amounts: 'Số liệu kinh phí không thống nhất' }[code]!;
  const row = rows.find((r) => r.includes(`<th scope="row">${label}</th>`))!;
  const cell = new RegExp(`data-status="${status}">(?:<a[^>]*>)?(\\d+)`).exec(row);
  return Number(cell![1]);
}
