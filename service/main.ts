/**
 * `npm start`: migrate, load the registry and the demo round on first run, serve the API and
 * the add-in's files, print the URLs and fresh demo tokens.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { serve } from '@hono/node-server';
import { createDb, type DbHandle } from '../db/create-db.js';
import { DataDirLockedError } from '../db/dir-lock.js';
import { migrateToLatest } from '../db/migrate.js';
import { loadRegistryFile } from '../db/registry-file.js';
import { seedRegistry } from '../db/seed-registry.js';
import { createApp, defaultConfig } from './app.js';
import { DEMO_ROUND_ID, loadDemoRound } from './demo/demo-round.js';
import { createDemoTokens } from './demo/demo-tokens.js';
import {
  loadPriorityPlan,
  loadPriorityProgress,
  PRIORITY_PROGRESS_ROUND_ID,
  PRIORITY_ROUND_ID,
} from './demo/priority-plan.js';
import { DEMO_JUNE_ROUND_ID, loadDemoProgress } from './demo/progress-demo.js';
import { RegistryStore } from './registry-store.js';

const port = Number(process.env.PORT ?? 8787);
let handle: DbHandle;
try {
  handle = createDb();
} catch (e) {
  if (!(e instanceof DataDirLockedError)) throw e;
  console.error(e.message);
  process.exit(1);
}
await migrateToLatest(handle.db);
const known = await handle.db.selectFrom('agencies').select(handle.db.fn.countAll().as('n')).executeTakeFirstOrThrow();
if (Number(known.n) === 0) await seedRegistry(handle.db, loadRegistryFile());
const registry = new RegistryStore(handle.db);
const demo = process.env.TONGHOP_DEMO !== '0';
const loaded = demo ? await loadDemoRound(handle.db, registry) : false;
const loadedPriorities = demo ? await loadPriorityPlan(handle.db, registry) : false;
const openedProgress = demo ? await loadPriorityProgress(handle.db, registry) : false;
const loadedProgress = demo ? await loadDemoProgress(handle.db, registry) : false;
const tokens = demo ? await createDemoTokens(handle.db) : [];

const app = createApp({ db: handle.db, registry, config: defaultConfig() });
const tls =
  process.env.TONGHOP_TLS_CERT && process.env.TONGHOP_TLS_KEY
    ? { cert: readFileSync(process.env.TONGHOP_TLS_CERT), key: readFileSync(process.env.TONGHOP_TLS_KEY) }
    : null;
const server = serve(
  { fetch: app.fetch, port, ...(tls ? { createServer: createHttpsServer, serverOptions: tls } : {}) },
  (info) => {
    const base = `${tls ? 'https' : 'http'}://localhost:${info.port}`;
    const lines = [
      `TổngHợp đang chạy tại ${base} (cơ sở dữ liệu: ${handle.dialect === 'postgres' ? 'PostgreSQL' : `PGlite, thư mục ${process.env.TONGHOP_DATA_DIR || './data'}`})`,
      `  API:            ${base}/api/v1/rounds`,
      `  Mô tả API:      ${base}/openapi.json`,
      `  Kiểm tra:       ${base}/healthz`,
      `  Thẩm định:      ${base}/console (mã của chuyên viên thẩm định, điều phối hoặc quản trị)`,
      `  Bổ trợ Excel:   ${base}/addin/taskpane.html${tls ? '' : ' (Excel chỉ nạp qua HTTPS: npm run dev:addin)'}`,
    ];
    if (demo) {
      lines.push(`  Đợt mẫu:        ${base}/api/v1/rounds/${DEMO_ROUND_ID}${loaded ? ' (vừa nạp)' : ''}`);
      lines.push(`                  ${base}/api/v1/rounds/${PRIORITY_ROUND_ID}${loadedPriorities ? ' (vừa nạp)' : ''}`);
      lines.push(
        `                  ${base}/api/v1/rounds/${PRIORITY_PROGRESS_ROUND_ID} (báo cáo tiến độ tháng 5/2026${openedProgress ? ', vừa mở' : ''})`,
      );
      lines.push(
        `                  ${base}/api/v1/rounds/${DEMO_JUNE_ROUND_ID} (báo cáo tiến độ tháng 6/2026${loadedProgress ? ', vừa nạp' : ''})`,
      );
      lines.push('', 'Mã truy cập mẫu (cấp mới mỗi lần khởi động, mã cũ bị thu hồi):');
      for (const t of tokens) lines.push(`  ${t.role.padEnd(12)}${t.agencyId ? `(${t.agencyId}) ` : ''}${t.token}`);
    }
    console.log(lines.join('\n'));
  },
);

// A supervisor (systemd, Docker, a terminal's Ctrl+C) stops the service with a signal: stop
// taking connections, let the requests in flight finish within a grace period, close the
// database cleanly (PGlite flushes its files), then exit, leaving no process behind.
let stopping = false;
const stop = async (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  const grace = Number(process.env.TONGHOP_SHUTDOWN_GRACE_MS ?? 10_000);
  console.log(
    `Nhận tín hiệu ${signal}: đang dừng TổngHợp (chờ tối đa ${grace / 1000} giây cho các yêu cầu đang xử lý)…`,
  );
  const force = setTimeout(() => {
    console.error('Quá thời gian chờ: dừng ngay, các yêu cầu chưa xong không được ghi.');
    process.exit(1);
  }, grace);
  force.unref();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
  await handle.close();
  console.log('TổngHợp đã dừng.');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
