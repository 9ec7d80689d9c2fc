/**
 * One owner per PGlite data directory. PGlite is one process per directory: a second process
 * opening it (the CLI while the service runs, a second `npm start`) writes into files the first
 * one keeps in memory, and its writes are lost or corrupt the directory. A lock file holding the
 * owner's PID refuses the second process; a lock whose PID is no longer running (the owner was
 * killed) is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'tonghop.lock';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `Thư mục dữ liệu ${dataDir} đang được một tiến trình khác sử dụng (PID ${ownerPid}). ` +
        'Mỗi thư mục PGlite chỉ được một tiến trình mở: hãy dừng dịch vụ TổngHợp đang chạy rồi thử lại, ' +
        'hoặc dùng PostgreSQL (DATABASE_URL) để chạy lệnh quản trị song song với dịch vụ.',
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the PID runs under another user, so it is alive.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Takes the directory's lock or throws `DataDirLockedError`; returns the function releasing it. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        if (readOwner(path) === process.pid) unlinkSync(path);
      };
      process.on('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = readOwner(path);
      // An owner that is still running keeps the directory, even when it is this process:
      // two engines on one directory in one process corrupt it just the same.
      if (owner !== null && alive(owner)) throw new DataDirLockedError(dataDir, owner);
      // A dead owner's (or an unreadable, half-written) lock is stale.
      try {
        unlinkSync(path);
      } catch (u) {
        if ((u as NodeJS.ErrnoException).code !== 'ENOENT') throw u;
      }
    }
  }
  throw new DataDirLockedError(dataDir, readOwner(path) ?? 0);
}
