/**
 * `TONGHOP_WORKERS=N`: N service processes on one port (node:cluster), so that a server with
 * several cores uses them. PostgreSQL is the one place of truth: each process keeps its own
 * caches and re-reads them by version (round-rows.ts, merged-json.ts, round-index.ts,
 * registry-store.ts). PGlite is one process per data directory, so it serves in one process.
 *
 * @example
 * const n = workerCount(process.env.TONGHOP_WORKERS, Boolean(process.env.DATABASE_URL));
 * if (n > 1 && cluster.isPrimary) superviseWorkers(n, { onListening, onStopped });
 */
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';

/** A setting `npm start` cannot run with: its message is shown and the process exits 1. */
export class WorkersConfigError extends Error {}

/**
 * How many service processes to run: `TONGHOP_WORKERS` as a whole number from 1, or `auto`
 * (one per core); unset is 1. More than one needs PostgreSQL.
 */
export function workerCount(setting: string | undefined, postgres: boolean): number {
  const text = (setting ?? '').trim();
  if (text === '') return 1;
  const n = text === 'auto' ? availableParallelism() : Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new WorkersConfigError(
      `TONGHOP_WORKERS=${text} không hợp lệ: hãy ghi số tiến trình phục vụ (từ 1 đến 64) hoặc «auto» (mỗi lõi một tiến trình).`,
    );
  if (n > 1 && !postgres)
    throw new WorkersConfigError(
      `TONGHOP_WORKERS=${text} cần PostgreSQL (đặt DATABASE_URL): cơ sở dữ liệu nhúng PGlite chỉ mở được trong một tiến trình. Hãy đặt DATABASE_URL hoặc bỏ TONGHOP_WORKERS để chạy một tiến trình.`,
    );
  return n;
}

export interface Supervision {
  /** Every worker listens: `port` is the one they share. */
  onListening(port: number): void;
}

/**
 * Forks `n` workers (each runs this entry point again, as `cluster.isWorker`) and keeps them
 * running: a worker that dies while the service is not stopping is started again. SIGTERM or
 * SIGINT to this process is passed to every worker, which finishes its requests in flight within
 * the grace period; the process exits once all have, or kills them after the grace period.
 */
export function superviseWorkers(n: number, supervision: Supervision, graceMs: number): void {
  let stopping = false;
  let announced = false;
  const listening = new Set<number>();
  /** Workers started and not yet exited (cluster.workers may still list one at its exit). */
  const live = new Map<number, Worker>();
  const fork = () => {
    const worker = cluster.fork();
    live.set(worker.id, worker);
  };
  cluster.on('listening', (worker: Worker, address) => {
    listening.add(worker.id);
    if (!announced && listening.size >= n) {
      announced = true;
      supervision.onListening(address.port);
    }
  });
  cluster.on('exit', (worker: Worker, code, signal) => {
    listening.delete(worker.id);
    live.delete(worker.id);
    // A worker that stopped cleanly was told to (Ctrl+C reaches every process of the group,
    // maybe before this one): not replaced.
    if (stopping || code === 0) {
      if (live.size === 0) {
        console.log('TổngHợp đã dừng.');
        process.exit(0);
      }
      return;
    }
    console.error(
      `Tiến trình phục vụ ${worker.process.pid} dừng bất thường (${signal ?? `mã ${code}`}): đang khởi động lại.`,
    );
    setTimeout(fork, 1000).unref();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(
      `Nhận tín hiệu ${signal}: đang dừng ${n} tiến trình phục vụ (chờ tối đa ${graceMs / 1000} giây cho các yêu cầu đang xử lý)…`,
    );
    if (live.size === 0) process.exit(0);
    for (const w of live.values()) w.process.kill('SIGTERM');
    // The workers exit on their own after the grace period; this covers one that hangs.
    setTimeout(() => {
      console.error('Quá thời gian chờ: dừng ngay các tiến trình còn lại.');
      for (const w of live.values()) w.process.kill('SIGKILL');
      process.exit(1);
    }, graceMs + 2000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  for (let i = 0; i < n; i++) fork();
}
