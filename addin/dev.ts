/**
 * `npm run dev:addin`: the service with the task pane over HTTPS on https://localhost:3000 (the
 * origin of the checked-in manifest.xml), using the Office development certificates, and the
 * pane rebuilt whenever its sources change. Sideload manifest.xml, then edit and reload the pane.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { context } from 'esbuild';
import { ADDIN_DIST, buildAddin, bundleOptions } from './build.js';

const PORT = process.env.PORT ?? '3000';

// Creates the certificates on first use and asks the system to trust their CA (a prompt on
// Windows and macOS). Where that cannot be done (Linux without sudo), the server still starts
// over HTTPS; trust ~/.office-addin-dev-certs/ca.crt by hand.
const certs = (await import('office-addin-dev-certs')) as unknown as { getHttpsServerOptions(): Promise<unknown> };
const { localhostCertificatePath, localhostKeyPath } = (await import(
  'office-addin-dev-certs/lib/defaults.js'
)) as unknown as { localhostCertificatePath: string; localhostKeyPath: string };
try {
  await certs.getHttpsServerOptions();
} catch (e) {
  if (!existsSync(localhostCertificatePath) || !existsSync(localhostKeyPath)) throw e;
  console.warn(
    `Không cài được chứng chỉ gốc phát triển vào hệ thống (${(e as Error).message.trim()}). Máy chủ vẫn chạy HTTPS; hãy tin cậy tệp ca.crt cạnh ${localhostCertificatePath} bằng tay.`,
  );
}

// Uncompressed: the watcher rewrites taskpane.js, and a stale .br beside it would be served instead.
await buildAddin(ADDIN_DIST, { compress: false });
const watcher = await context({ ...bundleOptions(ADDIN_DIST), minify: false, logLevel: 'info' });
await watcher.watch();

const service = spawn(
  process.execPath,
  ['--import', 'tsx', fileURLToPath(new URL('../service/main.ts', import.meta.url))],
  {
    stdio: 'inherit',
    env: { ...process.env, PORT, TONGHOP_TLS_CERT: localhostCertificatePath, TONGHOP_TLS_KEY: localhostKeyPath },
  },
);
console.log(`Ngăn tác vụ: https://localhost:${PORT}/addin/taskpane.html (tự đóng gói lại khi sửa mã nguồn)`);

const stop = async () => {
  await watcher.dispose();
  service.kill('SIGTERM');
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
service.on('exit', (code) => process.exit(code ?? 0));
