/**
 * Before any suite: build the task pane exactly as `npm run build` does (the service serves it
 * from dist/addin/), and the fake Office host the browser suite loads in place of office.js.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildAddin } from '../../addin/build.js';

export const FAKE_OFFICE_JS = fileURLToPath(new URL('../../test-output/browser/fake-office.js', import.meta.url));

export default async function setup(): Promise<void> {
  await buildAddin();
  mkdirSync(fileURLToPath(new URL('../../test-output/browser/', import.meta.url)), { recursive: true });
  await build({
    entryPoints: [fileURLToPath(new URL('./fake-host.ts', import.meta.url))],
    outfile: FAKE_OFFICE_JS,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    logLevel: 'warning',
  });
}
