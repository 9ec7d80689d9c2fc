/**
 * Bidi controls and zero-width characters, over HTTP: in a synced agency name they are stripped
 * with a warning on the cell and the clean name is stored; in a registry name or alias, a
 * round's name or its expected agencies they are refused with 422 and nothing changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { budgetRowsLedBy, dumpDatabase, newKey, ROUND, type Service, startService } from '../service/harness.js';

const sheet = `/api/v1/rounds/${ROUND}/sheets/budget`;

describe.each(testDatabases())('hidden marks on %s', (kind) => {
  let s: Service;
  beforeAll(async () => {
    s = await startService(kind);
  });
  afterAll(() => s.close());

  it('strips them from a synced agency name, stores the clean name and keeps the warning on its cell', async () => {
    const rows = budgetRowsLedBy('Sở Nông nghiệp và Môi trường');
    const partnersOf = rows.findIndex((r, i) => i > 0 && r.partners);
    const partners = rows[partnersOf]!.partners!;
    const sent = rows.map((r, i) => ({
      ...r,
      lead: i === 0 ? '\u2066Sở Nông nghiệp\u200b và Môi trường\u2069' : r.lead,
      partners: i === partnersOf ? `${partners.slice(0, 3)}\ufeff${partners.slice(3)}\u202e` : r.partners,
    }));
    // JSON.stringify leaves these characters raw, as a pane or a script sends them.
    const raw = JSON.stringify({ baseVersion: 0, rows: sent });
    expect(raw).toContain('\u200b');
    const res = await s.call('PUT', sheet, { token: s.tokens.nnmt, headers: { 'idempotency-key': newKey() }, raw });
    expect(res.status, res.text.slice(0, 400)).toBe(200);
    const hidden = res.body.findings.filter((f: { code: string }) => f.code === 'hidden_characters');
    expect(hidden.map((f: any) => [f.uid, f.column.key, f.severity, f.suggestion])).toEqual(
      [
        [rows[0]!.uid, 'lead', 'warning', 'Sở Nông nghiệp và Môi trường'],
        [rows[partnersOf]!.uid, 'partners', 'warning', partners],
      ].sort((a, b) => rows.findIndex((r) => r.uid === a[0]) - rows.findIndex((r) => r.uid === b[0])),
    );
    expect(res.body.findings.filter((f: { code: string }) => f.code === 'unknown_agency')).toEqual([]);

    const stored = await s.db.selectFrom('sheet_rows').select(['uid', 'data']).execute();
    const text = JSON.stringify(stored);
    expect(text).not.toMatch(/[\u200b-\u200d\u202a-\u202e\u2066-\u2069\ufeff]/);
    const got = await s.call('GET', sheet, { token: s.tokens.nnmt });
    expect(got.body.rows[0].lead).toBe('Sở Nông nghiệp và Môi trường');
    expect(got.body.rows[partnersOf].partners).toBe(partners);
    // The warning stays with the row, as every warning does.
    expect(got.body.rows[0].findings.map((f: { code: string }) => f.code)).toContain('hidden_characters');
  });

  it.each([
    [
      'an agency name',
      'PUT',
      '/api/v1/registry/agencies/so-y-te',
      { name: 'Sở Y\u200b tế', kind: 'department', aliases: [], formerly: [] },
      'Tên cơ quan «Sở Y tế» có ký tự ẩn',
    ],
    [
      'a registry alias',
      'PUT',
      '/api/v1/registry/agencies/so-y-te',
      { name: 'Sở Y tế', kind: 'department', aliases: ['SYT', 'S\u202eYT'], formerly: [] },
      'Tên gọi khác «SYT» có ký tự ẩn',
    ],
    [
      'a former name',
      'PUT',
      '/api/v1/registry/agencies/so-y-te',
      { name: 'Sở Y tế', kind: 'department', aliases: [], formerly: ['\ufeffSở Y tế cũ'] },
      'Tên cũ «Sở Y tế cũ» có ký tự ẩn',
    ],
    [
      'a new round’s name',
      'POST',
      '/api/v1/rounds',
      { id: 'dot-an', name: 'Đợt\u2066 bổ sung', periodStart: 2026, periodEnd: 2030 },
      'Tên đợt «Đợt bổ sung» có ký tự ẩn',
    ],
    [
      'a round’s new name',
      'PATCH',
      `/api/v1/rounds/${ROUND}`,
      { name: 'Đợt thử\u200d nghiệm' },
      'Tên đợt «Đợt thử nghiệm» có ký tự ẩn',
    ],
    [
      'an expected agency',
      'PATCH',
      `/api/v1/rounds/${ROUND}`,
      { expectedAgencies: ['so-y-te', 'Sở Tài\u200c chính'] },
      'Tên cơ quan «Sở Tài chính» có ký tự ẩn',
    ],
  ])('refuses %s with them with 422, changing nothing', async (_what, method, path, body, message) => {
    const before = await dumpDatabase(s.db);
    const token = path.includes('registry') ? s.tokens.admin : s.tokens.coordinator;
    const res = await s.call(method, path, { token, body });
    expect(res.status, res.text.slice(0, 300)).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toContain(message);
    expect(await dumpDatabase(s.db)).toBe(before);
  });
});
