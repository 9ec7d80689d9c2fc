/**
 * A real service over a real database (PGlite always, PostgreSQL when DATABASE_URL is set),
 * exercised through HTTP requests to the Hono app.
 */
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { DbDialect, DbHandle } from '../../db/create-db.js';
import { toJsonb } from '../../db/jsonb.js';
import type { Database } from '../../db/schema/index.js';
import { seedRegistry } from '../../db/seed-registry.js';
import { openTestDb } from '../../db/test-databases.js';
import { createApp, defaultConfig } from '../../service/app.js';
import { createToken, revokeToken } from '../../service/auth/tokens.js';
import type { AppConfig } from '../../service/context.js';
import { DEMO_ROUND_ID, demoItems, loadDemoRound } from '../../service/demo/demo-round.js';
import { RegistryStore } from '../../service/registry-store.js';
import { registry as registryFile } from '../support/fixtures.js';

export interface Service {
  app: ReturnType<typeof createApp>;
  db: Kysely<Database>;
  handle: DbHandle;
  tokens: Record<'coordinator' | 'validator' | 'admin' | 'yte' | 'nnmt' | 'revoked', string>;
  call(
    method: string,
    path: string,
    opts?: { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; text: string }>;
  close(): Promise<void>;
}

export const ROUND = 'thu-nghiem';

/**
 * Suites that send a revoked token to every route or thousands of syncs with one token are not
 * about rate limits; those have their own suite (test/service/rate-limit.security.test.ts).
 */
export const UNLIMITED: AppConfig['rateLimits'] = {
  ...defaultConfig().rateLimits,
  authFailuresPerAddress: Number.POSITIVE_INFINITY,
  authFailuresPerToken: Number.POSITIVE_INFINITY,
  syncsPerToken: Number.POSITIVE_INFINITY,
};

/** The outline of Phụ lục II and III of plan 003, as the demo round has it. */
export const outline = { tasks: demoItems('tasks').outline, budget: demoItems('budget').outline };

export async function startService(kind: DbDialect, config: Partial<AppConfig> = {}): Promise<Service> {
  const handle = await openTestDb(kind);
  const db = handle.db;
  await seedRegistry(db, registryFile);
  const registry = new RegistryStore(db);
  const app = createApp({ db, registry, config: defaultConfig({ rateLimits: UNLIMITED, ...config }) });
  const tokens = {
    coordinator: (await createToken(db, { role: 'coordinator', agencyId: 'so-khcn', label: 'Chuyên viên điều phối' }))
      .token,
    validator: (await createToken(db, { role: 'validator', label: 'Chuyên viên thẩm định' })).token,
    admin: (await createToken(db, { role: 'admin', label: 'Quản trị' })).token,
    yte: (await createToken(db, { role: 'agency', agencyId: 'so-y-te', label: 'Sở Y tế' })).token,
    nnmt: (await createToken(db, { role: 'agency', agencyId: 'so-nn-mt', label: 'Sở Nông nghiệp và Môi trường' }))
      .token,
    revoked: (await createToken(db, { role: 'agency', agencyId: 'so-y-te', label: 'Sở Y tế (cũ)' })).token,
  };
  await revokeToken(db, tokens.revoked);
  await db
    .insertInto('rounds')
    .values({
      id: ROUND,
      name: 'Đợt thử nghiệm',
      period_start: 2026,
      period_end: 2030,
      due_date: '2026-12-15',
      outline: toJsonb(outline),
      expected_agencies: toJsonb(['so-y-te', 'so-nn-mt']),
    })
    .execute();
  return {
    app,
    db,
    handle,
    tokens,
    call: callerFor(app, tokens.coordinator),
    close: () => handle.close(),
  };
}

/** Requests to `app` as `Service.call` makes them, with `defaultToken` unless told otherwise. */
export function callerFor(app: ReturnType<typeof createApp>, defaultToken: string): Service['call'] {
  return async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token !== null) headers.authorization = `Bearer ${opts.token ?? defaultToken}`;
    let body: string | undefined = opts.raw;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    } else if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON (csv, xlsx) */
    }
    return { status: res.status, body: parsed, text };
  };
}

/** A sheet row as the API returns and takes it. */
export type SheetRow = Record<string, unknown> & { uid: string };

/** An agency's sheet of the demo round as a coordinator reads it (`?agency=`), rows ready to send back. */
export async function demoSheet(
  s: Service,
  table: string,
  agency: string,
): Promise<{ version: number; rows: SheetRow[] }> {
  const res = await s.call('GET', `/api/v1/rounds/${DEMO_ROUND_ID}/sheets/${table}?agency=${agency}`);
  if (res.status !== 200) throw new Error(`GET sheet: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return { version: res.body.version, rows: res.body.rows.map(({ findings: _f, version: _v, ...r }: SheetRow) => r) };
}

/** Syncs an edit of an agency's demo-round sheet on its current version, as the coordinator; fails unless 200; returns the answer. */
export async function editDemoSheet(
  s: Service,
  table: string,
  agency: string,
  edit: (rows: SheetRow[]) => SheetRow[],
): Promise<any> {
  const current = await demoSheet(s, table, agency);
  const res = await s.call('PUT', `/api/v1/rounds/${DEMO_ROUND_ID}/sheets/${table}?agency=${agency}`, {
    headers: { 'idempotency-key': newKey() },
    body: { baseVersion: current.version, rows: edit(current.rows) },
  });
  if (res.status !== 200) throw new Error(`PUT sheet: ${res.status} ${JSON.stringify(res.body).slice(0, 600)}`);
  return res.body;
}

/** A service whose database holds the demo round `de-an-11`, loaded as `npm start` loads it. */
export async function startDemoService(kind: DbDialect): Promise<Service> {
  const s = await startService(kind);
  if (!(await loadDemoRound(s.db, new RegistryStore(s.db)))) throw new Error('the demo round did not load');
  return s;
}

export const agencyIdOf = (name: string) => {
  const hit = registryFile.agencies.find((a) => a.name === name);
  if (!hit) throw new Error(`no agency ${name}`);
  return hit.id;
};

/** Real budget rows of plan 003 whose lead is exactly `lead`, as sheet rows. */
export function budgetRowsLedBy(lead: string): (Record<string, string> & { uid: string; section: string })[] {
  return demoItems('budget')
    .items.filter((i) => i.row.lead === lead)
    .map((i) => ({ ...i.row, uid: i.uid, section: i.section }));
}

let keyCounter = 0;
export const newKey = () => `k-${Date.now()}-${++keyCounter}`;

/** Every table's rows, for byte-for-byte comparisons of the database before and after. */
export async function dumpDatabase(db: Kysely<Database>): Promise<string> {
  const tables = [
    'agencies',
    'tokens',
    'rounds',
    'sheets',
    'sheet_rows',
    'audit_log',
    'idempotency_keys',
    'flags',
    'comments',
    'name_requests',
  ] as const;
  const out: Record<string, unknown> = {};
  for (const t of tables)
    out[t] = await db
      .selectFrom(t)
      .selectAll()
      .execute()
      .then((rows) => rows.map((r) => JSON.stringify(r)).sort());
  return JSON.stringify(out);
}

/** Every flag of a round, as a stable projection (review fields and times aside), sorted. */
export async function roundFlags(s: Service, roundId: string): Promise<string[]> {
  const out: string[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await s.call('GET', `/api/v1/rounds/${roundId}/flags?limit=1000&offset=${offset}`);
    expect(page.status).toBe(200);
    for (const f of page.body.flags)
      out.push(JSON.stringify([f.id, f.code, f.severity, f.table, f.agencyIds, f.rows, f.message, f.figures]));
    if (offset + 1000 >= page.body.total) break;
  }
  return out.sort();
}

/**
 * The flags syncs left behind must be those a full recompute (POST …/flags/recompute) finds:
 * compares the two and returns them.
 */
export async function expectFlagsOfFullRecompute(s: Service, roundId: string, step = ''): Promise<string[]> {
  const incremental = await roundFlags(s, roundId);
  expect((await s.call('POST', `/api/v1/rounds/${roundId}/flags/recompute`)).status).toBe(200);
  const full = await roundFlags(s, roundId);
  expect(incremental, step).toEqual(full);
  return full;
}
