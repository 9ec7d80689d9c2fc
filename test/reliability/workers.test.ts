/**
 * `TONGHOP_WORKERS=N`: N serving processes on one port, on PostgreSQL only. Started as a
 * supervisor starts it (npm start, a process group of its own): it serves, a worker that dies is
 * replaced while the others keep answering, a token created meanwhile works at once, and Ctrl+C
 * (SIGINT to the whole group) stops every process. Without DATABASE_URL it refuses to start, saying why.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../db/create-db.js';
import { toJsonb } from '../../db/jsonb.js';
import { createToken } from '../../service/auth/tokens.js';
import { workerCount } from '../../service/cluster.js';
import { budgetRowsLedBy, outline } from '../service/harness.js';
import { PROJECT_ROOT } from '../support/cli.js';
import { groupAlive, groupProcesses, startNpm, waitFor } from '../support/npm-start.js';

/** service/main.ts run directly with `env`; its exit code and what it printed. */
function runMain(env: Record<string, string | undefined>): Promise<{ code: number | null; text: string }> {
  const merged: NodeJS.ProcessEnv = { ...process.env, PORT: '0', TONGHOP_DEMO: '0' };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'service/main.ts'], { cwd: PROJECT_ROOT, env: merged });
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (text += c.toString('utf8')));
    child.on('exit', (code) => resolve({ code, text }));
  });
}

describe('TONGHOP_WORKERS', () => {
  it('reads a whole number or auto; more than one needs PostgreSQL', () => {
    expect(workerCount(undefined, false)).toBe(1);
    expect(workerCount('1', false)).toBe(1);
    expect(workerCount('3', true)).toBe(3);
    expect(workerCount('auto', true)).toBeGreaterThanOrEqual(1);
    expect(() => workerCount('2', false)).toThrow(/cần PostgreSQL \(đặt DATABASE_URL\)/);
    expect(() => workerCount('0', true)).toThrow(/không hợp lệ/);
    expect(() => workerCount('1.5', true)).toThrow(/không hợp lệ/);
  });

  it('refuses two workers on the embedded database, before opening it', async () => {
    const { code, text } = await runMain({
      DATABASE_URL: undefined,
      TONGHOP_DATA_DIR: 'memory://',
      TONGHOP_WORKERS: '2',
    });
    expect(code).toBe(1);
    expect(text).toContain('TONGHOP_WORKERS=2 cần PostgreSQL (đặt DATABASE_URL)');
    expect(text).not.toContain('TổngHợp đang chạy');
  }, 60_000);

  it('refuses a value that is not a number of processes', async () => {
    const { code, text } = await runMain({ TONGHOP_WORKERS: 'hai' });
    expect(code).toBe(1);
    expect(text).toContain('TONGHOP_WORKERS=hai không hợp lệ');
  }, 60_000);
});

const serverUrl = process.env.DATABASE_URL;
describe.skipIf(!serverUrl)('npm start with TONGHOP_WORKERS=2 on PostgreSQL', () => {
  it('serves from two processes, replaces one that dies, and stops all on Ctrl+C', async () => {
    const name = `tonghop_t_${randomBytes(6).toString('hex')}`;
    const admin = async (text: string) => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(text);
      } finally {
        await client.end();
      }
    };
    await admin(`create database "${name}"`);
    const databaseUrl = Object.assign(new URL(serverUrl!), { pathname: `/${name}` }).toString();
    const started = await startNpm({ PORT: '0', TONGHOP_DEMO: '0', DATABASE_URL: databaseUrl, TONGHOP_WORKERS: '2' });
    const { child, output, base } = started;
    const handle = createDb({ databaseUrl });
    try {
      expect(output()).toContain('2 tiến trình phục vụ');
      const serving = () => groupProcesses(child.pid!, 'service/main.ts');
      // The primary and its two workers.
      const primary = serving().find((p) => serving().some((w) => w.ppid === p.pid))!;
      const workers = () => serving().filter((p) => p.ppid === primary.pid);
      expect(workers()).toHaveLength(2);

      // A token and a round made while it runs (by the CLI, another process) are used at once.
      const token = (await createToken(handle.db, { role: 'agency', agencyId: 'so-y-te', label: 'Sở Y tế' })).token;
      await handle.db
        .insertInto('rounds')
        .values({
          id: 'thu-nghiem',
          name: 'Đợt thử nghiệm',
          period_start: 2026,
          period_end: 2030,
          due_date: '2026-12-15',
          outline: toJsonb(outline),
          expected_agencies: toJsonb(['so-y-te']),
        })
        .execute();
      const rows = budgetRowsLedBy('Sở Y tế');
      const sheetUrl = `${base}/api/v1/rounds/thu-nghiem/sheets/budget`;
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const sync = await fetch(sheetUrl, {
        method: 'PUT',
        headers: { ...headers, 'idempotency-key': 'workers-1' },
        body: JSON.stringify({ baseVersion: 0, rows }),
      });
      expect(sync.status).toBe(200);
      // Every read, whichever worker takes it, sees the sync (a connection each: the primary spreads them).
      const reads = await Promise.all(
        Array.from({ length: 8 }, () =>
          fetch(sheetUrl, { headers: { ...headers, connection: 'close' } }).then(async (r) => ({
            status: r.status,
            body: (await r.json()) as { version: number; rows: unknown[] },
          })),
        ),
      );
      for (const r of reads) {
        expect(r.status).toBe(200);
        expect(r.body.version).toBe(1);
        expect(r.body.rows).toHaveLength(rows.length);
      }

      // A worker killed outright: the other keeps answering, and a new one takes its place.
      const [victim] = workers();
      process.kill(victim!.pid, 'SIGKILL');
      // A connection the primary hands to the worker in the instant it dies is reset (a client
      // retries it); once the primary has seen the death, the other worker answers.
      expect(await waitFor(() => /dừng bất thường/.test(output()), 15_000), output()).toBe(true);
      expect((await fetch(`${base}/healthz/ready`, { headers: { connection: 'close' } })).status).toBe(200);
      const replaced = await waitFor(
        () => workers().length === 2 && !workers().some((w) => w.pid === victim!.pid),
        30_000,
      );
      expect(replaced, output()).toBe(true);
      expect(output()).toMatch(/Tiến trình phục vụ \d+ dừng bất thường \(SIGKILL\): đang khởi động lại\./);
      await waitFor(async () => (await fetch(`${base}/healthz`).catch(() => null))?.status === 200, 30_000);

      // Ctrl+C in a terminal: SIGINT to every process of the group, the workers maybe first.
      const before = output().length;
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      process.kill(-child.pid!, 'SIGINT');
      const code = await exited;
      const gone = await waitFor(() => !groupAlive(child.pid!), 15_000);
      if (!gone) process.kill(-child.pid!, 'SIGKILL');
      expect(gone, output()).toBe(true);
      const stopping = output().slice(before);
      expect(stopping).toContain('TổngHợp đã dừng.');
      // Workers that stop on the signal are not taken for dead ones and started again.
      expect(stopping).not.toContain('dừng bất thường');
      expect([0, null]).toContain(code);
    } finally {
      if (groupAlive(child.pid!)) process.kill(-child.pid!, 'SIGKILL');
      await handle.close();
      await admin(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`,
      );
      await admin(`drop database if exists "${name}"`);
    }
  }, 180_000);
});
