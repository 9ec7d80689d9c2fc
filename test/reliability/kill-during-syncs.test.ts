/**
 * The service process is killed (SIGKILL, no chance to clean up) while 50 syncs are in flight,
 * then started again on the same PGlite data directory: every sheet is all or nothing, every
 * sync answered before the kill is there, and sending each sync again with its idempotency key
 * applies it exactly once (a second answer for those already stored, the sync for the others).
 * PGlite is the harder case (its files on this disk, the lock of the killed process left behind).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/create-db.js';
import { toJsonb } from '../../db/jsonb.js';
import { migrateToLatest } from '../../db/migrate.js';
import { loadRegistryFile } from '../../db/registry-file.js';
import { seedRegistry } from '../../db/seed-registry.js';
import { createToken } from '../../service/auth/tokens.js';
import { demoItems } from '../../service/demo/demo-round.js';
import { PROJECT_ROOT } from '../support/cli.js';

const ROUND = 'dot-ngat-dien';
const SYNCS = 50;
const ROWS_PER_SHEET = 40;

interface Running {
  child: ChildProcess;
  base: string;
  output: () => string;
}

function startService(dataDir: string): Promise<Running> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    TONGHOP_DATA_DIR: dataDir,
    TONGHOP_DEMO: '0',
    TONGHOP_SYNCS_PER_TOKEN: '100000',
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'service/main.ts'], {
    cwd: PROJECT_ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (c: Buffer) => (text += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (text += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not started:\n${text}`)), 150_000);
    child.stdout!.on('data', () => {
      const m = /TổngHợp đang chạy tại (http:\/\/\S+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: m[1]!, output: () => text });
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}:\n${text}`)));
  });
}

/**
 * One request on a connection of its own (no keep-alive): a pooled connection the loaded
 * server closes between two requests would look like the kill this test is about.
 */
function send(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method, headers: init.headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

describe('SIGKILL of the service during 50 concurrent syncs (PGlite data directory)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tonghop-kill-'));
  const registry = loadRegistryFile();
  const agencies = registry.agencies.filter((a) => a.kind !== 'group').slice(0, SYNCS);
  const budget = demoItems('budget');
  let coordinator = '';
  let running: Running | null = null;

  /** Agency k's sheet: real budget rows of plan 003 (a window of them), with uids of its own. */
  const sheetOf = (k: number) =>
    Array.from({ length: ROWS_PER_SHEET }, (_, j) => {
      const item = budget.items[(k + j) % budget.items.length]!;
      return { ...item.row, uid: `${agencies[k]!.id}-${j}`, section: item.section };
    });
  const put = (k: number) =>
    send(`${running!.base}/api/v1/rounds/${ROUND}/sheets/budget?agency=${agencies[k]!.id}`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${coordinator}`,
        'content-type': 'application/json',
        'idempotency-key': `ngat-dien-${k}`,
      },
      body: JSON.stringify({ baseVersion: 0, rows: sheetOf(k) }),
    });

  beforeAll(async () => {
    const handle = createDb({ databaseUrl: null, dataDir });
    await migrateToLatest(handle.db);
    await seedRegistry(handle.db, registry);
    await handle.db
      .insertInto('rounds')
      .values({
        id: ROUND,
        name: 'Đợt thử mất điện',
        period_start: 2026,
        period_end: 2030,
        due_date: '2026-12-15',
        outline: toJsonb({ budget: budget.outline }),
        expected_agencies: toJsonb(agencies.map((a) => a.id)),
      })
      .execute();
    coordinator = (await createToken(handle.db, { role: 'coordinator', agencyId: 'so-khcn', label: 'Điều phối' }))
      .token;
    await handle.close();
  }, 120_000);
  afterAll(async () => {
    if (running?.child.pid && running.child.exitCode === null) process.kill(-running.child.pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every sheet all or nothing and applies each replay once', async () => {
    running = await startService(dataDir);
    const answered = new Set<number>();
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      process.kill(-running!.child.pid!, 'SIGKILL');
    };
    const sent = Array.from({ length: SYNCS }, (_, k) =>
      put(k)
        .then((res) => {
          expect(res.status, res.text.slice(0, 300)).toBe(200);
          if (!killed) answered.add(k);
          // The first stored batch answers: the others are being checked or written.
          kill();
        })
        .catch((e: { code?: string }) => {
          // An answer cut off by the kill is no answer: the pane would send it again.
          if (e.code !== 'ECONNRESET' && e.code !== 'ECONNREFUSED' && e.code !== 'EPIPE') throw e;
        }),
    );
    await Promise.all(sent);
    await exited(running.child);
    expect(answered.size).toBeGreaterThan(0);
    expect(answered.size).toBeLessThan(SYNCS);

    // Started again on the same directory: the killed process's lock is taken over.
    running = await startService(dataDir);
    const read = async (k: number) => {
      const res = await send(`${running!.base}/api/v1/rounds/${ROUND}/sheets/budget?agency=${agencies[k]!.id}`, {
        method: 'GET',
        headers: { authorization: `Bearer ${coordinator}` },
      });
      expect(res.status).toBe(200);
      return JSON.parse(res.text) as { version: number; rows: unknown[] };
    };
    let stored = 0;
    for (let k = 0; k < SYNCS; k++) {
      const sheet = await read(k);
      const whole = sheet.version === 1 && sheet.rows.length === ROWS_PER_SHEET;
      const none = sheet.version === 0 && sheet.rows.length === 0;
      expect({ k, whole, none }).toEqual({ k, whole: !none, none: !whole });
      if (answered.has(k)) expect(whole, `answered sync ${k} lost`).toBe(true);
      if (whole) stored++;
    }
    expect(stored).toBeGreaterThanOrEqual(answered.size);
    console.log(
      `kill during ${SYNCS} syncs: ${answered.size} answered before it, ${stored} stored, ${SYNCS - stored} not`,
    );

    const replays = await Promise.all(Array.from({ length: SYNCS }, (_, k) => put(k)));
    for (const res of replays) {
      expect(res.status, res.text.slice(0, 300)).toBe(200);
      expect((JSON.parse(res.text) as { version: number }).version).toBe(1);
    }
    for (let k = 0; k < SYNCS; k++) {
      const sheet = await read(k);
      expect([k, sheet.version, sheet.rows.length]).toEqual([k, 1, ROWS_PER_SHEET]);
    }
    running.child.kill('SIGTERM');
    await exited(running.child);
    expect(running.output()).toContain('TổngHợp đã dừng.');

    // One insert in the audit trail per row, and one stored answer per key: nothing twice.
    const handle = createDb({ databaseUrl: null, dataDir });
    try {
      const audit = await handle.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('round_id', '=', ROUND)
        .where('action', '=', 'insert')
        .executeTakeFirstOrThrow();
      expect(Number(audit.n)).toBe(SYNCS * ROWS_PER_SHEET);
      const rows = await handle.db
        .selectFrom('sheet_rows')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(rows.n)).toBe(SYNCS * ROWS_PER_SHEET);
      const keys = await handle.db
        .selectFrom('idempotency_keys')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(keys.n)).toBe(SYNCS);
    } finally {
      await handle.close();
    }
  }, 600_000);
});
