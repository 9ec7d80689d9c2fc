/** The service serves the built task pane at /addin/ with the right types, and says so when it is not built. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { registerAddinFiles } from '../../service/static/addin-files.js';

const root = mkdtempSync(join(tmpdir(), 'tonghop-addin-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'taskpane.html'), '<!doctype html><title>TổngHợp</title>');
writeFileSync(join(root, 'taskpane.js'), 'console.log(1)');
writeFileSync(join(root, 'taskpane.js.gz'), gzipSync('console.log(1)'));
writeFileSync(join(root, 'taskpane.css'), 'body{}');
writeFileSync(join(root, 'assets', 'icon-32.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function app(dir = root) {
  const a = new Hono();
  registerAddinFiles(a, dir);
  return a;
}

describe('GET /addin/*', () => {
  it('serves each file with its content type, not cached stale', async () => {
    const types = await Promise.all(
      ['taskpane.html', 'taskpane.js', 'taskpane.css', 'assets/icon-32.png'].map(async (f) =>
        (await app().request(`/addin/${f}`)).headers.get('content-type'),
      ),
    );
    expect(types).toEqual([
      'text/html; charset=utf-8',
      'text/javascript; charset=utf-8',
      'text/css; charset=utf-8',
      'image/png',
    ]);
    const res = await app().request('/addin/taskpane.html');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('TổngHợp');
  });

  it('sends the precompressed bundle to a browser that accepts it', async () => {
    const res = await app().request('/addin/taskpane.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
  });

  it('redirects /addin to the pane and refuses paths out of the folder', async () => {
    expect((await app().request('/addin')).headers.get('location')).toBe('addin/taskpane.html');
    expect((await app().request('/addin/../package.json')).status).toBe(404);
    expect((await app().request('/addin/nope.js')).status).toBe(404);
  });

  it('explains a missing build in Vietnamese', async () => {
    const res = await app(join(root, 'missing')).request('/addin/taskpane.html');
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toContain('npm run build');
  });
});
