/**
 * The Excel task pane's static files, built by `npm run build` into dist/addin/, served at
 * /addin/ — so one server (and one origin, as the manifest names) hosts the add-in and its API.
 *
 * @example
 * registerAddinFiles(app); // GET /addin/taskpane.html, /addin/taskpane.js, /addin/assets/icon-32.png
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Env, Hono, MiddlewareHandler } from 'hono';

const DEFAULT_ROOT = fileURLToPath(new URL('../../dist/addin/', import.meta.url));

export function registerAddinFiles<E extends Env>(app: Hono<E>, root = DEFAULT_ROOT): void {
  let files: MiddlewareHandler | null = null;
  // A relative redirect keeps working when a province serves the service under a path prefix.
  app.get('/addin', (c) => c.redirect('addin/taskpane.html'));
  app.get('/addin/', (c) => c.redirect('taskpane.html'));
  app.on(['GET', 'HEAD'], '/addin/*', async (c, next) => {
    // Created on first use: the service starts (and its tests run) whether or not the pane was built.
    if (!files) {
      if (!existsSync(root)) {
        return c.json(
          {
            error: {
              code: 'not_found',
              message: 'Chưa đóng gói ngăn tác vụ TổngHợp cho Excel. Hãy chạy «npm run build» rồi khởi động lại.',
              requestId: c.get('requestId') ?? null,
            },
          },
          404,
        );
      }
      files = serveStatic({ root, precompressed: true, rewriteRequestPath: (p) => p.replace(/^\/addin/, '') });
    }
    c.header('X-Content-Type-Options', 'nosniff');
    // Revalidate every time (Last-Modified makes it cheap): a province's update reaches staff at once.
    c.header('Cache-Control', 'no-cache');
    return files(c, next);
  });
}
