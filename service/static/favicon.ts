/**
 * The icon browsers ask for on every page. An SVG under the name they request: Chromium, Firefox
 * and Edge take the type from the header, and a 404 on each page fills the log with noise.
 */
import type { Env, Hono } from 'hono';

const ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1f5f8b"/>' +
  '<path d="M4 4h8v2H9v6H7V6H4z" fill="#fff"/></svg>';

export function registerFavicon<E extends Env>(app: Hono<E>): void {
  app.get('/favicon.ico', (c) =>
    c.body(ICON, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' }),
  );
}
