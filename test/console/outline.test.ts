/**
 * A coordinator edits the outline of the demo round's Phụ lục II in the console: renames a
 * section, adds one, moves one; the round's API answer follows and the change is audited. A
 * section agencies' rows sit in cannot be removed, and badly written sections are refused in
 * Vietnamese with nothing saved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import type { Service } from '../service/harness.js';
import { links, ROUND, startConsoleService, Visitor, visibleText } from './harness.js';

const page = `/console/settings/${ROUND}/outline/tasks`;
const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The form's fields as the page fills them. */
function fields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/name="((?:order|path|title)-\d+|count)" value="([^"]*)"/g)) out[m[1]!] = decode(m[2]!);
  return out;
}

describe.each(testDatabases())('outline form on %s', (kind) => {
  let s: Service;
  let coordinator: Visitor;
  const outline = async () =>
    (await s.call('GET', `/api/v1/rounds/${ROUND}`)).body.outline.tasks as { path: string; title: string }[];
  beforeAll(async () => {
    s = await startConsoleService(kind);
    coordinator = new Visitor(s);
    await coordinator.signIn(s.tokens.coordinator);
  }, 120_000);
  afterAll(async () => {
    await s.close();
  });

  it('is reached from the round settings and lists the sections in order', async () => {
    const settings = await coordinator.get(`/console/settings/${ROUND}`);
    expect(links(settings.text, /\/outline\/tasks$/)).toEqual([page]);
    const before = await outline();
    const form = await coordinator.get(page);
    expect(form.status).toBe(200);
    const f = fields(form.text);
    expect(Number(f.count)).toBe(before.length + 3);
    before.forEach((e, i) => {
      expect(f[`path-${i}`]).toBe(e.path);
      expect(f[`title-${i}`]).toBe(e.title);
    });
  });

  it('renames, adds and moves sections; the API and the audit trail follow', async () => {
    const before = await outline();
    const f = fields((await coordinator.get(page)).text);
    const last = before.length - 1;
    f['title-0'] = `${before[0]!.title} (sửa đổi)`;
    // The last section goes first; a new one is added in the first blank line.
    f[`order-${last}`] = '0';
    f[`order-${before.length}`] = String(before.length + 1);
    f[`path-${before.length}`] = 'xii';
    f[`title-${before.length}`] = 'Nhiệm vụ bổ sung';
    const res = await coordinator.post(page, f);
    expect(res.status).toBe(303);
    expect(res.location).toBe(`${page}?saved=1`);
    expect(visibleText((await coordinator.get(res.location!)).text)).toContain('Đã lưu khung mục');
    const after = await outline();
    expect(after[0]).toEqual(before[last]);
    expect(after[1]).toEqual({ path: before[0]!.path, title: `${before[0]!.title} (sửa đổi)` });
    expect(after.at(-1)).toEqual({ path: 'XII', title: 'Nhiệm vụ bổ sung' });
    expect(after).toHaveLength(before.length + 1);
    const audit = await s.db
      .selectFrom('audit_log')
      .select(['actor', 'after'])
      .where('action', '=', 'round_update')
      .execute();
    expect(audit.some((a) => JSON.stringify(a.after).includes('Nhiệm vụ bổ sung'))).toBe(true);
  });

  it('keeps a section that agencies have rows in, and says how many', async () => {
    const before = await outline();
    const f = fields((await coordinator.get(page)).text);
    const used = before.findIndex((e) => e.path === 'II');
    f[`path-${used}`] = '';
    f[`title-${used}`] = '';
    const res = await coordinator.post(page, f);
    expect(res.status).toBe(422);
    expect(visibleText(res.text)).toMatch(/Mục II đang có \d+ dòng của các cơ quan/);
    expect(await outline()).toEqual(before);
    // Removing an empty one works: the section added above has no rows.
    const g = fields((await coordinator.get(page)).text);
    const added = before.findIndex((e) => e.path === 'XII');
    const removed = await coordinator.post(page, { ...g, [`remove-${added}`]: '1' });
    expect(removed.status).toBe(303);
    expect((await outline()).map((e) => e.path)).not.toContain('XII');
  });

  it('refuses badly written sections in Vietnamese and saves nothing', async () => {
    const before = await outline();
    const f = fields((await coordinator.get(page)).text);
    const n = before.length;
    Object.assign(f, {
      [`path-${n}`]: 'II',
      [`title-${n}`]: 'Trùng với mục đã có',
      [`path-${n + 1}`]: 'XV/A',
      [`title-${n + 1}`]: 'Tiểu mục không có mục',
      [`path-${n + 2}`]: '2.1',
      [`title-${n + 2}`]: 'Không phải mục',
    });
    const res = await coordinator.post(page, f);
    expect(res.status).toBe(422);
    const text = visibleText(res.text);
    expect(text).toContain('Mục II có hai lần trong khung.');
    expect(text).toContain('Mục XV/A thuộc mục XV: cần có mục XV đứng trước nó.');
    expect(text).toContain('mục «2.1» phải có dạng I, II… hoặc I/A, II/B…');
    // What was typed stays in the form.
    expect(res.text).toContain('value="Tiểu mục không có mục"');
    expect(await outline()).toEqual(before);
  });

  it('is for coordinators only', async () => {
    const validator = new Visitor(s);
    await validator.signIn(s.tokens.validator);
    expect((await validator.get(page)).status).toBe(403);
    expect((await validator.post(page, { count: '0' })).status).toBe(403);
    expect((await coordinator.get(`/console/settings/${ROUND}/outline/priorities`)).status).toBe(404);
  });
});
