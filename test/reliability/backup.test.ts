/**
 * `cli backup` then `cli restore` into an empty PGlite directory gives back the same audit
 * trail and the same stored rows; restore refuses a directory that already holds data. On
 * PostgreSQL (with `DATABASE_URL` and `pg_dump` on the machine) the same round trip goes from
 * one scratch database to another, with the demo round's sheets, rows and audit trail.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/create-db.js';
import { migrateToLatest } from '../../db/migrate.js';
import { loadRegistryFile } from '../../db/registry-file.js';
import { seedRegistry } from '../../db/seed-registry.js';
import { createToken } from '../../service/auth/tokens.js';
import { loadDemoRound } from '../../service/demo/demo-round.js';
import { RegistryStore } from '../../service/registry-store.js';
import { runCli } from '../support/cli.js';

const root = mkdtempSync(join(tmpdir(), 'tonghop-backup-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const on = (dataDir: string) => ({ TONGHOP_DATA_DIR: dataDir, DATABASE_URL: undefined });

async function snapshot(dataDir: string) {
  const handle = createDb({ databaseUrl: null, dataDir });
  try {
    return {
      audit: await handle.db.selectFrom('audit_log').selectAll().orderBy('id').execute(),
      tokens: await handle.db.selectFrom('tokens').selectAll().orderBy('id').execute(),
      agencies: await handle.db.selectFrom('agencies').selectAll().orderBy('id').execute(),
    };
  } finally {
    await handle.close();
  }
}

describe('cli backup and restore on PGlite', () => {
  it('round-trips the audit trail and the stored rows, and refuses to restore over data', async () => {
    const source = join(root, 'source');
    for (const label of ['Chị Lan, Sở Y tế', 'Anh Minh, thẩm định']) {
      const made = runCli(['token', 'create', '--role', 'validator', '--label', label], on(source));
      expect(made.code).toBe(0);
    }
    const before = await snapshot(source);
    expect(before.audit.length).toBeGreaterThanOrEqual(2);

    const file = join(root, 'tonghop.tar.gz');
    const backup = runCli(['backup', file], on(source));
    expect(backup.err).toBe('');
    expect(backup.code).toBe(0);

    const refused = runCli(['restore', file], on(source));
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('đã có dữ liệu');

    const target = join(root, 'restored');
    const restore = runCli(['restore', file], on(target));
    expect(restore.err).toBe('');
    expect(restore.code).toBe(0);
    expect(await snapshot(target)).toEqual(before);
  }, 180_000);
});

const serverUrl = process.env.DATABASE_URL;
const hasPgDump = spawnSync('pg_dump', ['--version']).status === 0;

describe.skipIf(!serverUrl || !hasPgDump)('cli backup and restore on PostgreSQL', () => {
  const names = [`tonghop_t_${randomBytes(6).toString('hex')}`, `tonghop_t_${randomBytes(6).toString('hex')}`];
  const urlOf = (name: string) => {
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  afterAll(async () => {
    for (const name of names) await admin(`drop database if exists "${name}" with (force)`);
  });

  async function pgSnapshot(url: string) {
    const handle = createDb({ databaseUrl: url });
    try {
      const all = (table: 'audit_log' | 'tokens' | 'agencies' | 'sheets' | 'sheet_rows' | 'flags') =>
        handle.db
          .selectFrom(table)
          .selectAll()
          .execute()
          .then((rows) => rows.map((r) => JSON.stringify(r)).sort());
      return {
        audit: await all('audit_log'),
        tokens: await all('tokens'),
        agencies: await all('agencies'),
        sheets: await all('sheets'),
        rows: await all('sheet_rows'),
        flags: await all('flags'),
      };
    } finally {
      await handle.close();
    }
  }

  it('round-trips the demo round (sheets, rows, flags), the audit trail and the tokens', async () => {
    const [source, target] = names.map(urlOf) as [string, string];
    for (const name of names) await admin(`create database "${name}"`);
    const handle = createDb({ databaseUrl: source });
    try {
      await migrateToLatest(handle.db);
      await seedRegistry(handle.db, loadRegistryFile());
      expect(await loadDemoRound(handle.db, new RegistryStore(handle.db))).toBe(true);
      await createToken(handle.db, { role: 'validator', label: 'Chị Lan, thẩm định' });
    } finally {
      await handle.close();
    }
    const before = await pgSnapshot(source);
    expect(before.audit.length).toBeGreaterThan(100);
    expect(before.rows.length).toBeGreaterThan(100);

    const file = join(root, 'tonghop.pgdump');
    const backup = runCli(['backup', file], { DATABASE_URL: source });
    expect(backup.err).toBe('');
    expect(backup.code).toBe(0);
    const restore = runCli(['restore', file], { DATABASE_URL: target });
    expect(restore.err).toBe('');
    expect(restore.code).toBe(0);
    expect(await pgSnapshot(target)).toEqual(before);

    // The restored audit trail is as append-only as the original.
    const restored = createDb({ databaseUrl: target });
    try {
      await expect(restored.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    } finally {
      await restored.close();
    }
  }, 400_000);
});
