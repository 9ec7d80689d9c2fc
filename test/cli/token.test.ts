/**
 * `cli token create|revoke` run as an administrator runs it on the server, against an embedded
 * database in a folder of its own: the token printed works, is stored hashed, and who issued or
 * revoked it is in the audit trail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/create-db.js';
import { hashToken } from '../../service/auth/tokens.js';
import { runCli } from '../support/cli.js';

const dataDir = mkdtempSync(join(tmpdir(), 'tonghop-cli-token-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** On an embedded database of its own, whatever DATABASE_URL the suites have. */
function cli(...args: string[]) {
  const r = runCli(['token', ...args], { TONGHOP_DATA_DIR: dataDir, DATABASE_URL: undefined });
  return { code: r.code, out: r.out.trim(), err: r.err.trim() };
}

async function inDatabase<T>(read: (db: ReturnType<typeof createDb>['db']) => Promise<T>): Promise<T> {
  const handle = createDb({ databaseUrl: null, dataDir });
  try {
    return await read(handle.db);
  } finally {
    await handle.close();
  }
}

describe('cli token', () => {
  let token = '';

  it('creates an agency token for an agency named as people write it, stores only its hash, and audits it', async () => {
    const created = cli('create', '--role', 'agency', '--agency', 'Sở Y Tế', '--label', 'Chị Lan, Sở Y tế');
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/^th_[\w-]{32}$/);
    token = created.out;
    const stored = await inDatabase((db) =>
      db.selectFrom('tokens').select(['id', 'token_hash', 'role', 'agency_id', 'label']).execute(),
    );
    expect(stored).toEqual([
      {
        id: expect.any(String),
        token_hash: hashToken(token),
        role: 'agency',
        agency_id: 'so-y-te',
        label: 'Chị Lan, Sở Y tế',
      },
    ]);
    const audit = await inDatabase((db) => db.selectFrom('audit_log').selectAll().execute());
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'token_create',
        table_name: 'tokens',
        uid: stored[0]!.id,
        round_id: null,
        role: 'admin',
        after: { role: 'agency', agencyId: 'so-y-te', label: 'Chị Lan, Sở Y tế' },
      }),
    ]);
    expect(audit[0]!.actor).toMatch(/^Dòng lệnh trên máy chủ \(.+\)$/);
    expect(JSON.stringify(audit)).not.toContain(token);
  }, 60_000);

  it('explains what is missing or unknown, with the nearest names', () => {
    const noRole = cli('create', '--agency', 'Sở Y tế');
    expect(noRole.code).toBe(2);
    expect(noRole.err).toContain('Cần --role là một trong: agency, validator, coordinator, admin.');
    const noAgency = cli('create', '--role', 'agency');
    expect(noAgency.code).toBe(2);
    expect(noAgency.err).toBe('Mã truy cập của cơ quan cần --agency.');
    const unknown = cli('create', '--role', 'agency', '--agency', 'Sở Y tê Lào Cay');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/^Không có cơ quan «Sở Y tê Lào Cay» trong danh mục\. Có phải là: .*Sở Y tế/);
  }, 60_000);

  it('revokes a token once, and says so when there is nothing left to revoke', async () => {
    const revoked = cli('revoke', token);
    expect(revoked).toEqual({ code: 0, out: 'Đã thu hồi mã truy cập.', err: '' });
    const again = cli('revoke', token);
    expect(again.code).toBe(1);
    expect(again.err).toBe('Không có mã truy cập còn hiệu lực khớp với giá trị này.');
    const stored = await inDatabase((db) =>
      db.selectFrom('tokens').select(['id', 'revoked_at']).executeTakeFirstOrThrow(),
    );
    expect(stored.revoked_at).not.toBeNull();
    const audit = await inDatabase((db) =>
      db.selectFrom('audit_log').select(['action', 'uid', 'before']).where('action', '=', 'token_revoke').execute(),
    );
    expect(audit).toEqual([
      {
        action: 'token_revoke',
        uid: stored.id,
        before: { role: 'agency', agencyId: 'so-y-te', label: 'Chị Lan, Sở Y tế' },
      },
    ]);
  }, 60_000);
});
