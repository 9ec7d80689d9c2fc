/**
 * One owner per PGlite directory: while a process holds a data directory, the CLI (a process of
 * its own) is refused with a clear message instead of writing into it and losing its write; a
 * lock left by a killed owner is taken over. On PostgreSQL the CLI runs beside the service, and the
 * token it prints works at once: the service looks every token up in the database.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/create-db.js';
import { DataDirLockedError, LOCK_FILE } from '../../db/dir-lock.js';
import { migrateToLatest } from '../../db/migrate.js';
import { type Service, startService } from '../service/harness.js';
import { runCli } from '../support/cli.js';

const onPostgres = Boolean(process.env.DATABASE_URL);
if (!onPostgres)
  console.log('test/reliability/data-dir-lock: the PostgreSQL case is skipped (DATABASE_URL is not set)');

const root = mkdtempSync(join(tmpdir(), 'tonghop-dir-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const tokenCli = (dataDir: string) =>
  runCli(['token', 'create', '--role', 'validator', '--label', 'Anh Minh, thẩm định'], {
    TONGHOP_DATA_DIR: dataDir,
    DATABASE_URL: undefined,
  });

describe('one owner per PGlite data directory', () => {
  it('refuses the CLI while the directory is held, and lets it in once the owner closes', async () => {
    const dataDir = join(root, 'held');
    const owner = createDb({ databaseUrl: null, dataDir });
    await migrateToLatest(owner.db);
    expect(readFileSync(join(dataDir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));

    const refused = tokenCli(dataDir);
    expect(refused.code).toBe(1);
    expect(refused.out).toBe('');
    expect(refused.err.trim()).toBe(new DataDirLockedError(dataDir, process.pid).message);
    expect(refused.err).toContain('đang được một tiến trình khác sử dụng');

    await owner.close();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    const allowed = tokenCli(dataDir);
    expect(allowed.err).toBe('');
    expect(allowed.code).toBe(0);
    expect(allowed.out.trim()).toMatch(/^th_/);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  }, 60_000);

  it('refuses a second opening in the same process too', async () => {
    const dataDir = join(root, 'twice');
    const first = createDb({ databaseUrl: null, dataDir });
    try {
      expect(() => createDb({ databaseUrl: null, dataDir })).toThrow(DataDirLockedError);
    } finally {
      await first.close();
    }
    const again = createDb({ databaseUrl: null, dataDir });
    await again.close();
  });

  it('takes over a lock whose owner is no longer running', async () => {
    const dataDir = join(root, 'stale');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout);
    expect(deadPid).toBeGreaterThan(0);
    const first = createDb({ databaseUrl: null, dataDir });
    await first.close();
    writeFileSync(join(dataDir, LOCK_FILE), `${deadPid}\n`);

    const taken = createDb({ databaseUrl: null, dataDir });
    try {
      expect(readFileSync(join(dataDir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
      await migrateToLatest(taken.db);
    } finally {
      await taken.close();
    }
  }, 60_000);
});

describe.runIf(onPostgres)('a token created by the CLI on PostgreSQL while the service runs', () => {
  let s: Service;
  afterAll(() => s?.close());

  it('is accepted by the running service at once, and refused once revoked', async () => {
    s = await startService('postgres');
    const [{ db }] = (await s.db.selectNoFrom((eb) => eb.fn<string>('current_database', []).as('db')).execute()) as [
      { db: string },
    ];
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${db}`;
    const env = { DATABASE_URL: url.toString() };
    expect((await s.call('GET', `/api/v1/rounds`)).status).toBe(200); // the service is serving
    const created = runCli(['token', 'create', '--role', 'validator', '--label', 'Anh Minh, thẩm định'], env);
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    const token = created.out.trim();
    expect((await s.call('GET', '/api/v1/rounds', { token })).status).toBe(200);
    const revoked = runCli(['token', 'revoke', token], env);
    expect(revoked.code).toBe(0);
    expect((await s.call('GET', '/api/v1/rounds', { token })).status).toBe(401);
  }, 60_000);
});
