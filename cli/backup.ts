/**
 * `cli backup FILE` and `cli restore FILE`, on the configured database: PostgreSQL through
 * `pg_dump`/`pg_restore` (custom format), PGlite through its own dump of the data directory.
 * The PGlite directory is locked for the duration, so neither runs while the service holds it.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { lockDataDir } from '../db/dir-lock.js';
import { newPglite, openPgliteDir } from '../db/pglite.js';

export const backupUsage = 'backup FILE | restore FILE   sao lưu / khôi phục toàn bộ cơ sở dữ liệu';

type Out = (s: string) => void;

function postgres(tool: 'pg_dump' | 'pg_restore', args: string[], err: Out): number {
  const r = spawnSync(tool, args, { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (r.error) {
    err(`Không chạy được ${tool} (${(r.error as NodeJS.ErrnoException).code}). Hãy cài công cụ khách của PostgreSQL.`);
    return 1;
  }
  if (r.status !== 0) err(`${tool} báo lỗi:\n${r.stderr}`);
  return r.status ?? 1;
}

async function run(action: 'backup' | 'restore', argv: string[], out: Out, err: Out): Promise<number> {
  if (argv.length !== 1) {
    err(`Cách dùng:\n  ${backupUsage}`);
    return 2;
  }
  const file = argv[0]!;
  const url = process.env.DATABASE_URL;
  if (url) {
    const code =
      action === 'backup'
        ? postgres('pg_dump', ['--format=custom', `--file=${file}`, `--dbname=${url}`], err)
        : postgres('pg_restore', ['--clean', '--if-exists', '--no-owner', `--dbname=${url}`, file], err);
    if (code === 0) out(action === 'backup' ? `Đã sao lưu vào ${file}.` : `Đã khôi phục từ ${file}.`);
    return code;
  }
  const dataDir = process.env.TONGHOP_DATA_DIR || './data';
  const release = lockDataDir(dataDir);
  try {
    if (action === 'backup') {
      const pglite = await openPgliteDir(dataDir);
      await pglite.waitReady;
      try {
        const dump = await pglite.dumpDataDir('gzip');
        writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
      } finally {
        await pglite.close();
      }
      out(`Đã sao lưu vào ${file}.`);
      return 0;
    }
    // Restoring over live data would mix two databases: refuse a directory holding anything but the lock.
    if (readdirSync(dataDir).some((f) => f !== 'tonghop.lock')) {
      err(`Thư mục dữ liệu ${dataDir} đã có dữ liệu. Hãy khôi phục vào một thư mục trống (đặt TONGHOP_DATA_DIR).`);
      return 1;
    }
    const pglite = newPglite(dataDir, new Blob([readFileSync(file)]));
    await pglite.waitReady;
    await pglite.close();
    out(`Đã khôi phục từ ${file} vào ${dataDir}.`);
    return 0;
  } finally {
    release();
  }
}

export const runBackup = (argv: string[], out: Out, err: Out) => run('backup', argv, out, err);
export const runRestore = (argv: string[], out: Out, err: Out) => run('restore', argv, out, err);
