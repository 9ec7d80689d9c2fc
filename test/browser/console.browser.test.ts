/**
 * The review console in headless Chromium against a real running service (HTTP on a free port,
 * PGlite) loaded with the demo round and the scenario that raises a flag of every code.
 *
 * A validator signs in with the keyboard, filters the queue, opens a flag and returns it to its
 * agencies; the agency's next sheet GET (as Excel does it) shows the comment; the coordinator,
 * in another cookie jar (localhost vs 127.0.0.1), sees the counts change. Screenshots of the
 * overview, the queue and the flag go to test-output/.
 *
 * Skipped with "Chromium not found: browser suites skipped" when /usr/bin/chromium is absent,
 * unless TONGHOP_REQUIRE_BROWSER=1, in which case it fails.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/create-db.js';
import { seedRegistry } from '../../db/seed-registry.js';
import { openTestDb } from '../../db/test-databases.js';
import { createApp, defaultConfig } from '../../service/app.js';
import { createToken } from '../../service/auth/tokens.js';
import { DEMO_ROUND_ID, loadDemoRound } from '../../service/demo/demo-round.js';
import { loadFlagScenario } from '../../service/demo/flag-scenario.js';
import { RegistryStore } from '../../service/registry-store.js';
import { registry as registryFile } from '../support/fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const OUTPUT = new URL('../../test-output/browser/', import.meta.url).pathname;
const found = existsSync(CHROMIUM);
/** Waits for a page to settle; generous, since the whole suite may be running beside it. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 100 });
const required = process.env.TONGHOP_REQUIRE_BROWSER === '1';

if (!found && !required) {
  console.warn('Chromium not found: browser suites skipped');
  describe('console in Chromium', () => {
    it.skip('Chromium not found: browser suites skipped', () => {});
  });
} else {
  describe('console in Chromium', () => {
    let handle: DbHandle;
    let server: ServerType;
    let context: BrowserContext;
    let userDataDir: string;
    let port: number;
    const tokens = { validator: '', coordinator: '', agency: '' };

    beforeAll(async () => {
      if (!found)
        throw new Error(
          `Chromium not found at ${CHROMIUM}, and TONGHOP_REQUIRE_BROWSER=1 requires the browser suites.`,
        );
      handle = await openTestDb('pglite');
      await seedRegistry(handle.db, registryFile);
      const registry = new RegistryStore(handle.db);
      const now = Date.now();
      await loadDemoRound(handle.db, registry, new Date(now - 4 * 86_400_000));
      await loadFlagScenario(handle.db, registry, new Date(now));
      tokens.validator = (await createToken(handle.db, { role: 'validator', label: 'Lê Thu Hà (thẩm định)' })).token;
      tokens.coordinator = (
        await createToken(handle.db, { role: 'coordinator', agencyId: 'so-khcn', label: 'Nguyễn Văn Điều (Sở KH&CN)' })
      ).token;
      tokens.agency = (await createToken(handle.db, { role: 'agency', agencyId: 'so-y-te', label: 'Sở Y tế' })).token;
      const app = createApp({ db: handle.db, registry, config: defaultConfig() });
      // All interfaces, so that both localhost and 127.0.0.1 reach it: two sites, two cookie jars.
      server = serve({ fetch: app.fetch, port: 0 });
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      port = (server.address() as AddressInfo).port;
      userDataDir = mkdtempSync(join(tmpdir(), 'tonghop-console-'));
      context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: ARGS,
        viewport: { width: 1366, height: 900 },
        locale: 'vi-VN',
      });
      mkdirSync(OUTPUT, { recursive: true });
    }, 180_000);

    afterAll(async () => {
      await context?.close();
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
      await handle?.close();
      if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    });

    const site = (host: string) => `http://${host}:${port}`;

    async function signIn(page: Page, host: string, token: string) {
      await page.goto(`${site(host)}/console`);
      await poll(() => page.url()).toContain('/console/sign-in');
      // The token field takes the focus by itself (autofocus): type and press Enter, no mouse.
      await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('token');
      await page.keyboard.type(token);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${site(host)}/console`);
    }

    /** The overview's count of flags of a code in a status. */
    async function overviewCount(page: Page, code: string, status: string): Promise<number> {
      const cell = page
        .locator('#flag-counts tbody tr', { has: page.getByRole('rowheader', { name: code, exact: true }) })
        .locator(`td[data-status="${status}"]`);
      return Number(await cell.innerText());
    }

    it('a validator filters the queue, opens a flag and returns it; the agency sees the comment; the coordinator sees the counts change', async () => {
      const coordinator = await context.newPage();
      await signIn(coordinator, 'localhost', tokens.coordinator);
      await coordinator.getByRole('link', { name: /Kế hoạch thực hiện Đề án 11/ }).click();
      await poll(() => coordinator.title()).toBe('Tổng quan đợt — TổngHợp');
      const timing = await coordinator.evaluate(
        () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).duration,
      );
      console.log(`overview loaded in ${timing.toFixed(0)} ms (navigation timing)`);
      // The charts are images with names a screen reader reads, and their figures are in tables.
      for (const name of [
        'Kinh phí theo năm: tổng hợp so với kế hoạch',
        'Kinh phí theo nguồn vốn: tổng hợp so với kế hoạch',
        'Kinh phí theo mục của Phụ lục III',
        'Số cơ quan phải gửi theo trạng thái gửi số liệu',
        'Số cảnh báo theo loại và trạng thái',
      ]) {
        await poll(() => coordinator.getByRole('img', { name }).count()).toBe(1);
      }
      const returnedBefore = await overviewCount(coordinator, 'Số liệu kinh phí không thống nhất', 'returned');
      await coordinator.screenshot({ path: join(OUTPUT, 'console-overview.png'), fullPage: true });

      const validator = await context.newPage();
      await signIn(validator, '127.0.0.1', tokens.validator);
      await validator.getByRole('link', { name: 'Cảnh báo cần xem xét' }).first().click();
      await poll(() => validator.getByRole('heading', { level: 1 }).innerText()).toBe('Cảnh báo cần xem xét');
      await validator.screenshot({ path: join(OUTPUT, 'console-queue.png'), fullPage: false });

      await validator.getByLabel('Loại cảnh báo').selectOption({ label: 'Số liệu kinh phí không thống nhất' });
      await validator.getByLabel('Cơ quan', { exact: true }).selectOption({ label: 'Sở Y tế' });
      await validator.getByRole('button', { name: 'Lọc' }).click();
      await poll(() => validator.locator('#queue-summary').innerText()).toMatch(
        /^Có 1 cảnh báo với loại «Số liệu kinh phí không thống nhất», cơ quan «Sở Y tế»/,
      );
      expect(validator.url()).toContain('code=conflicting_amounts&agency=so-y-te');

      await validator.locator('#queue tbody a').first().click();
      await poll(() => validator.getByRole('heading', { level: 1 }).innerText()).toBe(
        'Số liệu kinh phí không thống nhất',
      );
      await poll(() => validator.locator('table.side-by-side thead th').allInnerTexts()).toEqual([
        'Cột',
        expect.stringMatching(/^Sở (Y tế|Tài chính) — mục II\/A, TT \d$/),
        expect.stringMatching(/^Sở (Y tế|Tài chính) — mục II\/A, TT \d$/),
      ]);
      const note = 'Đề nghị Sở Y tế thống nhất với Sở Tài chính số kinh phí cho nhiệm vụ kinh tế số lĩnh vực y tế.';
      await validator.getByRole('radio', { name: /Trả lại cơ quan/ }).check();
      await validator.getByLabel('Ghi chú, ý kiến gửi cơ quan').fill(note);
      await validator.screenshot({ path: join(OUTPUT, 'console-flag.png'), fullPage: true });
      await validator.getByRole('button', { name: 'Ghi nhận quyết định' }).click();
      await poll(() => validator.getByRole('status').first().innerText()).toContain('Đã trả lại cho cơ quan');
      await poll(() => validator.locator('#review-history').innerText()).toContain(
        'Lê Thu Hà (thẩm định): Trả lại cơ quan',
      );

      // The agency's Excel add-in reads its sheet: the comment is there, by the validator.
      const sheet = await fetch(`${site('127.0.0.1')}/api/v1/rounds/${DEMO_ROUND_ID}/sheets/budget`, {
        headers: { authorization: `Bearer ${tokens.agency}` },
      });
      expect(sheet.status).toBe(200);
      const body = (await sheet.json()) as { comments: { body: string; author: string }[] };
      expect(body.comments).toContainEqual(expect.objectContaining({ body: note, author: 'Lê Thu Hà (thẩm định)' }));

      // The coordinator reloads the overview: one more returned flag of that code.
      await coordinator.reload();
      expect(await overviewCount(coordinator, 'Số liệu kinh phí không thống nhất', 'returned')).toBe(
        returnedBefore + 1,
      );
    }, 180_000);

    it('a validator accepts every flag of a filtered set after a confirmation naming the count', async () => {
      const validator = await context.newPage();
      await validator.goto(`${site('127.0.0.1')}/console/rounds/${DEMO_ROUND_ID}/flags`);
      await validator.getByLabel('Loại cảnh báo').selectOption({ label: 'Kinh phí chưa gắn với nhiệm vụ' });
      await validator.getByLabel('Trạng thái', { exact: true }).selectOption({ label: 'Chưa xử lý' });
      await validator.getByRole('button', { name: 'Lọc' }).click();
      await poll(() => validator.locator('#queue-summary').innerText()).toMatch(/^Có \d+ cảnh báo với loại «Kinh phí/);
      const n = Number((/^Có (\d+)/.exec(await validator.locator('#queue-summary').innerText()) ?? [])[1]);
      expect(n).toBeGreaterThan(1);
      await validator.getByRole('radio', { name: 'Xác nhận có sai sót' }).check();
      await validator.getByRole('button', { name: `Áp dụng cho tất cả ${n} cảnh báo của danh sách này` }).click();
      await poll(() => validator.locator('#bulk-count').innerText()).toContain(
        `Sẽ ghi nhận «Xác nhận có sai sót» cho ${n} cảnh báo`,
      );
      await validator.screenshot({ path: join(OUTPUT, 'console-bulk-confirm.png'), fullPage: false });
      await validator.getByRole('button', { name: `Xác nhận cho ${n} cảnh báo` }).click();
      await poll(() => validator.getByRole('status').first().innerText()).toBe(
        `Đã ghi nhận «Xác nhận có sai sót» cho ${n} cảnh báo.`,
      );
      await poll(() => validator.locator('#queue-summary').innerText()).toMatch(
        /^Không có cảnh báo nào với loại «Kinh phí/,
      );
      await validator.close();
    }, 120_000);

    it('starts every page with a skip link that moves the focus to the content', async () => {
      const page = await context.newPage();
      await page.goto(`${site('localhost')}/console/rounds/${DEMO_ROUND_ID}/flags`);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Bỏ qua, đến nội dung chính');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      // The next stop is inside <main>: the filter form, not the navigation.
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest('main')))).toBe(true);
      // Every filter has a name a screen reader reads out.
      for (const label of ['Loại cảnh báo', 'Mức độ', 'Trạng thái', 'Mục', 'Sắp xếp theo', 'Thứ tự'])
        expect(await page.getByLabel(label, { exact: true }).count()).toBe(1);
      await page.close();
    }, 60_000);

    it("turns an agency's token away at sign-in, in Vietnamese", async () => {
      const page = await context.newPage();
      await page.goto(`${site('127.0.0.1')}/console`);
      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      await page.getByLabel('Mã truy cập').fill(tokens.agency);
      const answer = page.waitForResponse(
        (r) => r.url().endsWith('/console/sign-in') && r.request().method() === 'POST',
      );
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      expect((await answer).status()).toBe(403);
      await poll(() => page.getByRole('alert').innerText()).toContain(
        'Mã truy cập này dành cho cơ quan, đơn vị gửi số liệu từ Excel',
      );
      await page.close();
    }, 60_000);
  });
}
