/**
 * `npm run build`: bundle the task pane (with the domain checks it shares with the service)
 * into static files under dist/addin/, which the service serves at /addin/.
 *
 * @example
 * await buildAddin(); // dist/addin/taskpane.html, taskpane.js, taskpane.css, assets/*.png
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { type BuildOptions, build } from 'esbuild';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
export const ADDIN_DIST = fileURLToPath(new URL('../dist/addin/', import.meta.url));

export const bundleOptions = (outdir: string): BuildOptions => ({
  entryPoints: [here('./main.ts')],
  outfile: `${outdir}/taskpane.js`,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  // Office on Windows runs the pane in WebView2, on Mac in WKWebView (Safari 14+), on the web in the browser.
  target: 'es2020',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
});

/** Bundle and copy the static files; returns the output folder. */
export async function buildAddin(outdir = ADDIN_DIST, options: { compress?: boolean } = {}): Promise<string> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(`${outdir}/assets`, { recursive: true });
  await build(bundleOptions(outdir));
  for (const f of ['taskpane.html', 'taskpane.css']) copyFileSync(here(`./${f}`), `${outdir}/${f}`);
  for (const f of readdirSync(here('./assets/')).filter((n) => n.endsWith('.png')))
    copyFileSync(here(`./assets/${f}`), `${outdir}/assets/${f}`);
  // Compressed once here, served as they are (the bundle carries the domain checks and zod).
  for (const f of options.compress === false ? [] : ['taskpane.js', 'taskpane.css', 'taskpane.html']) {
    const body = readFileSync(`${outdir}/${f}`);
    writeFileSync(`${outdir}/${f}.gz`, gzipSync(body, { level: 9 }));
    writeFileSync(`${outdir}/${f}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }));
  }
  return outdir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = await buildAddin();
  console.log(`Đã đóng gói ngăn tác vụ TổngHợp vào ${out}`);
}
