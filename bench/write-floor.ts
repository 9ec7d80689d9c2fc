/**
 * What PostgreSQL alone needs to store a 10,000-row first sync, against the bare COPY that
 * bench/sync.ts (b) compares the whole sync with (issue #3: "within 5× of COPY").
 *
 * Each measure writes the same 10,000 budget rows (bench/sync-rows.ts) in a transaction of its
 * own, in a fresh round, and commits:
 *  - the baseline: COPY into a table with the same columns and no key, index or constraint;
 *  - the sync's own write statement (service/sync/write-rows.ts): rows, audit records, the
 *    sheet's version, in one statement;
 *  - COPY of the same rows into sheet_rows itself (its primary key, indexes and foreign key),
 *    then with their audit records COPYed into audit_log too: the least any bulk path can do
 *    while keeping what the sync must keep;
 *  - the same COPY into copies of sheet_rows that drop, in turn, the foreign key, the secondary
 *    indexes and the jsonb columns (json instead): what a leaner schema would save.
 *
 * Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/write-floor.ts
 * Makes and drops its own database.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb } from '../db/create-db.js';
import { migrateToLatest } from '../db/migrate.js';
import { loadRegistryFile } from '../db/registry-file.js';
import { seedRegistry } from '../db/seed-registry.js';
import { tableDef } from '../domain/index.js';
import type { Principal } from '../service/context.js';
import { rowHash, storedCells } from '../service/sync/stored-row.js';
import { type RowWrite, writeRows } from '../service/sync/write-rows.js';
import { copyFrom, copyText } from './pg-copy.js';
import { agencySheet } from './sync-rows.js';

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  console.error('Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/test');
  process.exit(2);
}
const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const RUNS = 5;

const dbName = `tonghop_bench_${randomBytes(6).toString('hex')}`;
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${dbName}` }).toString();
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`create database "${dbName}"`);
const { db, close } = createDb({ databaseUrl });
await migrateToLatest(db);
const registry = loadRegistryFile();
await seedRegistry(db, registry);
const agency = registry.agencies.filter((a) => a.kind !== 'group')[1]!;
const def = tableDef('budget');

const writes: RowWrite[] = agencySheet(agency, ROWS, 1).map((r, position) => {
  const data = storedCells(def, r);
  return {
    action: 'insert',
    uid: r.uid,
    section: r.section,
    code: r.code,
    position,
    data,
    findings: [],
    row_hash: rowHash(r.section, r.code, data),
    version: 1,
    before: null,
  };
});
const rowLines = (round: string) =>
  writes.map((w) => {
    if (w.action === 'delete') throw new Error('inserts only');
    return `${[round, 'budget', w.uid, agency.id, w.section, w.code, w.position, JSON.stringify(w.data), '[]', w.row_hash, 1].map((v) => copyText(v)).join('\t')}\n`;
  });
const auditLines = (round: string) =>
  writes.map((w) => {
    if (w.action === 'delete') throw new Error('inserts only');
    return `${['Bench', 'agency', agency.id, round, 'budget', w.uid, 'insert', JSON.stringify({ section: w.section, code: w.code, ...w.data })].map((v) => copyText(v)).join('\t')}\n`;
  });
const ROW_COLUMNS =
  '(round_id, table_name, uid, agency_id, section, code, position, data, findings, row_hash, version)';

const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
await client.query(
  'create table bare (round_id text, table_name text, uid text, agency_id text, section text, code text, position integer, data jsonb, findings jsonb, row_hash text, version integer)',
);
// Copies of sheet_rows, each leaner than the one before.
await client.query('create table rows_no_fk (like sheet_rows including defaults including indexes)');
await client.query(
  'create table rows_pk_only (like sheet_rows including defaults, primary key (round_id, table_name, uid))',
);
await client.query('create table rows_pk_json (like rows_pk_only including defaults including indexes)');
await client.query('alter table rows_pk_json alter column data type json, alter column findings type json');

let rounds = 0;
/** A fresh round with the agency's sheet, then `write` in a transaction of its own: median ms. */
async function measure(write: (round: string) => Promise<unknown>, prepare?: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const round = `floor-${++rounds}`;
    await client.query('insert into rounds (id, name, period_start, period_end) values ($1, $1, 2026, 2030)', [round]);
    await client.query("insert into sheets (round_id, table_name, agency_id, version) values ($1, 'budget', $2, 0)", [
      round,
      agency.id,
    ]);
    await prepare?.();
    const start = performance.now();
    await client.query('begin');
    await write(round);
    await client.query('commit');
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

const bare = await measure(
  (round) => copyFrom(client, `copy bare ${ROW_COLUMNS} from stdin`, rowLines(round)),
  () => client.query('truncate bare'),
);
const principal: Principal = { tokenId: 'bench', role: 'agency', agencyId: agency.id, label: 'Bench' };
const results: [string, number][] = [];
results.push([
  "the sync's write statement (rows, audit records, version)",
  await measure((round) =>
    db.transaction().execute((trx) =>
      writeRows(trx, [
        {
          roundId: round,
          table: 'budget',
          agencyId: agency.id,
          principal,
          now: new Date(),
          version: 1,
          rows: writes,
        },
      ]),
    ),
  ),
]);
results.push([
  'COPY into sheet_rows',
  await measure((round) => copyFrom(client, `copy sheet_rows ${ROW_COLUMNS} from stdin`, rowLines(round))),
]);
results.push([
  'COPY into sheet_rows, and the audit records into audit_log',
  await measure(async (round) => {
    await copyFrom(client, `copy sheet_rows ${ROW_COLUMNS} from stdin`, rowLines(round));
    await copyFrom(
      client,
      'copy audit_log (actor, role, agency_id, round_id, table_name, uid, action, after) from stdin',
      auditLines(round),
    );
  }),
]);
results.push([
  'COPY into sheet_rows without its foreign key',
  await measure((round) => copyFrom(client, `copy rows_no_fk ${ROW_COLUMNS} from stdin`, rowLines(round))),
]);
results.push([
  '… and without its secondary indexes',
  await measure((round) => copyFrom(client, `copy rows_pk_only ${ROW_COLUMNS} from stdin`, rowLines(round))),
]);
results.push([
  '… and with json columns instead of jsonb',
  await measure((round) => copyFrom(client, `copy rows_pk_json ${ROW_COLUMNS} from stdin`, rowLines(round))),
]);

const ms = (x: number) => `${x.toFixed(0)} ms`;
console.log(`${ROWS.toLocaleString('en-US')} rows, median of ${RUNS}, each in a transaction of its own\n`);
console.log('| write | median | × bare COPY |\n|---|---|---|');
console.log(`| bare COPY (baseline: no key, index or constraint) | ${ms(bare)} | 1.0× |`);
for (const [what, t] of results) console.log(`| ${what} | ${ms(t)} | ${(t / bare).toFixed(1)}× |`);

await client.end();
await close();
await admin.query(
  'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
  [dbName],
);
await admin.query(`drop database if exists "${dbName}"`);
await admin.end();
