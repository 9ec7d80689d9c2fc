/**
 * Syncing at deadline-day scale on PostgreSQL, over HTTP through a real listening server, each
 * figure against a baseline measured in the same run (issue #3):
 *  (a) one agency's 300-row sync vs replacing 300 rows in one bare transaction,
 *      in an empty round and again in the full round after (c);
 *  (b) a 10,000-row sync vs COPY of the same rows into a bare table;
 *  (c) 140 agencies sending 300 rows each at once (clients in a worker thread), vs the same
 *      sheets replaced in a bare table one transaction after another;
 *  (d) the merged JSON of the resulting 42,000-row round;
 *  (e) its .xlsx vs ExcelJS's streaming writer writing the same cells unstyled.
 * Rows are bench/sync-rows.ts: real Phụ lục III names with suffixes, amounts that add up.
 *
 * Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/sync.ts
 * Makes and drops its own database. BENCH_RUNS scales the repetitions; BENCH_SPIKE_TIMEOUT
 * (seconds, default 120) bounds the wait for (c).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stream } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { type ServerType, serve } from '@hono/node-server';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { createDb } from '../db/create-db.js';
import { toJsonb } from '../db/jsonb.js';
import { migrateToLatest } from '../db/migrate.js';
import { loadRegistryFile } from '../db/registry-file.js';
import { seedRegistry } from '../db/seed-registry.js';
import { type MergedTable, tableDef } from '../domain/index.js';
import { createApp, defaultConfig } from '../service/app.js';
import { createToken } from '../service/auth/tokens.js';
import { demoItems } from '../service/demo/demo-round.js';
import { loadMerged } from '../service/merge/load-merged.js';
import { RegistryStore } from '../service/registry-store.js';
import { getRound } from '../service/rounds/round.js';
import { rowHash, storedCells } from '../service/sync/stored-row.js';
import { benchRound } from './bench-round.js';
import { copyFrom, copyText } from './pg-copy.js';
import { spikeClients } from './spike-clients.js';
import { agencySheet, type SheetRow } from './sync-rows.js';

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  console.error('Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/test');
  process.exit(2);
}
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const SPIKE_TIMEOUT = Number(process.env.BENCH_SPIKE_TIMEOUT ?? 120) * 1000;
const AGENCIES = 140;
const ROWS = 300;
const BIG = 10_000;
const def = tableDef('budget');

// ---------------------------------------------------------------- setup
const dbName = `tonghop_bench_${randomBytes(6).toString('hex')}`;
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${dbName}` }).toString();
await admin((c) => c.query(`create database "${dbName}"`));
const { db, close: closeDb } = createDb({ databaseUrl });
await migrateToLatest(db);

async function admin<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
const registry = loadRegistryFile();
await seedRegistry(db, registry);
// Hundreds of syncs a minute with one token are what this measures, not what a clerk sends.
const defaults = defaultConfig();
const app = createApp({
  db,
  registry: new RegistryStore(db),
  config: { ...defaults, rateLimits: { ...defaults.rateLimits, syncsPerToken: Number.POSITIVE_INFINITY } },
});
const agencies = registry.agencies.filter((a) => a.kind !== 'group').slice(0, AGENCIES);
const tokens = new Map<string, string>();
for (const a of agencies)
  tokens.set(a.id, (await createToken(db, { role: 'agency', agencyId: a.id, label: a.name })).token);
const coordinator = (await createToken(db, { role: 'coordinator', agencyId: 'so-khcn', label: 'Điều phối' })).token;
const outline = { budget: demoItems('budget').outline };
const newRound = (id: string, expected: readonly string[]) => benchRound(db, id, expected, outline);

const server = await new Promise<ServerType>((resolve) => {
  const srv = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(srv));
});
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
let keys = 0;

/** The request body, made before the clock starts: the client shares the process with the server. */
const bodyOf = (rows: readonly SheetRow[], baseVersion: number) => JSON.stringify({ baseVersion, rows });

async function put(round: string, agencyId: string, payload: string) {
  const start = performance.now();
  const res = await fetch(`${base}/api/v1/rounds/${round}/sheets/budget`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${tokens.get(agencyId)}`,
      'content-type': 'application/json',
      'idempotency-key': `bench-${++keys}`,
    },
    body: payload,
  });
  const body = (await res.json()) as { version?: number; error?: { code: string; message: string } };
  return { status: res.status, ms: performance.now() - start, body };
}

async function get(path: string): Promise<{ ms: number; bytes: number; status: number }> {
  const start = performance.now();
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${coordinator}` } });
  const bytes = (await res.arrayBuffer()).byteLength;
  return { ms: performance.now() - start, bytes, status: res.status };
}

/**
 * The merged JSON as a browser gets it (the task pane, the console): asking for gzip, then
 * holding the whole body decoded. Through node:http and zlib, which do only that; Node's fetch
 * adds its web streams (figures beside).
 */
function getJson(path: string): Promise<{ ms: number; bytes: number; wire: number }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(
        `${base}${path}`,
        { headers: { authorization: `Bearer ${coordinator}`, 'accept-encoding': 'gzip' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (res.statusCode !== 200) return reject(new Error(`merged JSON: ${res.statusCode}`));
            const wire = Buffer.concat(chunks);
            const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(wire) : wire;
            resolve({ ms: performance.now() - start, bytes: body.length, wire: wire.length });
          });
        },
      )
      .on('error', reject);
  });
}

// The bare tables of the baselines: the same columns as sheet_rows, no keys to check, no audit.
const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, application_name: 'bench' });
const columns =
  'round_id text, table_name text, uid text, agency_id text, section text, code text, position integer, data jsonb, row_hash text';
await pool.query(`create table bench_plain (${columns}, primary key (round_id, table_name, uid))`);
await pool.query(`create table bench_copy (${columns})`);

type Stored = [string, string, string, string, string, string, number, string, string];
function storedRows(round: string, agencyId: string, rows: readonly SheetRow[]): Stored[] {
  return rows.map((r, i) => {
    const cells = storedCells(def, r);
    return [round, 'budget', r.uid, agencyId, r.section, r.code, i, toJsonb(cells), rowHash(r.section, r.code, cells)];
  });
}

async function replaceBare(agencyId: string, rows: Stored[]): Promise<number> {
  const client = await pool.connect();
  const start = performance.now();
  try {
    await client.query('begin');
    await client.query('delete from bench_plain where agency_id = $1', [agencyId]);
    const values = rows
      .map((_, i) => `(${Array.from({ length: 9 }, (_, k) => `$${i * 9 + k + 1}`).join(', ')})`)
      .join(', ');
    await client.query(`insert into bench_plain values ${values}`, rows.flat());
    await client.query('commit');
  } finally {
    client.release();
  }
  return performance.now() - start;
}

async function copyBare(rows: Stored[]): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('truncate bench_copy');
    const lines = rows.map((r) => `${r.map(copyText).join('\t')}\n`);
    const start = performance.now();
    await copyFrom(client, 'copy bench_copy from stdin', lines);
    return performance.now() - start;
  } finally {
    client.release();
  }
}

// ---------------------------------------------------------------- statistics and report
const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);
const quantile = (xs: readonly number[], q: number) =>
  sorted(xs)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)]!;
const median = (xs: readonly number[]) => quantile(xs, 0.5);
const ms = (x: number) =>
  x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`;
const report: string[][] = [];
function line(what: string, result: string, baseline: string, ratio: string, goal: string, met: boolean | null) {
  report.push([what, result, baseline, ratio, goal, met === null ? '—' : met ? 'yes' : '**no**']);
  console.log(
    `${what.padEnd(44)} ${result.padEnd(34)} ${baseline.padEnd(26)} ${ratio.padEnd(8)} ${goal.padEnd(24)} ${met === null ? '' : met ? 'ok' : 'MISSED'}`,
  );
}

// ---------------------------------------------------------------- (a) one agency
/**
 * Syncs of one agency's 300-row sheet, each after editing `edited` rows (names and amounts),
 * against replacing its 300 rows in a bare table, alternately.
 */
async function singleAgency(
  round: string,
  agencyIndex: number,
  edited: number,
  runs: number,
  budgetMs: number,
  label: string,
) {
  const agency = agencies[agencyIndex]!;
  const current = await db
    .selectFrom('sheets')
    .select('version')
    .where('round_id', '=', round)
    .where('agency_id', '=', agency.id)
    .executeTakeFirst();
  let version = current?.version ?? 0;
  let sheet = agencySheet(agency, ROWS, agencyIndex);
  if (version === 0) {
    const first = await put(round, agency.id, bodyOf(sheet, 0));
    if (first.status !== 200) throw new Error(`first sync failed: ${JSON.stringify(first.body)}`);
    version = first.body.version!;
  }
  // Every sheet sent, made up front; a sync changes the rows it edits, so versions go up by one.
  const sent: SheetRow[][] = [];
  for (let i = 0; i < runs; i++) {
    const next = agencySheet(agency, ROWS, agencyIndex, keys + i + 1);
    sheet = sheet.map((row, k) => ((((k - i * edited) % ROWS) + ROWS) % ROWS < edited ? next[k]! : row));
    sent.push(sheet);
  }
  const bodies = sent.map((rows, i) => bodyOf(rows, version + i));
  const bare = sent.map((rows) => storedRows(round, agency.id, rows));
  const syncs: number[] = [];
  const bares: number[] = [];
  const until = performance.now() + budgetMs;
  for (let i = 0; i < runs && performance.now() < until; i++) {
    bares.push(await replaceBare(agency.id, bare[i]!));
    const res = await put(round, agency.id, bodies[i]!);
    if (res.status !== 200) throw new Error(`sync failed: ${res.status} ${JSON.stringify(res.body)}`);
    syncs.push(res.ms);
  }
  const m = median(syncs);
  const p99 = quantile(syncs, 0.99);
  line(
    `(a) ${label}, ${edited} rows edited`,
    `median ${ms(m)}, p99 ${ms(p99)} (n=${syncs.length})`,
    `median ${ms(median(bares))}`,
    `${(m / median(bares)).toFixed(1)}×`,
    'median < 30 ms, p99 < 120 ms',
    m < 30 && p99 < 120,
  );
}

await newRound('bench-a', [agencies[0]!.id]);
await singleAgency('bench-a', 0, 5, 100 * RUNS, 120_000, 'round with only this agency');
await singleAgency('bench-a', 0, ROWS, 100 * RUNS, 120_000, 'round with only this agency');

// ---------------------------------------------------------------- (b) 10,000 rows
{
  const agency = agencies[1]!;
  const rows = agencySheet(agency, BIG, 1);
  const stored = storedRows('bench-b', agency.id, rows);
  const [first, resync] = [bodyOf(rows, 0), bodyOf(agencySheet(agency, BIG, 1, 1), 1)];
  const syncs: number[] = [];
  const resyncs: number[] = [];
  const copies: number[] = [];
  for (let i = 0; i < 3 * RUNS; i++) {
    copies.push(await copyBare(stored));
    const round = `bench-b${i}`;
    await newRound(round, [agency.id]);
    const sync = await put(round, agency.id, first);
    if (sync.status !== 200)
      throw new Error(`10k sync failed: ${sync.status} ${JSON.stringify(sync.body).slice(0, 500)}`);
    syncs.push(sync.ms);
    const again = await put(round, agency.id, resync);
    if (again.status !== 200) throw new Error(`10k re-sync failed: ${again.status}`);
    resyncs.push(again.ms);
  }
  const c = median(copies);
  line(
    '(b) 10,000-row sync, first (all inserted)',
    `median ${ms(median(syncs))} (n=${syncs.length})`,
    `COPY ${ms(c)}`,
    `${(median(syncs) / c).toFixed(1)}×`,
    '≤ 5× COPY',
    median(syncs) <= 5 * c,
  );
  line(
    '(b) 10,000-row re-sync, every row changed',
    `median ${ms(median(resyncs))}`,
    `COPY ${ms(c)}`,
    `${(median(resyncs) / c).toFixed(1)}×`,
    '≤ 5× COPY',
    median(resyncs) <= 5 * c,
  );
}

// ---------------------------------------------------------------- (c) the deadline-day spike
await newRound(
  'bench',
  agencies.map((a) => a.id),
);
const sheets = agencies.map((a, i) => agencySheet(a, ROWS, i));
const spikeBodies = sheets.map((rows) => bodyOf(rows, 0));
// The 140 clients run in a worker thread: on deadline day they are 140 other computers, and
// their HTTP work (undici, reading the answers) must not be charged to the service's thread.
const spike = await spikeClients(
  agencies.map((a, i) => ({
    url: `${base}/api/v1/rounds/bench/sheets/budget`,
    token: tokens.get(a.id)!,
    key: `bench-spike-${a.id}`,
    body: spikeBodies[i]!,
  })),
  SPIKE_TIMEOUT,
);
const { outcomes, aborted } = spike;
const spikeMs = spike.ms;
const done = outcomes.filter((o) => o.status === 200);
const failed = outcomes.filter((o) => o.status !== 200 && o.status !== -1);
const spikeLatency = done.map((o) => o.ms);
// What the database alone does with the same rows: each sheet replaced in the bare table, one
// transaction after another (made up front, like the requests' bodies). Emptied afterwards, so
// that no vacuum of its 42,000 rows runs under the measures that follow.
let bareSpike = 0;
{
  const bareSheets = agencies.map((a, i) => storedRows('bench', a.id, sheets[i]!));
  for (let i = 0; i < agencies.length; i++) bareSpike += await replaceBare(agencies[i]!.id, bareSheets[i]!);
  await pool.query('truncate bench_plain');
}
line(
  `(c) ${AGENCIES} agencies × ${ROWS} rows at once`,
  aborted
    ? `${done.length}/${AGENCIES} done after ${ms(spikeMs)} (stopped)`
    : `all done in ${ms(spikeMs)}, ${failed.length} errors`,
  `${AGENCIES} bare replaces in turn: ${ms(bareSpike)}`,
  aborted ? '' : `${(spikeMs / bareSpike).toFixed(1)}×`,
  'all within 5 s, no error',
  !aborted && failed.length === 0 && spikeMs <= 5000,
);
if (done.length > 0)
  console.log(
    `    per request: median ${ms(median(spikeLatency))}, p99 ${ms(quantile(spikeLatency, 0.99))}, max ${ms(Math.max(...spikeLatency))}`,
  );
if (failed.length > 0)
  console.log(`    errors: ${[...new Set(failed.map((f) => `${f.status} ${f.body.error?.code}`))].join(', ')}`);

// The rest needs the full round. Syncs cut off by the timeout still run in the service: wait
// (bounded) until they are done, then store what they did not, as the sync stores it.
if (aborted) {
  console.log('    (waiting for the unfinished syncs, then filling the round directly for the rest of the bench)');
  for (let quiet = 0, waited = 0; quiet < 2 && waited < 900; waited++) {
    await new Promise((r) => setTimeout(r, 1000));
    const { rows } = await pool.query(
      "select count(*)::int as n from pg_stat_activity where datname = $1 and application_name <> 'bench' and state <> 'idle'",
      [dbName],
    );
    quiet = rows[0].n === 0 ? quiet + 1 : 0;
  }
  const client = await pool.connect();
  try {
    await client.query('create temp table fill (like sheet_rows including defaults)');
    for (let i = 0; i < agencies.length; i++) {
      const a = agencies[i]!;
      await client.query(
        "insert into sheets (round_id, table_name, agency_id, version) values ('bench', 'budget', $1, 1) on conflict (round_id, table_name, agency_id) do update set version = greatest(sheets.version, 1)",
        [a.id],
      );
      await copyFrom(
        client,
        'copy fill (round_id, table_name, uid, agency_id, section, code, position, data, row_hash, version) from stdin',
        storedRows('bench', a.id, sheets[i]!).map((r) => `${[...r, 1].map(copyText).join('\t')}\n`),
      );
    }
    await client.query('insert into sheet_rows select * from fill on conflict do nothing');
  } finally {
    client.release();
  }
}

// ---------------------------------------------------------------- (a) again, in the full round
await singleAgency('bench', 0, 5, 50 * RUNS, 60_000, 'full 42,000-row round');
await singleAgency('bench', 0, ROWS, 50 * RUNS, 60_000, 'full 42,000-row round');

// ---------------------------------------------------------------- (d) merged JSON, (e) merged .xlsx
const count = await db
  .selectFrom('sheet_rows')
  .select(db.fn.countAll<number>().as('n'))
  .where('round_id', '=', 'bench')
  .where('deleted_at', 'is', null)
  .executeTakeFirstOrThrow();
{
  const runs: number[] = [];
  const fetched: number[] = [];
  let got = { bytes: 0, wire: 0 };
  for (let i = 0; i < 5 * RUNS; i++) {
    const r = await getJson('/api/v1/rounds/bench/merged/budget');
    runs.push(r.ms);
    got = r;
  }
  for (let i = 0; i < 5 * RUNS; i++) fetched.push((await get('/api/v1/rounds/bench/merged/budget')).ms);
  line(
    `(d) merged JSON, ${Number(count.n).toLocaleString('en-US')} rows, round unchanged`,
    `median ${ms(median(runs))} (${(got.bytes / 2 ** 20).toFixed(1)} MB, ${(got.wire / 2 ** 20).toFixed(1)} MB gzipped)`,
    '',
    '',
    '< 0.5 s',
    median(runs) < 500,
  );
  console.log(`    the same through Node's fetch (undici): median ${ms(median(fetched))}`);
  // The same pull right after one agency's sync (5 rows edited): its sheet is read again, the
  // round merged and serialised again.
  const agency = agencies[2]!;
  let version = (
    await db
      .selectFrom('sheets')
      .select('version')
      .where('round_id', '=', 'bench')
      .where('agency_id', '=', agency.id)
      .executeTakeFirstOrThrow()
  ).version;
  let rows = agencySheet(agency, ROWS, 2);
  const after: number[] = [];
  const afterFetched: number[] = [];
  for (let i = 0; i < 10 * RUNS; i++) {
    const next = agencySheet(agency, ROWS, 2, 500 + i);
    rows = rows.map((row, k) => (k % 60 === i ? next[k]! : row));
    const sync = await put('bench', agency.id, bodyOf(rows, version));
    if (sync.status !== 200) throw new Error(`sync before merged JSON: ${sync.status}`);
    version = sync.body.version!;
    // Through node:http, then through fetch, each right after its own sync.
    if (i < 5 * RUNS) after.push((await getJson('/api/v1/rounds/bench/merged/budget')).ms);
    else afterFetched.push((await get('/api/v1/rounds/bench/merged/budget')).ms);
  }
  line(
    "(d) merged JSON, right after one agency's sync",
    `median ${ms(median(after))}`,
    '',
    '',
    '< 0.5 s',
    median(after) < 500,
  );
  console.log(`    the same through Node's fetch (undici): median ${ms(median(afterFetched))}`);
}
{
  const round = await getRound(db, 'bench');
  const { merged } = await loadMerged(db, round, 'budget');
  const names = new Map(registry.agencies.map((a) => [a.id, a.name]));
  const basePath = join(tmpdir(), 'tonghop-bench-sync-baseline.xlsx');
  const http: number[] = [];
  const bases: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 3 * RUNS; i++) {
    let start = performance.now();
    await unstyledBaseline(merged!, (id) => names.get(id) ?? id, basePath);
    bases.push(performance.now() - start);
    start = performance.now();
    const r = await get('/api/v1/rounds/bench/merged/budget.xlsx');
    if (r.status !== 200) throw new Error(`merged xlsx: ${r.status}`);
    http.push(r.ms);
    bytes = r.bytes;
  }
  const b = Math.min(...bases);
  const h = Math.min(...http);
  line(
    '(e) merged .xlsx over HTTP (best)',
    `${ms(h)} (${(bytes / 2 ** 20).toFixed(1)} MB)`,
    `unstyled writer ${ms(b)}`,
    `${(h / b).toFixed(2)}×`,
    '≤ 2× unstyled writer',
    h <= 2 * b,
  );
}

/** The same cells through ExcelJS's streaming writer with no styles, merges or notes (as bench/merge.ts). */
async function unstyledBaseline(merged: MergedTable, agencyName: (id: string) => string, path: string): Promise<void> {
  const stream = createWriteStream(path) as unknown as Stream;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Phụ lục III');
  sheet.addRow(['PHỤ LỤC III: TỔNG HỢP KINH PHÍ THỰC HIỆN']).commit();
  sheet.addRow(['(Tổng hợp toàn tỉnh, giai đoạn 2026 - 2030)']).commit();
  sheet.addRow(['ĐVT: Triệu đồng']).commit();
  sheet.addRow([...merged.columns.map((c) => c.header), 'Cơ quan gửi']).commit();
  for (let i = 0; i < merged.rows.length; i++) {
    const row = merged.rows[i]!;
    sheet
      .addRow([
        ...merged.columns.map((c) => row.cells[c.key] ?? null),
        row.agencyId === null ? null : agencyName(row.agencyId),
      ])
      .commit();
    if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
  }
  sheet.commit();
  await workbook.commit();
}

// ---------------------------------------------------------------- done
console.log('\n| measure | result | baseline (same run) | ratio | goal | met |\n|---|---|---|---|---|---|');
for (const r of report) console.log(`| ${r.join(' | ')} |`);
await new Promise((r) => server.close(r));
await pool.end();
await closeDb();
await admin(async (c) => {
  await c.query(
    'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
    [dbName],
  );
  await c.query(`drop database if exists "${dbName}"`);
});
process.exit(0);
