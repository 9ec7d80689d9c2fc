/**
 * A sync's preview (`PUT …?dryRun=true`) over HTTP: it answers what the sync then does (rows,
 * version, findings, flags raised and resolved) or the error the sync answers (422, 409, 423),
 * and leaves every table byte for byte as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import {
  budgetRowsLedBy,
  dumpDatabase,
  expectFlagsOfFullRecompute,
  newKey,
  ROUND,
  type Service,
  startService,
} from './harness.js';

const sheet = `/api/v1/rounds/${ROUND}/sheets/budget`;
type Row = ReturnType<typeof budgetRowsLedBy>[number];
type Flag = { id: string; code: string };

describe.each(testDatabases())('sync preview on %s', (kind) => {
  let s: Service;
  const yte = budgetRowsLedBy('Sở Y tế');
  const nnmt = budgetRowsLedBy('Sở Nông nghiệp và Môi trường');
  let version = 0;
  /** The flags about Sở Nông nghiệp và Môi trường, as its last sync answered them. */
  let flagsNow: Flag[] = [];

  beforeAll(async () => {
    s = await startService(kind);
    expect((await putYte(yte)).status).toBe(200);
    const first = await put(nnmt);
    expect(first.status).toBe(200);
    version = first.body.version;
    flagsNow = first.body.flags;
  });
  afterAll(() => s.close());

  const putYte = (rows: Row[]) =>
    s.call('PUT', sheet, {
      token: s.tokens.yte,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 0, rows },
    });
  const put = (rows: Row[], opts: { baseVersion?: number; key?: string } = {}) =>
    s.call('PUT', `${sheet}?agency=so-nn-mt`, {
      headers: { 'idempotency-key': opts.key ?? newKey() },
      body: { baseVersion: opts.baseVersion ?? version, rows },
    });
  const preview = (
    rows: Row[],
    opts: { baseVersion?: number; token?: string; headers?: Record<string, string> } = {},
  ) =>
    s.call('PUT', `${sheet}?agency=so-nn-mt&dryRun=true`, {
      ...(opts.token ? { token: opts.token } : {}),
      ...(opts.headers ? { headers: opts.headers } : {}),
      body: { baseVersion: opts.baseVersion ?? version, rows },
    });
  const withoutRequestId = (body: { error: Record<string, unknown> }) => {
    const { requestId: _r, ...error } = body.error;
    return error;
  };
  /** Previews, proves nothing moved, then sends the same rows for real and returns both answers. */
  const previewThenSync = async (rows: Row[]) => {
    const before = await dumpDatabase(s.db);
    const dry = await preview(rows);
    expect(dry.status, JSON.stringify(dry.body).slice(0, 500)).toBe(200);
    expect(await dumpDatabase(s.db)).toBe(before);
    // Asked again, the same answer: the first left nothing behind that the second reads.
    expect((await preview(rows)).body).toEqual(dry.body);
    const real = await put(rows);
    expect(real.status).toBe(200);
    const count = (status: string) => real.body.rows.filter((r: { status: string }) => r.status === status).length;
    expect(dry.body.version).toBe(version);
    expect(dry.body.wouldBeVersion).toBe(real.body.version);
    expect(dry.body.counts.new).toBe(count('inserted'));
    expect(dry.body.counts.changed + dry.body.counts.restored).toBe(count('updated'));
    expect(dry.body.counts.removed).toBe(count('deleted'));
    expect(dry.body.counts.unchanged).toBe(count('unchanged'));
    expect(dry.body.findings).toEqual(real.body.findings);
    const ids = (flags: Flag[]) => flags.map((f) => f.id).sort();
    const was = new Set(ids(flagsNow));
    const is = new Set(ids(real.body.flags));
    expect(ids(dry.body.flags.raised)).toEqual(ids(real.body.flags).filter((id) => !was.has(id)));
    expect(ids(dry.body.flags.resolved)).toEqual([...was].filter((id) => !is.has(id)));
    version = real.body.version;
    flagsNow = real.body.flags;
    // The syncs' round index was not moved by the previews: their flags are a full recompute's.
    await expectFlagsOfFullRecompute(s, ROUND);
    return { dry: dry.body, real: real.body };
  };

  it('answers a would-be 422 exactly as the sync does, changing nothing', async () => {
    const bad = nnmt.map((r, i) => (i === 0 ? { ...r, y2027: '12.34.5' } : r));
    const before = await dumpDatabase(s.db);
    const dry = await preview(bad);
    expect(dry.status).toBe(422);
    expect(dry.body.error.code).toBe('rows_rejected');
    expect(dry.body.error.findings.length).toBeGreaterThan(0);
    expect(await dumpDatabase(s.db)).toBe(before);
    const real = await put(bad);
    expect(real.status).toBe(422);
    expect(withoutRequestId(dry.body)).toEqual(withoutRequestId(real.body));
  });

  it('answers a stale base version with the same 409 as the sync, and a bad dryRun value with 422', async () => {
    const edited = nnmt.map((r, i) => (i === 0 ? { ...r, name: `${r.name} (sửa)` } : r));
    const dry = await preview(edited, { baseVersion: version - 1 });
    expect(dry.status).toBe(409);
    const real = await put(edited, { baseVersion: version - 1 });
    expect(real.status).toBe(409);
    expect(withoutRequestId(dry.body)).toEqual(withoutRequestId(real.body));
    const wrong = await s.call('PUT', `${sheet}?agency=so-nn-mt&dryRun=yes`, {
      body: { baseVersion: version, rows: nnmt },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.message).toContain('dryRun chỉ nhận «true» hoặc «false»');
  });

  it('is refused to the roles and agencies the sync refuses', async () => {
    expect((await preview(nnmt, { token: s.tokens.validator })).status).toBe(403);
    expect((await preview(nnmt, { token: s.tokens.yte })).status).toBe(403);
    expect((await preview(nnmt, { token: s.tokens.revoked })).status).toBe(401);
  });

  it('previews an edit, a removal and a row another agency also sent: counts, cells, flags, as the sync then does', async () => {
    const copy = { ...yte[0]!, uid: 'nnmt-ban-sao-y-te', total: '5.700', y2026: '1.220' };
    const rows = [{ ...nnmt[0]!, name: `${nnmt[0]!.name} (điều chỉnh)` }, ...nnmt.slice(1, 4), copy];
    const { dry } = await previewThenSync(rows);
    expect(dry.counts).toEqual({ new: 1, changed: 1, unchanged: 3, removed: 1, restored: 0 });
    const byKind = Object.fromEntries(dry.changes.map((c: { kind: string }) => [c.kind, c]));
    expect(byKind.changed).toMatchObject({ rowId: nnmt[0]!.uid, rowNumber: 1, columns: ['name'] });
    expect(byKind.changed.before.name).toBe(nnmt[0]!.name);
    expect(byKind.changed.after.name).toBe(`${nnmt[0]!.name} (điều chỉnh)`);
    expect(byKind.new).toMatchObject({ rowId: copy.uid, rowNumber: 5, before: null });
    expect(byKind.new.after).toMatchObject({ y2026: 1220, total: 5700 });
    expect(byKind.removed).toMatchObject({ rowId: nnmt[4]!.uid, rowNumber: null, after: null });
    expect(byKind.removed.before.name).toBe(nnmt[4]!.name);
    expect(dry.flags.raised.map((f: Flag) => f.code)).toContain('conflicting_amounts');
  });

  it('previews a restoration and the flags it resolves', async () => {
    const { dry } = await previewThenSync(nnmt);
    expect(dry.counts).toEqual({ new: 0, changed: 1, unchanged: 3, removed: 1, restored: 1 });
    expect(dry.changes.find((c: { kind: string }) => c.kind === 'restored')).toMatchObject({
      rowId: nnmt[4]!.uid,
      rowNumber: 5,
    });
    expect(dry.flags.resolved.map((f: Flag) => f.code)).toContain('conflicting_amounts');
  });

  it('needs no Idempotency-Key and stores none that is sent; a sheet sent unchanged would keep its version', async () => {
    const key = newKey();
    const before = await dumpDatabase(s.db);
    const dry = await preview(nnmt, { headers: { 'idempotency-key': key } });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ wouldBeVersion: version, counts: { unchanged: nnmt.length }, changes: [] });
    expect(await dumpDatabase(s.db)).toBe(before);
    // Were the key stored, this would be refused as a key reused with another body.
    const real = await put(
      nnmt.map((r, i) => (i === 1 ? { ...r, name: `${r.name} (bổ sung)` } : r)),
      { key },
    );
    expect(real.status).toBe(200);
    version = real.body.version;
    flagsNow = real.body.flags;
  });

  it("previews an agency's first sync without creating its sheet", async () => {
    const rows = budgetRowsLedBy('Sở Giáo dục và Đào tạo');
    const before = await dumpDatabase(s.db);
    const dry = await s.call('PUT', `${sheet}?agency=so-gd-dt&dryRun=true`, { body: { baseVersion: 0, rows } });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ version: 0, wouldBeVersion: 1, counts: { new: rows.length, unchanged: 0 } });
    expect(await dumpDatabase(s.db)).toBe(before);
    const real = await s.call('PUT', `${sheet}?agency=so-gd-dt`, {
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 0, rows },
    });
    expect(real.status).toBe(200);
    expect(real.body.version).toBe(1);
    expect(real.body.rows.every((r: { status: string }) => r.status === 'inserted')).toBe(true);
  });

  it('on an accepted sheet answers the same 423 as the sync', async () => {
    const move = (action: string, token: string) => s.call('POST', `${sheet}/${action}?agency=so-nn-mt`, { token });
    expect((await move('submit', s.tokens.coordinator)).status).toBe(200);
    expect((await move('accept', s.tokens.validator)).status).toBe(200);
    const before = await dumpDatabase(s.db);
    const dry = await preview(nnmt);
    expect(dry.status).toBe(423);
    expect(await dumpDatabase(s.db)).toBe(before);
    const real = await put(nnmt);
    expect(real.status).toBe(423);
    expect(withoutRequestId(dry.body)).toEqual(withoutRequestId(real.body));
  });
});
