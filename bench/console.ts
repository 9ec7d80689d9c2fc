/**
 * How fast the review console answers: the round overview and the review queue's first page
 * (plus a filtered and a deep page, a flag's detail and the merged table's first page), rendered
 * through the real app with a signed-in coordinator's cookie, on
 * - the demo round with the scenario that raises a flag of every code, and
 * - a generated 40,000-row round (tasks and budget rows built from plan 003's real rows, bulk
 *   inserted into sheets/sheet_rows/audit_log, then flagged by the real refreshFlags).
 * Goal: overview of the demo round and first queue page of the 40,000-row round under 1 s.
 *
 * Run: npx tsx bench/console.ts   (PGlite; with DATABASE_URL set, PostgreSQL too; BENCH_ROWS=… to change the size)
 */
import type { Kysely } from 'kysely';
import type { DbDialect } from '../db/create-db.js';
import { toJsonb } from '../db/jsonb.js';
import { loadRegistryFile } from '../db/registry-file.js';
import type { Database } from '../db/schema/index.js';
import { seedRegistry } from '../db/seed-registry.js';
import { openTestDb, testDatabases } from '../db/test-databases.js';
import type { SheetRowRecord } from '../domain/index.js';
import { createApp, defaultConfig } from '../service/app.js';
import { createToken } from '../service/auth/tokens.js';
import { DEMO_ROUND_ID, loadDemoRound } from '../service/demo/demo-round.js';
import { loadFlagScenario, vietnamDate } from '../service/demo/flag-scenario.js';
import { refreshFlags } from '../service/flags/refresh.js';
import { RegistryStore } from '../service/registry-store.js';
import { getRound } from '../service/rounds/round.js';
import { generatedRound } from '../test/consistency/generated-rows.js';

const COUNT = Number(process.env.BENCH_ROWS ?? 40_000);
const RUNS = 10;
const BIG_ROUND = 'bench-40k';

type App = ReturnType<typeof createApp>;

/** Best and median wall time of `runs` requests after one warm-up; fails on anything but 200. */
async function time(
  app: App,
  cookie: string,
  path: string,
  runs = RUNS,
): Promise<{ best: number; median: number; bytes: number }> {
  const get = async () => {
    const res = await app.request(`http://localhost${path}`, { headers: { cookie } });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text.slice(0, 300)}`);
    return text.length;
  };
  let bytes = await get();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    bytes = await get();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { best: times[0]!, median: times[Math.floor(times.length / 2)]!, bytes };
}

async function signIn(app: App, token: string): Promise<string> {
  const res = await app.request('http://localhost/console/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
  });
  const cookie = res.headers.get('set-cookie');
  if (res.status !== 303 || !cookie) throw new Error(`sign-in failed: ${res.status}`);
  return cookie.split(';')[0]!;
}

/** The generated rows straight into the tables the sync path writes, one sheet per agency and table. */
async function insertBigRound(db: Kysely<Database>, rows: SheetRowRecord[], now: Date): Promise<void> {
  const demo = await getRound(db, DEMO_ROUND_ID);
  const agencies = [...new Set(rows.map((r) => r.agencyId))].sort();
  const known = new Set(
    (await db.selectFrom('agencies').select(['id', 'kind']).execute())
      .filter((a) => a.kind !== 'group')
      .map((a) => a.id),
  );
  const sent = new Date(now.getTime() - 3 * 86_400_000);
  await db
    .insertInto('rounds')
    .values({
      id: BIG_ROUND,
      name: `Đợt thử tải ${rows.length.toLocaleString('vi-VN')} dòng`,
      period_start: 2026,
      period_end: 2030,
      due_date: vietnamDate(new Date(now.getTime() - 86_400_000)),
      outline: toJsonb(demo.outline),
      // Every agency that sends, and a few communes that never do (missing_submission).
      expected_agencies: toJsonb([...agencies.filter((a) => known.has(a)), 'xa-y-ty', 'phuong-sa-pa', 'xa-den-sang']),
      declared_totals: toJsonb(demo.declaredTotals),
      created_at: sent,
      updated_at: sent,
    })
    .execute();
  const sheets = new Map<string, number>();
  for (const r of rows) sheets.set(`${r.table}|${r.agencyId}`, (sheets.get(`${r.table}|${r.agencyId}`) ?? 0) + 1);
  await db
    .insertInto('sheets')
    .values(
      [...sheets.keys()].map((k) => {
        const [table, agency] = k.split('|');
        return {
          round_id: BIG_ROUND,
          table_name: table!,
          agency_id: agency!,
          version: 1,
          updated_at: sent,
          updated_by: 'bench',
        };
      }),
    )
    .execute();
  const positions = new Map<string, number>();
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await db
      .insertInto('sheet_rows')
      .values(
        chunk.map((r) => {
          const key = `${r.table}|${r.agencyId}`;
          const position = positions.get(key) ?? 0;
          positions.set(key, position + 1);
          return {
            round_id: BIG_ROUND,
            table_name: r.table,
            uid: r.uid,
            agency_id: r.agencyId,
            section: r.section,
            code: r.code,
            position,
            data: toJsonb(r.cells),
            row_hash: r.rowHash,
            version: 1,
            updated_at: sent,
          };
        }),
      )
      .execute();
    await db
      .insertInto('audit_log')
      .values(
        chunk.map((r) => ({
          at: sent,
          actor: 'bench',
          role: 'agency',
          agency_id: r.agencyId,
          round_id: BIG_ROUND,
          table_name: r.table,
          uid: r.uid,
          action: 'insert',
          before: null,
          after: toJsonb({ section: r.section, code: r.code, ...r.cells }),
        })),
      )
      .execute();
  }
}

const fmt = (t: { best: number; median: number; bytes: number }) =>
  `best ${t.best.toFixed(0).padStart(4)} ms, median ${t.median.toFixed(0).padStart(4)} ms  (${(t.bytes / 1024).toFixed(0)} KB)`;

async function bench(kind: DbDialect) {
  const handle = await openTestDb(kind);
  const { db } = handle;
  try {
    await seedRegistry(db, loadRegistryFile());
    const registry = new RegistryStore(db);
    const now = new Date();
    await loadDemoRound(db, registry, new Date(now.getTime() - 4 * 86_400_000));
    await loadFlagScenario(db, registry, now);
    const app = createApp({ db, registry, config: defaultConfig() });
    const cookie = await signIn(
      app,
      (await createToken(db, { role: 'coordinator', agencyId: 'so-khcn', label: 'bench' })).token,
    );
    const count = async (round: string) =>
      Number(
        (
          await db
            .selectFrom('flags')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('round_id', '=', round)
            .where('resolved_at', 'is', null)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const rowsOf = async (round: string) =>
      Number(
        (
          await db
            .selectFrom('sheet_rows')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('round_id', '=', round)
            .executeTakeFirstOrThrow()
        ).n,
      );

    console.log(
      `\n== ${kind === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL'}; in-process requests with a coordinator's cookie; best/median of ${RUNS} after a warm-up`,
    );
    console.log(`demo round: ${await rowsOf(DEMO_ROUND_ID)} rows, ${await count(DEMO_ROUND_ID)} live flags`);
    console.log(`  overview                    ${fmt(await time(app, cookie, `/console/rounds/${DEMO_ROUND_ID}`))}`);
    console.log(
      `  queue, first page           ${fmt(await time(app, cookie, `/console/rounds/${DEMO_ROUND_ID}/flags`))}`,
    );
    console.log(
      `  merged budget               ${fmt(await time(app, cookie, `/console/rounds/${DEMO_ROUND_ID}/merged/budget`))}`,
    );

    const rows = generatedRound(COUNT);
    let start = performance.now();
    await insertBigRound(db, rows, now);
    const inserted = performance.now() - start;
    start = performance.now();
    await db.transaction().execute(async (trx) =>
      refreshFlags(trx, {
        round: await getRound(trx as unknown as Kysely<Database>, BIG_ROUND),
        matcher: await registry.matcher(),
        now,
      }),
    );
    const flagged = performance.now() - start;
    const flags = await count(BIG_ROUND);
    const firstFlag = (
      await db
        .selectFrom('flags')
        .select('id')
        .where('round_id', '=', BIG_ROUND)
        .where('resolved_at', 'is', null)
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).id;
    const busiest = (
      await db
        .selectFrom('flags')
        .select(['code', (eb) => eb.fn.countAll().as('n')])
        .where('round_id', '=', BIG_ROUND)
        .groupBy('code')
        .orderBy('n', 'desc')
        .executeTakeFirstOrThrow()
    ).code;
    console.log(
      `${COUNT.toLocaleString('en-US')}-row round: ${rows.length.toLocaleString('en-US')} rows (${rows.filter((r) => r.table === 'budget').length.toLocaleString('en-US')} budget) from ${new Set(rows.map((r) => r.agencyId)).size} agencies; bulk insert ${(inserted / 1000).toFixed(1)} s, refreshFlags ${(flagged / 1000).toFixed(1)} s → ${flags.toLocaleString('en-US')} live flags`,
    );
    console.log(`  queue, first page           ${fmt(await time(app, cookie, `/console/rounds/${BIG_ROUND}/flags`))}`);
    console.log(
      `  queue, ${busiest.padEnd(20)} ${fmt(await time(app, cookie, `/console/rounds/${BIG_ROUND}/flags?code=${busiest}&status=open`))}`,
    );
    console.log(
      `  queue, page 20 by agency    ${fmt(await time(app, cookie, `/console/rounds/${BIG_ROUND}/flags?sort=agency&page=20`))}`,
    );
    console.log(
      `  queue, section II sorted    ${fmt(await time(app, cookie, `/console/rounds/${BIG_ROUND}/flags?section=II&sort=section&dir=desc`))}`,
    );
    console.log(
      `  flag detail                 ${fmt(await time(app, cookie, `/console/rounds/${BIG_ROUND}/flags/${encodeURIComponent(firstFlag)}`))}`,
    );
    console.log(`  overview                    ${fmt(await time(app, cookie, `/console/rounds/${BIG_ROUND}`, 5))}`);
    console.log(
      `  merged budget, first page   ${fmt(await time(app, cookie, `/console/rounds/${BIG_ROUND}/merged/budget`, 5))}`,
    );
  } finally {
    await handle.close();
  }
}

for (const kind of testDatabases()) await bench(kind);
