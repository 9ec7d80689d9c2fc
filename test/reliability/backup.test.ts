/**
 * `cli backup` then `cli restore` into an empty PGlite directory gives back the same audit
 * trail and the same stored rows; restore refuses a directory that already holds data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/create-db.js';
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
