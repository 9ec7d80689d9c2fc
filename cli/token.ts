/** `cli token create --role R [--agency NAME] [--label L]` and `cli token revoke TOKEN_OR_ID`, on the configured database. */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { createDb } from '../db/create-db.js';
import { migrateToLatest } from '../db/migrate.js';
import { loadRegistryFile } from '../db/registry-file.js';
import { seedRegistry } from '../db/seed-registry.js';
import { ROLES, type Role } from '../domain/index.js';
import type { Actor } from '../service/audit.js';
import { issueToken, revokeTokenBy } from '../service/auth/issue-token.js';
import type { NewToken } from '../service/auth/tokens.js';
import { ApiError } from '../service/errors.js';
import { RegistryStore } from '../service/registry-store.js';

/** Whoever runs the command on the server, as the audit trail names them. */
function cliActor(): Actor {
  let account = 'không rõ tài khoản';
  try {
    account = userInfo().username;
  } catch {
    // A container user without a passwd entry: the record still says it came from the command line.
  }
  return { label: `Dòng lệnh trên máy chủ (${account})`, role: 'admin', agencyId: null };
}

export const tokenUsage = [
  'npm run --silent cli -- token create --role <agency|validator|coordinator|admin> [--agency "Sở Y tế"] [--label "…"]',
  'npm run --silent cli -- token revoke <mã truy cập hoặc id>',
].join('\n  ');

export async function runToken(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const [action, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { role: { type: 'string' }, agency: { type: 'string' }, label: { type: 'string' } },
      allowPositionals: true,
    });
  } catch (e) {
    err(`${(e as Error).message}\nCách dùng:\n  ${tokenUsage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (action !== 'create' && action !== 'revoke') {
    err(`Cách dùng:\n  ${tokenUsage}`);
    return 2;
  }
  const handle = createDb();
  try {
    await migrateToLatest(handle.db);
    if (action === 'revoke') {
      if (positionals.length !== 1) {
        err(`Cần đúng một mã truy cập hoặc id.\nCách dùng:\n  ${tokenUsage}`);
        return 2;
      }
      if (!(await revokeTokenBy(handle.db, cliActor(), positionals[0]!))) {
        err('Không có mã truy cập còn hiệu lực khớp với giá trị này.');
        return 1;
      }
      out('Đã thu hồi mã truy cập.');
      return 0;
    }
    const role = values.role as Role | undefined;
    if (!role || !ROLES.includes(role)) {
      err(`Cần --role là một trong: ${ROLES.join(', ')}.`);
      return 2;
    }
    if (role === 'agency' && !values.agency) {
      err('Mã truy cập của cơ quan cần --agency.');
      return 2;
    }
    const known = await handle.db.selectFrom('agencies').select('id').limit(1).execute();
    if (known.length === 0) await seedRegistry(handle.db, loadRegistryFile());
    let token: NewToken;
    try {
      // The same agency lookup and the same words as the API and the console.
      token = await issueToken(handle.db, new RegistryStore(handle.db), cliActor(), {
        role,
        agency: values.agency,
        label: values.label,
      });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      err(e.message);
      return e.code === 'not_found' ? 1 : 2;
    }
    out(token.token);
    return 0;
  } finally {
    await handle.close();
  }
}
