/** The priority plan of source 002, loaded through the real sync path, seen through the API. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import {
  loadPriorityPlan,
  loadPriorityProgress,
  PRIORITY_PROGRESS_ROUND_ID,
  PRIORITY_ROUND_ID,
} from '../../service/demo/priority-plan.js';
import { RegistryStore } from '../../service/registry-store.js';
import { type Service, startService } from './harness.js';

// The notice itself, kept beside its transcription so that the wording can be checked on any clone.
const SOURCE = readFileSync(
  new URL('../../db/demo/nhiem-vu-can-lam-ngay-2026/source-002.txt', import.meta.url),
  'utf8',
);
/**
 * The notice as running text: bold marks and footnote markers dropped, and the footnotes (a
 * paragraph opening with its marker, with the numbered paragraphs that continue it) taken out of
 * the sentence a page break splits.
 */
function flat(text: string): string {
  const kept: string[] = [];
  let inNote = false;
  for (const para of text.normalize('NFC').split(/\n\s*\n/)) {
    const p = para.trim();
    if (/^[¹²³⁴]/.test(p)) inNote = true;
    else if (!(inNote && /^\(\d\)/.test(p))) inNote = false;
    if (!inNote) kept.push(p);
  }
  return kept
    .join(' ')
    .replace(/\*\*/g, '')
    .replace(/<\/?i>/g, '')
    .replace(/[¹²³⁴]/g, '')
    .replace(/\s+/g, ' ');
}

interface MergedRow {
  kind: string;
  section: string;
  code: string;
  agencyId: string;
  cells: Record<string, string>;
}

describe.each(testDatabases())('priority plan of source 002 on %s', (kind) => {
  let s: Service;
  let items: MergedRow[];
  beforeAll(async () => {
    s = await startService(kind);
    expect(await loadPriorityPlan(s.db, new RegistryStore(s.db))).toBe(true);
    const res = await s.call('GET', `/api/v1/rounds/${PRIORITY_ROUND_ID}/merged/tasks`);
    expect(res.status).toBe(200);
    items = res.body.rows.filter((r: MergedRow) => r.kind === 'item');
  }, 120_000);
  afterAll(async () => {
    await s.close();
  });

  it('holds the 19 tasks of the annex, the dated directive of section 1 and the dated tasks of section 2', () => {
    const bySection = (sec: string) => items.filter((r) => r.section === sec);
    expect(bySection('I').map((r) => r.code)).toEqual(Array.from({ length: 19 }, (_, i) => String(i + 1)));
    expect(bySection('II')).toHaveLength(1);
    expect(bySection('III')).toHaveLength(7);
    expect(items).toHaveLength(19 + 1 + 7);
  });

  it('keeps the wording of the notice', () => {
    const text = flat(SOURCE);
    for (const r of items) expect(text).toContain(r.cells.name);
    const at = (sec: string, code: string) => items.find((r) => r.section === sec && r.code === code)!.cells;
    expect(at('I', '13')).toMatchObject({
      name: 'Triển khai phong trào “Tiếp sức chuyển đổi số thôn bản” gắn với đẩy mạnh ứng dụng trí tuệ nhân tạo (AI) trong công tác Mặt trận năm 2026',
      lead: 'Cơ quan Ủy ban MTTQ Việt Nam tỉnh',
      timeframe: 'Trước ngày 20/5/2026',
    });
    expect(at('II', '1')).toMatchObject({ lead: 'Đảng ủy xã Yên Bình; Đảng ủy xã Bát Xát', timeframe: '01/7/2026' });
    expect(at('III', '4')).toMatchObject({ lead: 'Sở Nội vụ', timeframe: 'Xong trước ngày 30/6/2026' });
    expect(at('III', '1').timeframe).toBe('Định kỳ trước ngày 20 hàng tháng');
    for (const r of items) expect(r.cells.name).toBe(r.cells.name!.normalize('NFC'));
  });

  it('resolves every lead in the registry', async () => {
    const matcher = await new RegistryStore(s.db).matcher();
    for (const r of items)
      for (const m of matcher.matchList(r.cells.lead!))
        expect(m.via, `${r.section}.${r.code}: ${m.raw}`).not.toBe('unknown');
    // Rows with one lead are the lead's own sheet; the joint row of section II is entered by SKH&CN.
    expect(items.find((r) => r.section === 'I' && r.code === '10')!.agencyId).toBe('so-gd-dt');
  });

  it('lists the round with its due date', async () => {
    const res = await s.call('GET', `/api/v1/rounds/${PRIORITY_ROUND_ID}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: PRIORITY_ROUND_ID, dueDate: '2026-05-20' });
  });

  it('opens its May 2026 progress round, due before 20/5/2026, once', async () => {
    const registry = new RegistryStore(s.db);
    expect(await loadPriorityProgress(s.db, registry)).toBe(true);
    expect(await loadPriorityProgress(s.db, registry)).toBe(false);
    const res = await s.call('GET', `/api/v1/rounds/${PRIORITY_PROGRESS_ROUND_ID}`, { token: s.tokens.yte });
    expect(res.body).toMatchObject({
      id: 'nhiem-vu-can-lam-ngay-2026-tien-do-2026-05',
      kind: 'progress',
      plan: PRIORITY_ROUND_ID,
      period: { kind: 'month', year: 2026, index: 5 },
      dueDate: '2026-05-20',
    });
    const prefill = await s.call('GET', `/api/v1/rounds/${PRIORITY_PROGRESS_ROUND_ID}/sheets/progress/prefill`, {
      token: s.tokens.yte,
    });
    expect(prefill.body.rows.map((r: { code: string }) => r.code)).toEqual(['11']);
  });
});
