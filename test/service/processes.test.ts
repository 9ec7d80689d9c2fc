/**
 * Two service processes on one database answer as one process does. Process A and process B
 * are two apps with caches of their own (round rows, merged JSON, round index, registry): on
 * PostgreSQL each has its own pool; on PGlite, which one process owns, they share its session
 * but not their caches. A third app on a database of its own is the single process. The same
 * steps run on both sides, the writes through A or B and the reads through the other, and after
 * every step the pair's answers equal the single process's: sync answers, the merged JSON, the
 * flags, each agency's sheet, a registry change and a token issued and revoked by the other.
 */
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../db/create-db.js';
import type { Database } from '../../db/schema/index.js';
import { testDatabases } from '../../db/test-databases.js';
import { createApp, defaultConfig } from '../../service/app.js';
import { DEMO_ROUND_ID } from '../../service/demo/demo-round.js';
import { RegistryStore } from '../../service/registry-store.js';
import { callerFor, newKey, roundFlags, type Service, type SheetRow, startDemoService } from './harness.js';

/** What differs between two databases holding the same thing: times, request ids, token ids. */
const VOLATILE = /(^at$|At$|^requestId$|^tokenId$)/;
function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !VOLATILE.test(k))
        .map(([k, v]) => [k, stable(v)]),
    );
  return value;
}

/** A second app on `s`'s database with caches of its own, as another process has. */
async function otherProcess(s: Service): Promise<{ service: Service; handle: DbHandle | null }> {
  let db: Kysely<Database> = s.db;
  let handle: DbHandle | null = null;
  if (s.handle.dialect === 'postgres') {
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(s.db);
    const url = Object.assign(new URL(process.env.DATABASE_URL!), { pathname: `/${rows[0]!.name}` }).toString();
    handle = createDb({ databaseUrl: url });
    db = handle.db;
  } else {
    // Another Kysely over the same PGlite session: the caches are keyed by it, so they are B's own.
    db = s.db.withPlugin({ transformQuery: (a) => a.node, transformResult: async (a) => a.result });
  }
  // Registry checks at the default interval: what another process saved must be seen anyway.
  const app = createApp({ db, registry: new RegistryStore(db), config: defaultConfig() });
  return { service: { ...s, app, db, call: callerFor(app, s.tokens.coordinator) }, handle };
}

describe.each(testDatabases())('two service processes on one database, on %s', (kind) => {
  let single: Service;
  let a: Service;
  let b: Service;
  let bHandle: DbHandle | null;
  const base = `/api/v1/rounds/${DEMO_ROUND_ID}`;

  beforeAll(async () => {
    single = await startDemoService(kind);
    a = await startDemoService(kind);
    ({ service: b, handle: bHandle } = await otherProcess(a));
  }, 240_000);
  afterAll(async () => {
    await bHandle?.close();
    await a?.close();
    await single?.close();
  });

  /** Every read a validator or the pane makes, through `s`. */
  async function reads(s: Service, agencies: readonly string[]) {
    const merged: Record<string, unknown> = {};
    for (const table of ['tasks', 'budget']) {
      const res = await s.call('GET', `${base}/merged/${table}`);
      expect(res.status).toBe(200);
      merged[table] = stable(res.body);
    }
    const sheets: Record<string, unknown> = {};
    for (const agency of agencies)
      for (const table of ['tasks', 'budget']) {
        const res = await s.call('GET', `${base}/sheets/${table}?agency=${agency}`);
        expect(res.status).toBe(200);
        sheets[`${table} ${agency}`] = stable(res.body);
      }
    const registry = await s.call('GET', '/api/v1/registry');
    return { merged, sheets, flags: await roundFlags(s, DEMO_ROUND_ID), registry: stable(registry.body) };
  }
  const AGENCIES = ['so-y-te', 'so-tai-chinh', 'so-xay-dung'];

  async function expectSameReads(readVia: Service, step: string) {
    const [pair, one] = [await reads(readVia, AGENCIES), await reads(single, AGENCIES)];
    expect(pair.flags, `${step}: flags`).toEqual(one.flags);
    expect(pair.sheets, `${step}: sheets`).toEqual(one.sheets);
    expect(pair.merged, `${step}: merged`).toEqual(one.merged);
    expect(pair.registry, `${step}: registry`).toEqual(one.registry);
  }

  /** The same edit of an agency's sheet on both sides, through `via` on the pair; both answers, made stable. */
  async function edit(via: Service, table: string, agency: string, change: (rows: SheetRow[]) => SheetRow[]) {
    const answers = [];
    for (const s of [via, single]) {
      const current = await s.call('GET', `${base}/sheets/${table}?agency=${agency}`);
      const rows = current.body.rows.map(({ findings: _f, version: _v, comments: _c, ...r }: SheetRow) => r);
      const res = await s.call('PUT', `${base}/sheets/${table}?agency=${agency}`, {
        headers: { 'idempotency-key': newKey() },
        body: { baseVersion: current.body.version, rows: change(rows) },
      });
      expect(res.status, JSON.stringify(res.body).slice(0, 400)).toBe(200);
      answers.push(stable(res.body));
    }
    expect(answers[0], `sync answer of ${table} ${agency}`).toEqual(answers[1]);
  }

  /** A budget line's money, all in 2026. */
  const amounts = (total: string) => ({ total, y2026: total, y2027: '', y2028: '', y2029: '', y2030: '' });

  it('starts alike: B reads what A loaded', async () => {
    // A and B fill their caches, so that every later step shows whether they notice the other's writes.
    await reads(a, AGENCIES);
    await expectSameReads(b, 'start');
  }, 120_000);

  it('sees in B the syncs sent to A, and in A those sent to B', async () => {
    const health = await single.call('GET', `${base}/sheets/budget?agency=so-y-te`);
    const copied = { ...health.body.rows[0], uid: 'tc-copy-1', lead: 'Sở Tài chính' };
    delete copied.findings;
    delete copied.version;
    delete copied.comments;
    // A: the finance department copies a health line with another amount (one task, two agencies).
    await edit(a, 'budget', 'so-tai-chinh', (rows) => [...rows, { ...copied, ...amounts('1.000') }]);
    await expectSameReads(b, 'after a sync to A');
    // B: the health department changes its amounts and removes a line.
    await edit(b, 'budget', 'so-y-te', (rows) =>
      rows.slice(1).map((r, i) => (i === 0 ? { ...r, ...amounts('2.500') } : r)),
    );
    await expectSameReads(a, 'after a sync to B');
    // A again: the removed line comes back, the index of A holding the health sheet as it was.
    await edit(a, 'budget', 'so-y-te', (rows) => [
      { ...health.body.rows[0], findings: undefined, version: undefined, comments: undefined },
      ...rows,
    ]);
    await expectSameReads(b, 'after a restoration through A');
  }, 240_000);

  it('shows in B a review made through A', async () => {
    const open = (await roundFlags(a, DEMO_ROUND_ID)).map((f) => JSON.parse(f) as [string, string]);
    const id = open.find((f) => f[1] === 'conflicting_amounts')?.[0] ?? open[0]![0];
    for (const s of [a, single]) {
      const res = await s.call('POST', `${base}/flags/${encodeURIComponent(id)}/review`, {
        token: s.tokens.validator,
        body: { action: 'return', note: 'Đề nghị thống nhất số liệu với Sở Y tế' },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    await expectSameReads(b, 'after a review through A');
  }, 120_000);

  it('knows at once in B an agency saved through A, and its flags follow', async () => {
    const agency = {
      name: 'Sở Tài chính',
      kind: 'department',
      aliases: ['Sở TC', 'STC', 'Sở Tài chính tỉnh Lào Cai', 'Tài chính', 'Phòng Tài chính tỉnh'],
      formerly: ['Sở Kế hoạch và Đầu tư', 'Sở KH&ĐT', 'Sở KHĐT', 'SKHĐT'],
    };
    for (const s of [a, single]) {
      const res = await s.call('PUT', '/api/v1/registry/agencies/so-tai-chinh', {
        token: s.tokens.admin,
        body: agency,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    await expectSameReads(b, 'after a registry change through A');
    // A sync through B names the agency by its new alias, within the interval B rechecks at.
    await edit(b, 'budget', 'so-tai-chinh', (rows) =>
      rows.map((r, i) => (i === 0 ? { ...r, partners: 'Phòng Tài chính tỉnh' } : r)),
    );
    await expectSameReads(a, 'after a sync through B with the new alias');
  }, 240_000);

  it('takes in B a token issued through A at once, and refuses it once A revokes it', async () => {
    const issued = await a.call('POST', '/api/v1/tokens', {
      token: a.tokens.admin,
      body: { role: 'agency', agency: 'so-y-te', label: 'Sở Y tế (máy mới)' },
    });
    expect(issued.status).toBe(201);
    const mine = await b.call('GET', '/api/v1/tokens/current', { token: issued.body.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({ role: 'agency', agencyId: 'so-y-te', label: 'Sở Y tế (máy mới)' });
    expect((await b.call('GET', `${base}/sheets/budget`, { token: issued.body.token })).status).toBe(200);
    expect((await a.call('DELETE', `/api/v1/tokens/${issued.body.id}`, { token: a.tokens.admin })).status).toBe(200);
    const refused = await b.call('GET', `${base}/sheets/budget`, { token: issued.body.token });
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toContain('đã bị thu hồi');
  });
});
