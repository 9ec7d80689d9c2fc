/**
 * Deadline day under a real mix (issue #16), on PostgreSQL over loopback, against the service
 * started as `npm start` starts it (its own process; with BENCH_WORKERS=1,2 once with one
 * process and once with TONGHOP_WORKERS=2, each on a fresh database):
 *  - 140 agencies send 300 budget rows each at once (from a worker thread), while 10 validators
 *    page the flags (a page of 50, then 1 s reading it) and 2 coordinators download the merged
 *    .xlsx (again 1 s after each download); first the round's first syncs, then a re-sync of
 *    every sheet with every row changed;
 *  - the same two spikes in a second round with no readers: the baseline of the syncs' time;
 *  - the flags pages of the same 10 validators with nothing else running: the baseline of the
 *    flags page; the .xlsx downloaded alone.
 * After each spike the database is checked: every row stored once, as sent, every sheet at
 * its version, one audit record per changed row. The service's memory and event-loop delay come
 * from bench/probe.ts, preloaded into each of its processes.
 *
 * Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/deadline-day.ts
 * BENCH_WORKERS (default `1,2`) lists the process counts to measure; BENCH_NODE_ARGS adds options
 * to the service's node (`--cpu-prof --cpu-prof-dir=…` for a profile of each process);
 * BENCH_AGENCIES (default 140) makes a smaller spike to try the bench out.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createDb } from '../db/create-db.js';
import { tableDef } from '../domain/index.js';
import { createToken } from '../service/auth/tokens.js';
import { rowHash, storedCells } from '../service/sync/stored-row.js';
import { benchRound } from './bench-round.js';
import { type SpikeOutcome, spikeClients } from './spike-clients.js';
import { agencySheet, type SheetRow } from './sync-rows.js';

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  console.error('Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/test');
  process.exit(2);
}
const WORKERS = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
const AGENCIES = Number(process.env.BENCH_AGENCIES ?? 140);
const ROWS = 300;
const VALIDATORS = 10;
const COORDINATORS = 2;
const PAGE = 50;
const THINK_MS = 1000;
const IDLE_PAGES = 10;
const SPIKE_TIMEOUT = 180_000;
const ROOT = new URL('../', import.meta.url).pathname;
const def = tableDef('budget');

// ---------------------------------------------------------------- statistics
const quantile = (xs: readonly number[], q: number) =>
  xs.length === 0 ? Number.NaN : [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)]!;
const ms = (x: number) => (Number.isNaN(x) ? '—' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');

async function admin<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------- the service as a process
interface Probe {
  pid: number;
  worker: boolean;
  rssMb: number;
  peakRssMb: number;
  lag: { p50: number; p99: number; max: number };
}

interface Service {
  child: ChildProcess;
  base: string;
  /** Every serving process's memory and event-loop delay since the last call. */
  probe(): Promise<Probe[]>;
  stop(): Promise<void>;
}

async function startService(databaseUrl: string, workers: number): Promise<Service> {
  const probeFile = join(tmpdir(), `tonghop-probe-${randomBytes(4).toString('hex')}.jsonl`);
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      'tsx',
      '--import',
      pathToFileURL(join(ROOT, 'bench/probe.ts')).href,
      'service/main.ts',
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: '0',
        TONGHOP_DEMO: '0',
        TONGHOP_WORKERS: String(workers),
        BENCH_PROBE_FILE: probeFile,
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout!.on('data', (c: Buffer) => (text += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (text += c.toString('utf8')));
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the service did not start:\n${text}`)), 180_000);
    child.stdout!.on('data', () => {
      const m = /TổngHợp đang chạy tại https?:\/\/localhost:(\d+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`the service exited ${code}:\n${text}`)));
  });
  const expected = workers > 1 ? workers + 1 : 1;
  let seen = 0;
  const probe = async (): Promise<Probe[]> => {
    process.kill(-child.pid!, 'SIGUSR2');
    for (let waited = 0; waited < 10_000; waited += 50) {
      await new Promise((r) => setTimeout(r, 50));
      const lines = existsSync(probeFile) ? readFileSync(probeFile, 'utf8').trim().split('\n') : [];
      if (lines.length >= seen + expected) {
        const fresh = lines.slice(seen, seen + expected).map((l) => JSON.parse(l) as Probe);
        seen += expected;
        // The primary of a cluster serves nothing: its figures are not the service's.
        return workers > 1 ? fresh.filter((p) => p.worker) : fresh;
      }
    }
    throw new Error('the service did not answer the probe');
  };
  await probe();
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    probe,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(probeFile, { force: true });
    },
  };
}

// ---------------------------------------------------------------- readers
interface Readers {
  flags: number[];
  xlsx: number[];
  errors: string[];
}

/** Validators paging the flags and coordinators downloading the .xlsx until `stopped()`. */
function startReaders(
  base: string,
  round: string,
  validators: readonly string[],
  coordinators: readonly string[],
  stopped: () => boolean,
  pagesEach = Number.POSITIVE_INFINITY,
): { done: Promise<Readers> } {
  const out: Readers = { flags: [], xlsx: [], errors: [] };
  const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
  const validator = async (token: string, v: number) => {
    let total = PAGE;
    for (let page = v, n = 0; !stopped() && n < pagesEach; page++, n++) {
      const offset = (page * PAGE) % Math.max(total, PAGE);
      const start = performance.now();
      try {
        const res = await fetch(`${base}/api/v1/rounds/${round}/flags?limit=${PAGE}&offset=${offset}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const body = (await res.json()) as { total?: number };
        if (res.status !== 200) out.errors.push(`flags ${res.status}`);
        else {
          out.flags.push(performance.now() - start);
          total = body.total ?? total;
        }
      } catch (e) {
        out.errors.push(`flags ${(e as Error).message} ${String((e as Error).cause ?? '')}`);
      }
      await sleep(THINK_MS);
    }
  };
  const coordinator = async (token: string) => {
    while (!stopped()) {
      const start = performance.now();
      try {
        const res = await fetch(`${base}/api/v1/rounds/${round}/merged/budget.xlsx`, {
          headers: { authorization: `Bearer ${token}` },
        });
        await res.arrayBuffer();
        if (res.status !== 200) out.errors.push(`xlsx ${res.status}`);
        else out.xlsx.push(performance.now() - start);
      } catch (e) {
        out.errors.push(`xlsx ${(e as Error).message} ${String((e as Error).cause ?? '')}`);
      }
      await sleep(THINK_MS);
    }
  };
  return {
    done: Promise.all([...validators.map(validator), ...coordinators.map(coordinator)]).then(() => out),
  };
}

// ---------------------------------------------------------------- one configuration
interface SpikeResult {
  label: string;
  ms: number;
  p50: number;
  p99: number;
  syncErrors: number;
  readers: Readers | null;
  probes: Probe[];
  stored: string;
}

async function measure(workers: number) {
  const dbName = `tonghop_bench_${randomBytes(6).toString('hex')}`;
  const databaseUrl = Object.assign(new URL(serverUrl!), { pathname: `/${dbName}` }).toString();
  await admin((c) => c.query(`create database "${dbName}"`));
  const loadBefore = load();
  const service = await startService(databaseUrl, workers);
  const { db, close } = createDb({ databaseUrl });
  try {
    const registry = await db.selectFrom('agencies').select(['id', 'name', 'kind']).orderBy('name').execute();
    const agencies = registry.filter((a) => a.kind !== 'group').slice(0, AGENCIES);
    const tokens = new Map<string, string>();
    for (const a of agencies)
      tokens.set(a.id, (await createToken(db, { role: 'agency', agencyId: a.id, label: a.name })).token);
    const validators: string[] = [];
    for (let i = 0; i < VALIDATORS; i++)
      validators.push((await createToken(db, { role: 'validator', label: `Thẩm định ${i + 1}` })).token);
    const coordinators: string[] = [];
    for (let i = 0; i < COORDINATORS; i++)
      coordinators.push(
        (await createToken(db, { role: 'coordinator', agencyId: 'so-khcn', label: `Điều phối ${i + 1}` })).token,
      );
    for (const round of ['mixed', 'quiet'])
      await benchRound(
        db,
        round,
        agencies.map((a) => a.id),
      );
    const first = agencies.map((a, i) => agencySheet(a, ROWS, i));
    const changed = agencies.map((a, i) => agencySheet(a, ROWS, i, 1));

    const spike = async (
      label: string,
      round: string,
      sheets: SheetRow[][],
      baseVersion: number,
      withReaders: boolean,
    ): Promise<SpikeResult> => {
      await service.probe();
      let over = false;
      const readers = withReaders ? startReaders(service.base, round, validators, coordinators, () => over) : null;
      const run = await spikeClients(
        agencies.map((a, i) => ({
          url: `${service.base}/api/v1/rounds/${round}/sheets/budget`,
          token: tokens.get(a.id)!,
          key: `${round}-${baseVersion}-${a.id}`,
          body: JSON.stringify({ baseVersion, rows: sheets[i] }),
        })),
        SPIKE_TIMEOUT,
      );
      over = true;
      const read = readers ? await readers.done : null;
      const probes = await service.probe();
      const ok = run.outcomes.filter((o: SpikeOutcome) => o.status === 200).map((o) => o.ms);
      const result: SpikeResult = {
        label,
        ms: run.ms,
        p50: quantile(ok, 0.5),
        p99: quantile(ok, 0.99),
        syncErrors: run.outcomes.length - ok.length,
        readers: read,
        probes,
        stored: await checkStored(round, sheets, baseVersion + 1),
      };
      if (read && read.errors.length > 0) console.log(`    reader errors: ${[...new Set(read.errors)].join(', ')}`);
      const errs = run.outcomes.filter((o) => o.status !== 200);
      if (errs.length > 0)
        console.log(
          `    sync errors: ${[...new Set(errs.map((e) => `${e.status} ${e.body.error?.code}`))].join(', ')}`,
        );
      console.log(
        `  ${label}: ${ms(result.ms)} (p50 ${ms(result.p50)}, p99 ${ms(result.p99)}), errors ${result.syncErrors}${
          read
            ? `, flags p99 ${ms(quantile(read.flags, 0.99))} (n=${read.flags.length}), .xlsx ${read.xlsx.map(ms).join(', ')}, reader errors ${read.errors.length}`
            : ''
        }, peak RSS ${Math.max(...probes.map((p) => p.peakRssMb))} MB, loop delay max ${Math.max(...probes.map((p) => p.lag.max))} ms; ${result.stored}`,
      );
      return result;
    };

    /** Every row stored once and as sent, each sheet at `version`, one audit record per changed row. */
    const checkStored = async (round: string, sheets: SheetRow[][], version: number): Promise<string> => {
      const rows = await db
        .selectFrom('sheet_rows')
        .select(['agency_id', 'uid', 'row_hash'])
        .where('round_id', '=', round)
        .where('deleted_at', 'is', null)
        .execute();
      const want = new Map<string, string>();
      agencies.forEach((a, i) => {
        for (const r of sheets[i]!) want.set(`${a.id} ${r.uid}`, rowHash(r.section, r.code, storedCells(def, r)));
      });
      const seen = new Set<string>();
      let wrong = 0;
      for (const r of rows) {
        const key = `${r.agency_id} ${r.uid}`;
        if (seen.has(key) || want.get(key) !== r.row_hash) wrong++;
        seen.add(key);
      }
      const sheetsAt = await db
        .selectFrom('sheets')
        .select(db.fn.countAll<number>().as('n'))
        .where('round_id', '=', round)
        .where('version', '=', version)
        .executeTakeFirstOrThrow();
      const audit = await db
        .selectFrom('audit_log')
        .select(db.fn.countAll<number>().as('n'))
        .where('round_id', '=', round)
        .where('table_name', '=', 'budget')
        .executeTakeFirstOrThrow();
      const good =
        wrong === 0 &&
        rows.length === want.size &&
        Number(sheetsAt.n) === AGENCIES &&
        Number(audit.n) === want.size * version;
      return `${good ? 'stored once: yes' : '**stored once: NO**'} (${rows.length} rows, ${wrong} wrong, ${sheetsAt.n} sheets at v${version}, ${audit.n} audit records)`;
    };

    const idle = async (round: string) => {
      await service.probe();
      const read = await startReaders(service.base, round, validators, [], () => false, IDLE_PAGES).done;
      const xlsx: number[] = [];
      for (let i = 0; i < 2; i++) {
        const start = performance.now();
        const res = await fetch(`${service.base}/api/v1/rounds/${round}/merged/budget.xlsx`, {
          headers: { authorization: `Bearer ${coordinators[0]}` },
        });
        await res.arrayBuffer();
        if (res.status !== 200) read.errors.push(`xlsx ${res.status}`);
        xlsx.push(performance.now() - start);
      }
      const probes = await service.probe();
      console.log(
        `  idle: flags p99 ${ms(quantile(read.flags, 0.99))} (n=${read.flags.length}), .xlsx alone ${xlsx.map(ms).join(', ')}, loop delay max ${Math.max(...probes.map((p) => p.lag.max))} ms`,
      );
      return { flagsP99: quantile(read.flags, 0.99), xlsx: Math.min(...xlsx), errors: read.errors.length, probes };
    };

    console.log(`\n${workers} process(es), load average before ${loadBefore}`);
    const mixedFirst = await spike('mixed, first syncs', 'mixed', first, 0, true);
    const idleFirst = await idle('mixed');
    const mixedAgain = await spike('mixed, every row changed', 'mixed', changed, 1, true);
    const idleAgain = await idle('mixed');
    const quietFirst = await spike('no readers, first syncs', 'quiet', first, 0, false);
    const quietAgain = await spike('no readers, every row changed', 'quiet', changed, 1, false);
    return {
      workers,
      loadBefore,
      loadAfter: load(),
      mixedFirst,
      mixedAgain,
      quietFirst,
      quietAgain,
      idleFirst,
      idleAgain,
    };
  } finally {
    await close();
    await service.stop();
    await admin(async (c) => {
      await c.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [dbName],
      );
      await c.query(`drop database if exists "${dbName}"`);
    });
  }
}

// ---------------------------------------------------------------- report
const version = await admin((c) => c.query('show server_version')).then((r) => r.rows[0].server_version as string);
console.log(
  `Deadline day: ${AGENCIES} agencies × ${ROWS} rows, ${VALIDATORS} validators, ${COORDINATORS} coordinators; ${cpus().length} cores, PostgreSQL ${version}, ${new Date().toISOString()}`,
);
const results = [];
for (const w of WORKERS) results.push(await measure(w));
// Kept, should the report below need to be made again.
const saved = join(tmpdir(), `tonghop-deadline-day-${Date.now()}.json`);
writeFileSync(saved, JSON.stringify(results));
console.log(`\nfigures kept in ${saved}`);

const peak = (ps: Probe[]) => Math.max(...ps.map((p) => p.peakRssMb));
/** The largest process's peak, and with several the sum of their peaks. */
const peakText = (ps: Probe[]) =>
  ps.length > 1 ? `${peak(ps)} MB (${ps.reduce((s, p) => s + p.peakRssMb, 0)} MB in all)` : `${peak(ps)} MB`;
const lagMax = (ps: Probe[]) => Math.max(...ps.map((p) => p.lag.max));
const lagP99 = (ps: Probe[]) => Math.max(...ps.map((p) => p.lag.p99));
console.log(
  '\n| processes | spike | all syncs answered | no readers | ratio | sync p50 / p99 | flags p99 spike / idle | ratio | .xlsx during spike / alone | peak RSS | loop delay p99 / max | errors | stored once | load average |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  for (const [label, mixed, quiet, idleRun] of [
    ['first syncs', r.mixedFirst, r.quietFirst, r.idleFirst],
    ['every row changed', r.mixedAgain, r.quietAgain, r.idleAgain],
  ] as const) {
    const flagsP99 = quantile(mixed.readers!.flags, 0.99);
    const xlsx = mixed.readers!.xlsx;
    const errors = mixed.syncErrors + mixed.readers!.errors.length + quiet.syncErrors + idleRun.errors;
    console.log(
      `| ${r.workers} | ${label} | ${ms(mixed.ms)} | ${ms(quiet.ms)} | ${(mixed.ms / quiet.ms).toFixed(2)}× | ${ms(mixed.p50)} / ${ms(mixed.p99)} | ${ms(flagsP99)} / ${ms(idleRun.flagsP99)} | ${(flagsP99 / idleRun.flagsP99).toFixed(1)}× | ${xlsx.length > 0 ? `${ms(quantile(xlsx, 0.5))} median of ${xlsx.length}` : '—'} / ${ms(idleRun.xlsx)} | ${peakText(mixed.probes)} | ${ms(lagP99(mixed.probes))} / ${ms(lagMax(mixed.probes))} | ${errors} | ${mixed.stored.startsWith('stored once: yes') && quiet.stored.startsWith('stored once: yes') ? 'yes' : '**no**'} | ${r.loadBefore} → ${r.loadAfter} |`,
    );
  }
}
// The goals of issue #16, each against its baseline of the same run.
console.log('\n| processes | spike | goal | figure | met |\n|---|---|---|---|---|');
for (const r of results) {
  for (const [label, mixed, quiet, idleRun] of [
    ['first syncs', r.mixedFirst, r.quietFirst, r.idleFirst],
    ['every row changed', r.mixedAgain, r.quietAgain, r.idleAgain],
  ] as const) {
    const flagsP99 = quantile(mixed.readers!.flags, 0.99);
    const goal = (what: string, figure: string, met: boolean) =>
      console.log(`| ${r.workers} | ${label} | ${what} | ${figure} | ${met ? 'yes' : '**no**'} |`);
    goal(
      'all syncs answered ≤ 1.3× no readers; no readers ≤ 5 s',
      `${(mixed.ms / quiet.ms).toFixed(2)}×; ${ms(quiet.ms)}`,
      mixed.ms <= 1.3 * quiet.ms && quiet.ms <= 5000,
    );
    goal(
      'flags page p99 ≤ 3× idle and < 1 s',
      `${(flagsP99 / idleRun.flagsP99).toFixed(1)}×; ${ms(flagsP99)}`,
      flagsP99 <= 3 * idleRun.flagsP99 && flagsP99 < 1000,
    );
    goal('peak RSS < 600 MB', `${peak(mixed.probes)} MB`, peak(mixed.probes) < 600);
  }
}
if (results.length > 1) {
  const [one, two] = [results[0]!, results[results.length - 1]!];
  const gain = one.quietFirst.ms / two.quietFirst.ms;
  console.log(
    `| ${two.workers} against ${one.workers} | first syncs, no readers | throughput ≥ 1.4× | ${gain.toFixed(2)}× | ${gain >= 1.4 ? 'yes' : '**no**'} |`,
  );
  console.log(
    `\nthroughput, ${two.workers} processes against ${one.workers}: first syncs ${(one.quietFirst.ms / two.quietFirst.ms).toFixed(2)}×, every row changed ${(one.quietAgain.ms / two.quietAgain.ms).toFixed(2)}× (no readers); with readers ${(one.mixedFirst.ms / two.mixedFirst.ms).toFixed(2)}× and ${(one.mixedAgain.ms / two.mixedAgain.ms).toFixed(2)}×`,
  );
}
process.exit(0);
