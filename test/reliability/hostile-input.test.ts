/**
 * Hostile and broken input: each case of the reliability issue as a named test. Every answer is
 * a 4xx with a Vietnamese message, and nothing stored changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { budgetRowsLedBy, dumpDatabase, newKey, ROUND, type Service, startService } from '../service/harness.js';

const sheet = `/api/v1/rounds/${ROUND}/sheets/budget`;
const VIETNAMESE = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

describe.each(testDatabases())('hostile input on %s', (kind) => {
  let s: Service;
  const rows = budgetRowsLedBy('Sở Giáo dục và Đào tạo');
  let before: string;
  beforeAll(async () => {
    s = await startService(kind);
    const first = await s.call('PUT', `${sheet}?agency=so-gd-dt`, {
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 0, rows },
    });
    expect(first.status).toBe(200);
    before = await dumpDatabase(s.db);
  });
  afterAll(() => s.close());

  const sync = (body: unknown) =>
    s.call('PUT', `${sheet}?agency=so-gd-dt`, { headers: { 'idempotency-key': newKey() }, body });

  /** A refused answer: the status, a Vietnamese message, and the database as it was. */
  async function refused(res: { status: number; body: any }, status: number, code: string) {
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(VIETNAMESE);
    expect(await dumpDatabase(s.db)).toBe(before);
    return res.body.error;
  }

  it.each([
    ['NUL', '\u0000', 'NUL'],
    ['a lone surrogate', '\ud800', 'nửa ký tự bị cắt'],
  ])('a cell holding %s is refused on its cell', async (_what, bad, named) => {
    const edited = rows.map((r, i) => (i === 2 ? { ...r, name: `${r.name}${bad}` } : r));
    const error = await refused(await sync({ baseVersion: 1, rows: edited }), 422, 'rows_rejected');
    const finding = error.findings.find((f: { code: string }) => f.code === 'invalid_text');
    expect(finding).toMatchObject({ uid: rows[2]!.uid, column: { key: 'name' }, severity: 'error' });
    expect(finding.message).toContain(`(${named}`);
  });

  it('invalid UTF-8 bytes are refused with 400, not stored as U+FFFD', async () => {
    const text = JSON.stringify({ baseVersion: 1, rows: rows.map((r, i) => (i === 0 ? { ...r, name: 'XX' } : r)) });
    const bytes = new TextEncoder().encode(text);
    const at = text.indexOf('XX');
    bytes[at] = 0xc3; // a lead byte followed by an ASCII byte: not UTF-8
    const res = await s.app.request(`${sheet}?agency=so-gd-dt`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${s.tokens.coordinator}`,
        'content-type': 'application/json',
        'idempotency-key': newKey(),
      },
      body: bytes,
    });
    await refused({ status: res.status, body: await res.json() }, 400, 'invalid_encoding');
  });

  it('a cell longer than 4.000 characters is refused on its cell', async () => {
    const edited = rows.map((r, i) => (i === 0 ? { ...r, name: 'Xây dựng '.repeat(500) } : r));
    const error = await refused(await sync({ baseVersion: 1, rows: edited }), 422, 'rows_rejected');
    expect(
      error.findings.some((f: { code: string; uid: string }) => f.code === 'too_long' && f.uid === rows[0]!.uid),
    ).toBe(true);
  });

  it.each([1.7e308, '1.000.000.000.000', 1e12])(
    'an amount of %s triệu đồng is refused, never summed to ∞',
    async (v) => {
      const edited = rows.map((r, i) => (i === 0 ? { ...r, y2026: v } : r));
      const error = await refused(await sync({ baseVersion: 1, rows: edited }), 422, 'rows_rejected');
      const finding = error.findings.find((f: { column: { key: string } | null }) => f.column?.key === 'y2026');
      expect(finding.message).toContain('vượt quá giới hạn');
    },
  );

  it.each([
    [2147483648, 'lớn quá giới hạn'],
    [-1, 'không được là số âm'],
    [1.5, 'số nguyên'],
  ])('baseVersion %s is refused with 422 saying why', async (baseVersion, why) => {
    const error = await refused(await sync({ baseVersion, rows }), 422, 'validation_failed');
    expect(error.message).toContain(why);
    expect(error.message).not.toContain('Thiếu phiên bản gốc');
  });

  it.each([
    `/api/v1/rounds/a%00/merged/budget`,
    `/api/v1/rounds/${ROUND}/merged/budget?section=%00`,
    `/api/v1/rounds/${ROUND}/sheets/budget?agency=%00`,
    `/api/v1/rounds/${ROUND}/flags?agency=%00`,
    `/console/rounds/a%00`,
  ])('%s is refused with 422', async (path) => {
    await refused(await s.call('GET', path, { token: s.tokens.coordinator }), 422, 'invalid_text');
  });

  it('a malformed percent-escape in a path is refused with 400', async () => {
    await refused(await s.call('GET', '/api/v1/rounds/%E0%A4%A', { token: s.tokens.coordinator }), 400, 'bad_request');
  });

  it.each([
    ['a round name', 'POST', '/api/v1/rounds', { id: 'moi', name: 'Đợt\u0000', periodStart: 2026, periodEnd: 2030 }],
    ['a flag review note', 'POST', `/api/v1/rounds/${ROUND}/flags/x/review`, { action: 'return', note: 'Sai\u0000' }],
    ['a registry alias', 'PUT', '/api/v1/registry/agencies/so-y-te', { name: 'Sở Y tế', aliases: ['SYT\u0000'] }],
    ['a token label', 'POST', '/api/v1/tokens', { role: 'validator', label: 'Chuyên viên\ud800' }],
  ])('%s with NUL or a half surrogate pair is refused with 422 naming the field', async (_what, method, path, body) => {
    const token = path.includes('registry') || path.includes('tokens') ? s.tokens.admin : s.tokens.coordinator;
    const error = await refused(await s.call(method, path, { token, body }), 422, 'invalid_text');
    expect(error.message).toMatch(/^Trường «/);
  });

  it('a console form field with NUL is refused with 422, on a page', async () => {
    const res = await s.app.request('/console/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      body: 'token=th_%00',
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('có ký tự không hợp lệ (NUL)');
    expect(await dumpDatabase(s.db)).toBe(before);
  });

  it('a large body on a route other than the sync is refused with 413 before it is read', async () => {
    const note = 'x'.repeat(2 * 1024 * 1024);
    await refused(
      await s.call('POST', `/api/v1/rounds/${ROUND}/flags/x/review`, { body: { action: 'return', note } }),
      413,
      'payload_too_large',
    );
  });

  it('the answer to a huge faulty sync is capped, and says how many findings there are', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({
      uid: `u-${i}`,
      section: 'I',
      code: String(i + 1),
      name: '',
    }));
    const res = await sync({ baseVersion: 1, rows: many });
    const error = await refused(res, 422, 'rows_rejected');
    expect(error.findings.length).toBe(1000);
    expect(error.findingsTotal).toBeGreaterThan(1000);
    expect(JSON.stringify(res.body).length).toBeLessThan(1_000_000);
  });
});
