/**
 * A validator works through many flags at once in the review queue of the demo round: searches
 * the messages, filters by table, reads the table in the «Bảng · mục» column, ticks the whole
 * page, accepts every flag of a filtered set after a confirmation that names the count, and
 * downloads the filtered list as .xlsx. The merged table is searched the same way.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import type { Service } from '../service/harness.js';
import { links, ROUND, startConsoleService, Visitor, visibleText } from './harness.js';

const queue = (query = '') => `/console/rounds/${ROUND}/flags${query ? `?${query}` : ''}`;
const flagIds = (html: string) => [...html.matchAll(/name="id" value="([^"]+)"/g)].map((m) => m[1]!);
const total = (html: string) => Number((/Có ([\d.]+) cảnh báo/.exec(visibleText(html))?.[1] ?? '0').replace(/\./g, ''));
const cells = (html: string, col: number) =>
  [...(html.split('<table id="queue">')[1] ?? '').split('</table>')[0]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .slice(1)
    .map((m) => visibleText([...m[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)][col]?.[1] ?? ''));

describe.each(testDatabases())('bulk review in the console on %s', (kind) => {
  let s: Service;
  let validator: Visitor;
  beforeAll(async () => {
    s = await startConsoleService(kind);
    validator = new Visitor(s);
    await validator.signIn(s.tokens.validator);
  }, 120_000);
  afterAll(async () => {
    await s.close();
  });

  it('searches the messages whatever their case, and says so when nothing matches', async () => {
    const all = total((await validator.get(queue())).text);
    const lower = await validator.get(queue('q=sở y tế'));
    const upper = await validator.get(queue(`q=${encodeURIComponent('SỞ Y TẾ')}`));
    expect(total(lower.text)).toBeGreaterThan(0);
    expect(total(lower.text)).toBeLessThan(all);
    expect(total(upper.text)).toBe(total(lower.text));
    expect(visibleText(lower.text)).toContain('với nội dung có «sở y tế»');
    expect(lower.text).toContain('value="sở y tế"');
    const flags = await s.db.selectFrom('flags').select('message').where('resolved_at', 'is', null).execute();
    expect(total(lower.text)).toBe(flags.filter((f) => f.message.toLocaleLowerCase('vi').includes('sở y tế')).length);
    // "%" and "_" are letters here, not wildcards.
    const none = await validator.get(queue('q=%25_%25'));
    expect(visibleText(none.text)).toContain('Không có cảnh báo nào với nội dung có «%_%»');
    expect(none.text).not.toContain('<table id="queue">');
  });

  it('filters by table and names the table beside the section', async () => {
    const tasks = await validator.get(queue('table=tasks'));
    const budget = await validator.get(queue('table=budget'));
    expect(total(tasks.text)).toBeGreaterThan(0);
    expect(total(budget.text)).toBeGreaterThan(0);
    expect(visibleText(tasks.text)).toContain('với bảng «Phụ lục II — Danh mục nhóm nhiệm vụ trọng tâm»');
    const places = cells(tasks.text, 5);
    expect(places.length).toBeGreaterThan(0);
    for (const place of places) expect(place).toMatch(/Phụ lục II( · |$|;)/);
    // A conflict between a task and its budget line names both tables.
    const both = cells((await validator.get(queue('code=conflicting_lead'))).text, 5);
    expect(both.some((p) => /^Phụ lục II · [IVX/A-Z, ]+; Phụ lục III · /.test(p))).toBe(true);
  });

  it('ticks every flag of the page with one link, without a script', async () => {
    const page = await validator.get(queue('select=page'));
    const boxes = [...page.text.matchAll(/<input type="checkbox" form="bulk" name="id"[^>]*>/g)].map((m) => m[0]);
    expect(boxes).toHaveLength(50);
    for (const box of boxes) expect(box).toContain('checked');
    const plain = await validator.get(queue());
    expect(plain.text).not.toMatch(/<input type="checkbox" form="bulk"[^>]*checked/);
    expect(links(plain.text, /select=page/)).toHaveLength(1);
  });

  it('accepts every flag of a filtered set after a confirmation naming the count', async () => {
    const from = 'code=possible_duplicate&status=open';
    const listed = await validator.get(queue(from));
    const n = total(listed.text);
    expect(n).toBeGreaterThan(1);
    const confirm = await validator.post(queue().replace(/$/, '/bulk'), {
      action: 'accept',
      scope: 'filter',
      from,
      note: 'Các nhiệm vụ cùng mẫu của nhiều cơ quan.',
    });
    expect(confirm.status).toBe(200);
    expect(visibleText(confirm.text)).toContain(
      `Sẽ ghi nhận «Xác nhận có sai sót» cho ${n.toLocaleString('vi-VN')} cảnh báo`,
    );
    // Nothing changes before the confirmation.
    expect(total((await validator.get(queue(from))).text)).toBe(n);
    const form = Object.fromEntries(
      [
        ...confirm.text.split('id="bulk-confirm"')[1]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g),
      ].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')]),
    );
    expect(form.expected).toBe(String(n));
    const applied = await validator.post(`${queue()}/bulk/apply`, form);
    expect(applied.status).toBe(303);
    const after = await validator.get(applied.location!);
    expect(visibleText(after.text)).toContain(
      `Đã ghi nhận «Xác nhận có sai sót» cho ${n.toLocaleString('vi-VN')} cảnh báo.`,
    );
    expect(total(after.text)).toBe(0);
    expect(total((await validator.get(queue('code=possible_duplicate&status=accepted'))).text)).toBe(n);
    const audit = await s.db
      .selectFrom('audit_log')
      .select(['actor', 'note'])
      .where('action', '=', 'flag_accept')
      .where('note', '=', 'Các nhiệm vụ cùng mẫu của nhiều cơ quan.')
      .execute();
    expect(audit).toHaveLength(n);
    expect(new Set(audit.map((a) => a.actor))).toEqual(new Set(['Chuyên viên thẩm định']));
  });

  it('refuses to act when the set changed since the confirmation, and changes nothing', async () => {
    const from = 'code=missing_submission&status=open';
    const n = total((await validator.get(queue(from))).text);
    expect(n).toBeGreaterThan(1);
    const before = await s.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const res = await validator.post(`${queue()}/bulk/apply`, {
      action: 'accept',
      scope: 'filter',
      from,
      note: '',
      expected: String(n + 1),
    });
    expect(res.status).toBe(409);
    expect(visibleText(res.text)).toContain(`nay có ${n.toLocaleString('vi-VN')} cảnh báo thay vì`);
    expect(visibleText(res.text)).toContain(`Xác nhận cho ${n.toLocaleString('vi-VN')} cảnh báo`);
    expect(total((await validator.get(queue(from))).text)).toBe(n);
    const after = await s.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('dismisses only the ticked flags, and asks for a reason first', async () => {
    const from = 'code=missing_submission&status=open';
    const page = await validator.get(queue(from));
    const n = total(page.text);
    const [a, b] = flagIds(page.text);
    const noNote = await validator.post(`${queue()}/bulk`, {
      action: 'dismiss',
      scope: 'selected',
      from,
      id: [a!, b!],
    });
    expect(noNote.status).toBe(422);
    expect(visibleText(noNote.text)).toContain('Cần ghi lý do');
    const nothing = await validator.post(`${queue()}/bulk`, { action: 'accept', scope: 'selected', from });
    expect(nothing.status).toBe(422);
    expect(visibleText(nothing.text)).toContain('Chưa chọn cảnh báo nào');
    const confirm = await validator.post(`${queue()}/bulk`, {
      action: 'dismiss',
      scope: 'selected',
      from,
      id: [a!, b!],
      note: 'Hai xã đã báo cáo bằng văn bản giấy.',
    });
    expect(visibleText(confirm.text)).toContain(
      'Sẽ ghi nhận «Bỏ qua, số liệu đúng» cho 2 cảnh báo: các cảnh báo đã chọn',
    );
    const form = new Map<string, string[]>();
    for (const m of confirm.text
      .split('id="bulk-confirm"')[1]!
      .matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
      form.set(m[1]!, [...(form.get(m[1]!) ?? []), m[2]!.replace(/&amp;/g, '&')]);
    const body = Object.fromEntries([...form].map(([k, v]) => [k, v.length === 1 ? v[0]! : v]));
    expect((await validator.post(`${queue()}/bulk/apply`, body)).status).toBe(303);
    expect(total((await validator.get(queue(from))).text)).toBe(n - 2);
    const dismissed = await s.db.selectFrom('flags').select('id').where('status', '=', 'dismissed').execute();
    expect(dismissed.map((d) => d.id).sort()).toEqual([a, b].sort());
  });

  it('downloads the filtered list as .xlsx with its filters, a line per flag, print titles and an autofilter', async () => {
    const from = 'table=budget';
    const n = total((await validator.get(queue(from))).text);
    const res = await s.app.request(`/console/rounds/${ROUND}/flags.xlsx?${from}`, {
      headers: { cookie: validator.cookie!, host: 'localhost' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('canh-bao.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getCell(1, 1).value).toBe('DANH SÁCH CẢNH BÁO CẦN XEM XÉT');
    expect(String(sheet.getCell(2, 1).value)).toMatch(/lấy lúc \d+:\d\d ngày/);
    expect(String(sheet.getCell(3, 1).value)).toContain(
      `bảng «Phụ lục III — Tổng hợp kinh phí thực hiện»; ${n} cảnh báo`,
    );
    const header = sheet.getRow(5).values as unknown[];
    expect(header.slice(1, 5)).toEqual(['TT', 'Mức độ', 'Loại cảnh báo', 'Nội dung']);
    expect(sheet.rowCount - 5).toBe(n);
    expect(sheet.pageSetup.printTitlesRow).toBe('5:5');
    expect(sheet.autoFilter).toBeTruthy();
    const places = Array.from({ length: n }, (_, i) => String(sheet.getCell(6 + i, 6).value));
    for (const p of places) expect(p).toContain('Phụ lục III');
  });

  it('lets no administrator decide flags in bulk, and no one without the CSRF field', async () => {
    const admin = new Visitor(s);
    await admin.signIn(s.tokens.admin);
    const form = { action: 'accept', scope: 'filter', from: 'code=unlinked_budget', expected: '1' };
    expect((await admin.post(`${queue()}/bulk`, form)).status).toBe(403);
    expect((await admin.post(`${queue()}/bulk/apply`, form)).status).toBe(403);
    expect((await validator.post(`${queue()}/bulk/apply`, form, { csrf: null })).status).toBe(403);
    const changed = await s.db
      .selectFrom('flags')
      .select('id')
      .where('code', '=', 'unlinked_budget')
      .where('status', '=', 'accepted')
      .execute();
    expect(changed).toHaveLength(0);
  });

  it('searches the merged table, keeping the headings of the rows found', async () => {
    const page = await validator.get(`/console/rounds/${ROUND}/merged/tasks?q=${encodeURIComponent('chuyển đổi số')}`);
    expect(page.status).toBe(200);
    const found = /([\d.]+) dòng có «chuyển đổi số»/.exec(visibleText(page.text));
    expect(found).not.toBeNull();
    const rows = [
      ...page.text
        .split('<table id="merged">')[1]!
        .matchAll(/<tr class="(item|subitem|section|subsection)[^"]*"[^>]*>([\s\S]*?)<\/tr>/g),
    ];
    const items = rows.filter((r) => r[1] === 'item' || r[1] === 'subitem');
    expect(items.length).toBe(Number(found![1]!.replace(/\./g, '')));
    for (const r of items) expect(visibleText(r[2]!).toLocaleLowerCase('vi')).toContain('chuyển đổi số');
    expect(rows[0]![1]).toBe('section');
    const none = await validator.get(`/console/rounds/${ROUND}/merged/tasks?q=khongcodongnao`);
    expect(visibleText(none.text)).toContain('Không có dòng nào có «khongcodongnao».');
    expect(none.text).not.toContain('<table id="merged">');
  });
});
