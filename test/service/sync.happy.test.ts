import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../db/test-databases.js';
import { tableDef } from '../../domain/index.js';
import { describeChange } from '../../service/console/flag-rows.js';
import { budgetRowsLedBy, newKey, ROUND, type Service, startService } from './harness.js';

const sheet = `/api/v1/rounds/${ROUND}/sheets/budget`;

describe.each(testDatabases())('sync on %s', (kind) => {
  let s: Service;
  beforeAll(async () => {
    s = await startService(kind);
  });
  afterAll(async () => {
    await s.close();
  });

  const nnmt = budgetRowsLedBy('Sở Nông nghiệp và Môi trường');

  it('stores a first sync, then applies an update and a removal with an audit record each', async () => {
    const first = await s.call('PUT', sheet, {
      token: s.tokens.nnmt,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 0, rows: nnmt },
    });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(1);
    expect(first.body.rows.map((r: { status: string }) => r.status)).toEqual(nnmt.map(() => 'inserted'));

    const got = await s.call('GET', sheet, { token: s.tokens.nnmt });
    expect(got.body.version).toBe(1);
    expect(got.body.rows.map((r: { uid: string }) => r.uid)).toEqual(nnmt.map((r) => r.uid));
    // Amounts are stored as numbers: "77.743" is seventy-seven thousand…, not 77.7.
    expect(got.body.rows[0].total).toBe(77_743);
    expect(got.body.rows[0].y2029).toBe(17_743);

    const changed = nnmt.slice(1).map((r, i) => (i === 0 ? { ...r, y2030: '10.000', total: '130.000' } : r));
    const second = await s.call('PUT', sheet, {
      token: s.tokens.nnmt,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 1, rows: changed },
    });
    expect(second.status).toBe(200);
    expect(second.body.version).toBe(2);
    const statuses = Object.fromEntries(
      second.body.rows.map((r: { uid: string; status: string }) => [r.uid, r.status]),
    );
    expect(statuses[nnmt[0]!.uid]).toBe('deleted');
    expect(statuses[nnmt[1]!.uid]).toBe('updated');
    expect(statuses[nnmt[2]!.uid]).toBe('unchanged');

    const audit = await s.db
      .selectFrom('audit_log')
      .selectAll()
      .where('round_id', '=', ROUND)
      .where('table_name', '=', 'budget')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([...nnmt.map(() => 'insert'), 'update', 'delete']);
    const update = audit.find((a) => a.action === 'update')!;
    expect(update.actor).toBe('Sở Nông nghiệp và Môi trường');
    expect(update.before).toMatchObject({ total: 150_000, y2030: 30_000 });
    expect(update.after).toMatchObject({ total: 130_000, y2030: 10_000 });
    // Records before a change hold the row whole, as it was stored.
    const asStored = ({ uid: _u, findings: _f, ...row }: Record<string, unknown>) => row;
    expect(update.before).toEqual(asStored(got.body.rows[1]));
    expect(audit.find((a) => a.action === 'delete')!.before).toEqual(asStored(got.body.rows[0]));
    // The sheet's version, its time and who synced it move with the rows, at the time of the audit records.
    const stored = await s.db
      .selectFrom('sheets')
      .select(['version', 'updated_at', 'updated_by'])
      .where('round_id', '=', ROUND)
      .where('table_name', '=', 'budget')
      .where('agency_id', '=', 'so-nn-mt')
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ version: 2, updated_at: update.at, updated_by: 'Sở Nông nghiệp và Môi trường' });

    // The removed row comes back, renamed: a restoration, whose record keeps the row as it was removed.
    const back = [{ ...nnmt[0]!, name: `${nnmt[0]!.name} (bổ sung)` }, ...changed];
    const third = await s.call('PUT', sheet, {
      token: s.tokens.nnmt,
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 2, rows: back },
    });
    expect(third.status).toBe(200);
    expect(third.body.rows[0]).toEqual({ uid: nnmt[0]!.uid, status: 'updated' });
    const restore = await s.db
      .selectFrom('audit_log')
      .selectAll()
      .where('round_id', '=', ROUND)
      .where('action', '=', 'restore')
      .executeTakeFirstOrThrow();
    expect(restore.uid).toBe(nnmt[0]!.uid);
    expect(restore.before).toEqual(asStored(got.body.rows[0]));
    expect(restore.after).toEqual({ ...asStored(got.body.rows[0]), name: `${nnmt[0]!.name} (bổ sung)` });
    const headers = new Map(tableDef('budget').columns.map((c) => [c.key, { header: c.header, type: c.type }]));
    expect(describeChange(restore, headers)).toBe(
      `Khôi phục dòng, so với lúc bị xóa: Tên nhiệm vụ/hoạt động/dự án: ${nnmt[0]!.name} → ${nnmt[0]!.name} (bổ sung)`,
    );
  });

  it('applies a retried request once and returns the first answer', async () => {
    const rows = budgetRowsLedBy('Sở Y tế');
    const key = newKey();
    const first = await s.call('PUT', sheet, {
      token: s.tokens.yte,
      headers: { 'idempotency-key': key },
      body: { baseVersion: 0, rows },
    });
    const again = await s.call('PUT', sheet, {
      token: s.tokens.yte,
      headers: { 'idempotency-key': key },
      body: { baseVersion: 0, rows },
    });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const sheets = await s.db
      .selectFrom('sheets')
      .select('version')
      .where('agency_id', '=', 'so-y-te')
      .where('round_id', '=', ROUND)
      .execute();
    expect(sheets).toEqual([{ version: 1 }]);
    const inserts = await s.db
      .selectFrom('audit_log')
      .select('uid')
      .where('agency_id', '=', 'so-y-te')
      .where('action', '=', 'insert')
      .execute();
    expect(inserts).toHaveLength(rows.length);
    // The same key with another body is a mistake, not a retry.
    const reused = await s.call('PUT', sheet, {
      token: s.tokens.yte,
      headers: { 'idempotency-key': key },
      body: { baseVersion: 1, rows: rows.slice(1) },
    });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
  });

  it('keeps warnings with the rows and shows them on GET', async () => {
    const rows = budgetRowsLedBy('Sở Văn hoá, Thể thao và Du lịch').map((r, i) =>
      i === 0 ? { ...r, lead: 'Sở VHTT&DL' } : r,
    );
    const res = await s.call('PUT', `${sheet}?agency=so-vh-tt-dl`, {
      headers: { 'idempotency-key': newKey() },
      body: { baseVersion: 0, rows },
    });
    expect(res.status).toBe(200);
    const alias = res.body.findings.find((f: { code: string }) => f.code === 'agency_alias');
    expect(alias).toMatchObject({
      uid: rows[0]!.uid,
      severity: 'warning',
      suggestion: 'Sở Văn hóa, Thể thao và Du lịch',
    });
    const got = await s.call('GET', `${sheet}?agency=so-vh-tt-dl`);
    expect(got.body.rows[0].findings[0].code).toBe('agency_alias');
  });
});
