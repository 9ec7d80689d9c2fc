/**
 * The built task pane (dist/addin/, served by the real service) in headless Chromium, with a fake
 * Excel host in place of office.js, against a running service on PGlite: sign in, insert the
 * budget table, type rows with mistakes, check, fix with a suggestion, sync, sync a change, a
 * copied row, reviewers' comments, a 409, the offline queue (service stopped, then started; the
 * workbook closed and reopened), and the merged sheet for a coordinator.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newKey, ROUND, type Service, startService } from '../service/harness.js';
import { FAKE_OFFICE_JS } from './global-setup.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const required = process.env.TONGHOP_REQUIRE_BROWSER === '1';
if (!haveChromium && !required) console.warn('Chromium not found: browser suites skipped');

const OUT = fileURLToPath(new URL('../../test-output/browser/', import.meta.url));
const SHEET = 'PL III - Kinh phí';
const TABLE = 'TongHop_budget';

describe.runIf(haveChromium || required)('task pane in Chromium with a fake Excel host', () => {
  let s: Service;
  let server: Server;
  let port = 0;
  let ctx: BrowserContext;
  let page: Page;
  let profile: string;

  async function startHttp(): Promise<void> {
    server = serve({ fetch: s.app.fetch, port, hostname: '127.0.0.1' }) as Server;
    await new Promise((r) => server.once('listening', r));
    port = (server.address() as AddressInfo).port;
  }
  async function stopHttp(): Promise<void> {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }

  const paneUrl = (extra = '') => `http://127.0.0.1:${port}/addin/taskpane.html?retryBaseMs=400${extra}`;
  /** Run a function against the fake host in the page. */
  const fx = <T>(fn: string, ...args: unknown[]) =>
    page.evaluate(([body, a]) => new Function('f', 'args', body)((window as any).__fakeExcel, a), [
      fn,
      args,
    ] as const) as Promise<T>;
  const notice = () => page.locator('.slot-notice .notice').innerText();
  async function waitNotice(text: string, timeout = 15_000): Promise<string> {
    try {
      await page.waitForFunction(
        (t) => document.querySelector('.slot-notice .notice')?.textContent?.includes(t) ?? false,
        text,
        { timeout },
      );
    } catch (e) {
      const shown = await page
        .locator('.slot-notice')
        .innerText()
        .catch(() => '(không có)');
      throw new Error(`Chờ thông báo «${text}» nhưng bảng điều khiển đang hiện: «${shown}»`, { cause: e });
    }
    return notice();
  }
  async function signIn(token: string): Promise<void> {
    await page.fill('#token', token);
    await page.click('button[type=submit]');
    await page.waitForSelector('#act-insert');
  }

  beforeAll(async () => {
    if (!haveChromium)
      throw new Error(`Chromium not found at ${CHROMIUM}, and TONGHOP_REQUIRE_BROWSER=1 asks for the browser suites.`);
    mkdirSync(OUT, { recursive: true });
    s = await startService('pglite');
    await startHttp();
    profile = mkdtempSync(join(tmpdir(), 'tonghop-chromium-'));
    ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 360, height: 900 },
      locale: 'vi-VN',
    });
    const fakeOffice = readFileSync(FAKE_OFFICE_JS, 'utf8');
    await ctx.route('https://appsforoffice.microsoft.com/**', (r) =>
      r.fulfill({ contentType: 'text/javascript', body: fakeOffice }),
    );
    page = await ctx.newPage();
    page.on('pageerror', (e) => console.error('pane error:', e));
    await page.goto(paneUrl());
  }, 180_000);

  afterAll(async () => {
    await ctx?.close();
    if (server?.listening) await stopHttp();
    await s?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('is served by the service with the right content types', async () => {
    const html = await fetch(`http://127.0.0.1:${port}/addin/taskpane.html`);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const js = await fetch(`http://127.0.0.1:${port}/addin/taskpane.js`, { headers: { 'accept-encoding': 'br' } });
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('content-encoding')).toBe('br');
    expect((await fetch(`http://127.0.0.1:${port}/addin/assets/icon-32.png`)).headers.get('content-type')).toBe(
      'image/png',
    );
  });

  it('signs in with a token and shows the agency and the round', async () => {
    await page.fill('#token', 'th_sai-ma');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.signin [role=alert]').innerText()).toContain('Mã truy cập không đúng');
    await signIn(s.tokens.yte);
    expect(await page.locator('.tagline').innerText()).toContain('Sở Y tế');
    expect(await page.locator('#round option:checked').innerText()).toBe('Đợt thử nghiệm');
    expect(await page.locator('.slot-context').innerText()).toContain('Hạn gửi: 15/12/2026');
  });

  it('inserts the budget table as a real Excel table with formats and dropdowns', async () => {
    await page.selectOption('#table', 'budget');
    await page.click('#act-insert');
    expect(await waitNotice('Đã chèn bảng')).toContain(SHEET);
    const info = await fx<any>(`
      const t = f.table('${TABLE}');
      const sheet = f.sheet('${SHEET}');
      return { t, header: f.tableValues('${TABLE}')[0], code: f.cell('${SHEET}', 'B5'), total: f.cell('${SHEET}', 'F5'), lead: f.cell('${SHEET}', 'D5'),
        time: f.cell('${SHEET}', 'B5'), hidden: sheet.hidden, lookup: f.state.wb.sheets.find((x) => x.name === 'TongHop_DanhMuc').visibility,
        widths: sheet.widths, title: f.value('${SHEET}', 'A1'), unit: f.value('${SHEET}', 'A3'), freeze: sheet.freeze };`);
    expect(info.header).toEqual([
      'Mục',
      'TT',
      'Tên nhiệm vụ/hoạt động/dự án',
      'Cơ quan chủ trì thực hiện',
      'Cơ quan phối hợp thực hiện',
      'Nhu cầu vốn giai đoạn 2026 - 2030',
      'Năm 2026',
      'Năm 2027',
      'Năm 2028',
      'Năm 2029',
      'Năm 2030',
      'Ý kiến thẩm định',
      'Dấu kiểm tra',
      'uid',
    ]);
    expect(info.title).toBe('Phụ lục III — Tổng hợp kinh phí thực hiện');
    expect(info.unit).toBe('ĐVT: Triệu đồng');
    expect(info.code.f).toBe('@');
    expect(info.total.f).toBe('#,##0');
    expect(info.lead.dv.rule.list.source).toMatch(/^=TongHop_DanhMuc!\$A\$2:\$A\$\d+$/);
    expect(info.lead.dv.errorAlert.showAlert).toBe(false);
    expect(info.hidden).toEqual(expect.arrayContaining([12, 13]));
    expect(info.lookup).toBe('Hidden');
    expect(info.widths[2]).toBeGreaterThan(info.widths[1]);
    expect(info.freeze).toEqual({ rows: 4, cols: 2 });
  });

  it('checks the rows typed with mistakes, marks the cells and lists the findings', async () => {
    await page.uncheck('#live'); // this test drives the checks itself
    await fx(`
      f.user.type('${SHEET}', 'A5', [['I/A', '1', 'Xây dựng kho dữ liệu y tế số', 'Sở Y tê', 'Sở KH&CN', 300, 100, 100, 50, '', '']]);
      f.user.type('${SHEET}', 'A6', [['I/A', '2', 'Đào tạo nhân lực chuyển đổi số ngành y tế', 'Sở Y tế', '', 200, 40, 40, 40, 40, 40]]);
      f.user.type('${SHEET}', 'A7', [['I/B', '1', 'Ứng dụng trí tuệ nhân tạo hỗ trợ khám chữa bệnh', 'Sở Tài chính', '', 150, 150, '', '', '', '']]);`);
    await page.click('#act-check');
    expect(await waitNotice('Đã kiểm tra 3 dòng')).toContain('2 lỗi, 1 cảnh báo ở 1 dòng');
    const cells = await fx<any>(`return ['D5', 'E5', 'F5', 'D6'].map((a) => f.cell('${SHEET}', a));`);
    expect(cells[0].fill).toBe('#FDE7E9');
    expect(cells[1].fill).toBe('#FFF4CE');
    expect(cells[2].fill).toBe('#FDE7E9');
    expect(cells[3].fill).toBeUndefined();
    const notes = await fx<Record<string, string>>(`return f.notes('${SHEET}');`);
    expect(notes['4,3']).toMatch(/^\[TổngHợp\] Lỗi: Không tìm thấy cơ quan «Sở Y tê»/);
    expect(notes['4,3']).toContain('Gợi ý: «Sở Y tế»');
    const groups = page.locator('.findings .group');
    expect(await groups.count()).toBe(1);
    expect(await groups.first().locator('h3').innerText()).toContain('Dòng 5');
    expect(await page.locator('.findings .finding').count()).toBe(3);
    await page.screenshot({ path: join(OUT, 'pane-after-check.png'), fullPage: true });
  });

  it('selects the cell of a finding, with the mouse or the keyboard', async () => {
    await page.locator('.finding .goto').nth(1).click();
    await expect.poll(() => fx<any>('return f.state.wb.selection')).toMatchObject({ address: `'${SHEET}'!E5` });
    await page.locator('.finding .goto').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => fx<any>('return f.state.wb.selection')).toMatchObject({ address: `'${SHEET}'!D5` });
  });

  it('applies a suggestion in one click and clears the marks that no longer apply', async () => {
    await page.getByRole('button', { name: 'Sửa thành «Sở Y tế»' }).click();
    await waitNotice('1 lỗi, 1 cảnh báo');
    expect(await fx('return f.value(args[0], "D5")', SHEET)).toBe('Sở Y tế');
    expect(await fx<any>('return f.cell(args[0], "D5").fill', SHEET)).toBeUndefined();
    expect(Object.keys(await fx<Record<string, string>>(`return f.notes('${SHEET}');`))).toEqual(['4,4', '4,5']);
    await page.getByRole('button', { name: 'Sửa thành «250»' }).click();
    await waitNotice('1 cảnh báo ở 1 dòng');
    expect(await fx('return f.value(args[0], "F5")', SHEET)).toBe(250);
  });

  it('checks as the user types, without a click', async () => {
    await page.check('#live');
    await fx(`f.user.type('${SHEET}', 'D6', 'Sở Tài chánh');`);
    await page.waitForFunction(
      () => document.querySelector('.findings')?.textContent?.includes('Sở Tài chánh') ?? false,
      null,
      { timeout: 10_000 },
    );
    expect(await fx<any>('return f.cell(args[0], "D6").fill', SHEET)).toBe('#FDE7E9');
    await fx(`f.user.type('${SHEET}', 'D6', 'Sở Y tế');`);
    await page.waitForFunction(
      () => !document.querySelector('.findings')?.textContent?.includes('Sở Tài chánh'),
      null,
      { timeout: 10_000 },
    );
    expect(await fx<any>('return f.cell(args[0], "D6").fill', SHEET)).toBeUndefined();
    await page.uncheck('#live');
  });

  it('re-inserting the table keeps every row', async () => {
    await page.click('#act-insert');
    expect(await waitNotice('giữ nguyên')).toContain('giữ nguyên 3 dòng');
    expect((await fx<unknown[][]>(`return f.tableValues('${TABLE}')`)).length).toBe(4);
  });

  /** «Đồng bộ» shows the preview first; «Gửi» sends it. */
  async function previewThenSend(summary: RegExp): Promise<void> {
    await page.click('#act-sync');
    await page.waitForSelector('.preview');
    expect(await page.locator('.preview .summary').innerText()).toMatch(summary);
    await page.click('#preview-send');
  }

  it('previews a sync, sends it, then syncs a change and a copied row (its id is re-issued)', async () => {
    await page.click('#act-sync');
    await page.waitForSelector('.preview');
    // The row led by Sở Tài chính raises the flag «not involved»: said before sending.
    expect(await page.locator('.preview .summary').innerText()).toBe('Sẽ gửi: 3 dòng mới; 1 cảnh báo mới.');
    const listed = await page.locator('.preview .cells li').allInnerTexts();
    expect(listed[0]).toContain('Dòng 5');
    expect(listed[0]).toContain('dòng mới: I/A · 1 · Xây dựng kho dữ liệu y tế số');
    await page.locator('.preview .cells .goto').nth(2).click();
    await expect.poll(() => fx<any>('return f.state.wb.selection')).toMatchObject({ address: `'${SHEET}'!C7` });
    await page.screenshot({ path: join(OUT, 'pane-preview.png'), fullPage: true });
    expect((await s.call('GET', `/api/v1/rounds/${ROUND}/sheets/budget`, { token: s.tokens.yte })).body.version).toBe(
      0,
    );
    await page.click('#preview-send');
    expect(await waitNotice('Đã đồng bộ')).toContain('phiên bản 1: 3 dòng mới');
    expect(await page.locator('.preview').count()).toBe(0);
    const first = await s.call('GET', `/api/v1/rounds/${ROUND}/sheets/budget`, { token: s.tokens.yte });
    expect(first.body.rows.map((r: any) => r.name)).toEqual([
      'Xây dựng kho dữ liệu y tế số',
      'Đào tạo nhân lực chuyển đổi số ngành y tế',
      'Ứng dụng trí tuệ nhân tạo hỗ trợ khám chữa bệnh',
    ]);
    expect(first.body.rows[0].lead).toBe('Sở Y tế');
    expect(await page.locator('.slot-context').innerText()).toContain('phiên bản 1');

    const row6 = await fx<unknown[]>(`return f.tableValues('${TABLE}')[2]`);
    await fx(`f.user.type('${SHEET}', 'C6', 'Đào tạo, bồi dưỡng nhân lực chuyển đổi số ngành y tế');`);
    // A whole row copied and pasted (its hidden id comes along), then renumbered and renamed.
    const copy = [...row6];
    copy[1] = '3';
    copy[2] = 'Tập huấn an toàn thông tin y tế';
    expect(copy[13]).toBe(row6[13]);
    await fx(`f.user.type('${SHEET}', 'A8', [args[0]]);`, copy);
    await previewThenSend(/^Sẽ gửi: 1 dòng mới, 1 dòng sửa[.;]/);
    expect(await waitNotice('phiên bản 2')).toContain('1 dòng mới, 1 dòng sửa, 2 dòng giữ nguyên');
    const uids = await fx<string[]>(`return f.tableValues('${TABLE}').slice(1).map((r) => r[13]);`);
    expect(new Set(uids).size).toBe(4);
  });

  it("shows reviewers' comments on their rows after a refresh", async () => {
    const flags = await s.call('GET', `/api/v1/rounds/${ROUND}/flags?code=submitter_not_involved`, {
      token: s.tokens.validator,
    });
    expect(flags.body.flags.length).toBeGreaterThan(0);
    const note = 'Sở Y tế không chủ trì cũng không phối hợp nhiệm vụ này; đề nghị chuyển cho Sở Tài chính gửi.';
    expect(
      (
        await s.call('POST', `/api/v1/rounds/${ROUND}/flags/${flags.body.flags[0].id}/review`, {
          token: s.tokens.validator,
          body: { action: 'return', note },
        })
      ).status,
    ).toBe(200);
    await page.click('#act-refresh');
    await waitNotice('khớp phiên bản 2');
    expect(await page.locator('.comments').innerText()).toContain(note);
    expect(String(await fx('return f.value(args[0], "L7")', SHEET))).toContain(note);
  });

  it('on a 409 shows what changed on the server and reloads the server rows', async () => {
    const sheet = await s.call('GET', `/api/v1/rounds/${ROUND}/sheets/budget`, { token: s.tokens.yte });
    const rows = sheet.body.rows.map(({ findings: _f, ...r }: any) =>
      r.code === '2' ? { ...r, name: 'Đào tạo nhân lực y tế số (sửa từ máy khác)' } : r,
    );
    const put = await s.call('PUT', `/api/v1/rounds/${ROUND}/sheets/budget`, {
      token: s.tokens.yte,
      body: { baseVersion: sheet.body.version, rows },
      headers: { 'idempotency-key': newKey() },
    });
    expect(put.body.version).toBe(3);
    await fx(`f.user.type('${SHEET}', 'C5', 'Xây dựng kho dữ liệu y tế số tỉnh Lào Cai');`);
    await page.click('#act-sync');
    await page.waitForSelector('.conflict');
    const text = await page.locator('.conflict').innerText();
    expect(text).toContain('phiên bản 3');
    expect(text).toContain('Đào tạo nhân lực y tế số (sửa từ máy khác)');
    expect(text).toContain('«Tên nhiệm vụ/hoạt động/dự án»');
    await page.screenshot({ path: join(OUT, 'pane-conflict.png'), fullPage: true });
    await page.getByRole('button', { name: 'Tải bảng từ hệ thống' }).click();
    expect(await waitNotice('Đã tải 4 dòng')).toContain('phiên bản 3');
    expect(await fx('return f.value(args[0], "C6")', SHEET)).toBe('Đào tạo nhân lực y tế số (sửa từ máy khác)');
    expect(await fx('return f.value(args[0], "C5")', SHEET)).toBe('Xây dựng kho dữ liệu y tế số');
    expect(await page.locator('.conflict').count()).toBe(0);
  });

  it('keeps a sync queued while the service is down and sends it when it is back', async () => {
    await stopHttp();
    await fx(`f.user.type('${SHEET}', 'K6', 45);`);
    await fx(`f.user.type('${SHEET}', 'F6', 205);`);
    await page.click('#act-sync');
    expect(await waitNotice('Sẽ tự gửi lại')).toContain('Không kết nối được');
    expect(await page.locator('.queue').innerText()).toContain('1 lần gửi đang chờ');
    await page.screenshot({ path: join(OUT, 'pane-offline.png'), fullPage: true });
    await startHttp();
    expect(await waitNotice('Đã đồng bộ')).toContain('phiên bản 4: 1 dòng sửa');
    expect(await page.locator('.queue').count()).toBe(0);
  });

  it('keeps the queue when the workbook is closed, and sends it when the workbook is opened again', async () => {
    await stopHttp();
    await fx(`f.user.type('${SHEET}', 'C8', 'Tập huấn an toàn thông tin cho cán bộ y tế');`);
    await page.click('#act-sync');
    await waitNotice('Sẽ tự gửi lại');
    await fx('f.persist();');
    await page.close(); // the workbook is closed with the send still waiting
    await startHttp();
    page = await ctx.newPage();
    await page.goto(paneUrl('&restore=1'));
    expect(await waitNotice('Đã đồng bộ', 20_000)).toContain('phiên bản 5: 1 dòng sửa');
    const rows = (await s.call('GET', `/api/v1/rounds/${ROUND}/sheets/budget`, { token: s.tokens.yte })).body.rows;
    expect(rows.map((r: any) => r.name)).toContain('Tập huấn an toàn thông tin cho cán bộ y tế');
  });

  it('keeps the token out of the workbook', async () => {
    expect(await fx<string>('return f.save()')).not.toContain(s.tokens.yte);
  });

  it('asks before a sync that removes rows, naming them; «Hủy» sends nothing', async () => {
    const row8 = await fx<unknown[]>(`return f.tableValues('${TABLE}')[4]`);
    await fx(`f.user.type('${SHEET}', 'A8', [new Array(14).fill('')]);`);
    await page.click('#act-sync');
    await page.waitForSelector('.preview .removal');
    expect(await page.locator('.preview .summary').innerText()).toBe('Sẽ gửi: 1 dòng xóa.');
    const removal = await page.locator('.preview .removal').innerText();
    expect(removal).toContain('Lần gửi này sẽ xóa 1 dòng khỏi bảng trên hệ thống:');
    expect(removal).toContain('I/A · 3 · Tập huấn an toàn thông tin cho cán bộ y tế');
    // One row of four is a quarter of the sheet: the strong warning.
    expect(removal).toContain('Chú ý: lần gửi này xóa 1 trong số 4 dòng (25%)');
    expect(await page.locator('#preview-send').innerText()).toBe('Gửi và xóa 1 dòng');
    await page.screenshot({ path: join(OUT, 'pane-removal.png'), fullPage: true });
    await page.click('#preview-cancel');
    expect(await waitNotice('Chưa gửi')).toContain('trên hệ thống không có gì thay đổi');
    const sheet = await s.call('GET', `/api/v1/rounds/${ROUND}/sheets/budget`, { token: s.tokens.yte });
    expect(sheet.body.version).toBe(5);
    expect(sheet.body.rows).toHaveLength(4);
    await fx(`f.user.type('${SHEET}', 'A8', [args[0]]);`, row8);
  });

  it('pulls the merged appendix for a coordinator, flags highlighted, and updates it in place', async () => {
    await page.click('text=Đăng xuất');
    await signIn(s.tokens.coordinator);
    await page.selectOption('#table', 'budget');
    // This workbook holds Sở Y tế's sheet: a coordinator's sync would write it as SKH&CN's.
    expect(await page.locator('.slot-context').innerText()).not.toContain('phiên bản');
    await page.click('#act-sync');
    expect(await waitNotice('Chưa gửi')).toContain('là của «Sở Y tế»');
    await page.click('#act-merged');
    expect(await waitNotice('bảng tổng hợp')).toContain('Tổng hợp PL III - Kinh phí');
    const sheetsBefore = await fx<string[]>('return f.sheetNames()');
    const merged = await fx<any[][]>(`
      const s = f.sheet('Tổng hợp PL III - Kinh phí');
      const rows = [];
      for (let r = 0; r < 40; r++) rows.push(Array.from({ length: 12 }, (_, c) => ({ v: s.cells[r]?.[c]?.v ?? '', fill: s.cells[r]?.[c]?.fill })));
      return rows;`);
    const names = merged.map((r) => r[1].v);
    expect(names).toContain('Xây dựng kho dữ liệu y tế số');
    const flagged = merged.find((r) => r[1].v === 'Ứng dụng trí tuệ nhân tạo hỗ trợ khám chữa bệnh')!;
    expect(flagged[1].fill).toBeDefined();
    expect(String(flagged[11].v)).toMatch(/Sở Y tế/);
    await page.click('#act-merged');
    await waitNotice('bảng tổng hợp');
    expect(await fx<string[]>('return f.sheetNames()')).toEqual(sheetsBefore);
    await page.screenshot({ path: join(OUT, 'pane-coordinator.png'), fullPage: true });
  });

  it('submits the sheet from the pane; accepted, it shows as locked, and a sync of it gets the 423 in Vietnamese', async () => {
    const returned = await s.call('GET', `/api/v1/rounds/${ROUND}/flags?status=returned`, {
      token: s.tokens.validator,
    });
    for (const f of returned.body.flags)
      await s.call('POST', `/api/v1/rounds/${ROUND}/flags/${f.id}/review`, {
        token: s.tokens.validator,
        body: { action: 'dismiss', note: 'Đã rõ' },
      });
    const move = (action: string, token: string) =>
      s.call('POST', `/api/v1/rounds/${ROUND}/sheets/budget/${action}?agency=so-y-te`, { token });
    await page.click('text=Đăng xuất');
    await signIn(s.tokens.yte);
    await page.selectOption('#table', 'budget');
    await page.click('#act-refresh');
    // The agency submits its sheet from the pane; the header then says it waits for review.
    await page.click('#act-submit');
    expect(await waitNotice('Đã gửi chính thức phiên bản')).toMatch(/^Đã gửi chính thức phiên bản \d+ của bảng\./);
    expect(await page.locator('#sheet-state').innerText()).toMatch(/^Đã gửi chính thức ngày \d+\/\d+\/\d{4}; đang chờ/);
    expect(await page.locator('#act-submit').isDisabled()).toBe(true);
    await page.screenshot({ path: join(OUT, 'pane-submitted.png'), fullPage: true });
    expect((await move('accept', s.tokens.validator)).status).toBe(200);
    await page.click('#act-refresh');
    await page.waitForSelector('#lock');
    expect(await page.locator('#lock').innerText()).toMatch(
      /^Đã được chấp nhận ngày \d+\/\d+\/\d{4} bởi Chuyên viên thẩm định; liên hệ cán bộ điều phối Sở Khoa học và Công nghệ để mở lại\./,
    );
    expect(await fx<boolean>(`return f.sheet('${SHEET}').protected`)).toBe(true);
    await page.click('#act-sync');
    expect(await waitNotice('Hệ thống không nhận bảng')).toContain('đã được Chuyên viên thẩm định chấp nhận');
    await page.screenshot({ path: join(OUT, 'pane-locked.png'), fullPage: true });
  });
});
