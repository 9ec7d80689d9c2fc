/**
 * The console seen from outside, over HTTP through the Hono app: a cookie jar, forms posted as a
 * browser posts them (urlencoded, with the page's CSRF field and this site's Origin), and the
 * demo round with the scenario that raises a flag of every code.
 */
import type { DbDialect } from '../../db/create-db.js';
import { DEMO_ROUND_ID, loadDemoRound } from '../../service/demo/demo-round.js';
import { loadFlagScenario } from '../../service/demo/flag-scenario.js';
import { RegistryStore } from '../../service/registry-store.js';
import { type Service, startService } from '../service/harness.js';

export const ROUND = DEMO_ROUND_ID;
export const ORIGIN = 'http://localhost';

export interface Page {
  status: number;
  text: string;
  headers: Headers;
  location: string | null;
}

/** A service with the demo round loaded four days ago and the every-code scenario applied now. */
export async function startConsoleService(kind: DbDialect): Promise<Service> {
  const s = await startService(kind);
  const registry = new RegistryStore(s.db);
  const now = Date.now();
  await loadDemoRound(s.db, registry, new Date(now - 4 * 86_400_000));
  await loadFlagScenario(s.db, registry, new Date(now));
  return s;
}

/** One visitor: keeps the session cookie and the last CSRF value it was given. */
export class Visitor {
  cookie: string | null = null;
  csrf: string | null = null;

  constructor(private readonly s: Service) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Page> {
    return this.send(path, { method: 'GET', headers });
  }

  /** POST a form; `_csrf` is added from the last page unless the form has one (or `null` to leave it out). */
  async post(
    path: string,
    form: Record<string, string | string[]>,
    opts: { origin?: string | null; csrf?: string | null } = {},
  ): Promise<Page> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    const csrf = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (csrf !== null && !('_csrf' in form)) body.set('_csrf', csrf);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    const origin = opts.origin === undefined ? ORIGIN : opts.origin;
    if (origin !== null) headers.origin = origin;
    return this.send(path, { method: 'POST', headers, body: body.toString() });
  }

  /** Sign in with a token; returns the sign-in answer (303 and a cookie when it worked). */
  async signIn(token: string): Promise<Page> {
    const page = await this.post('/console/sign-in', { token }, { csrf: null });
    if (page.status === 303) await this.get('/console');
    return page;
  }

  private async send(
    path: string,
    init: { method: string; headers: Record<string, string>; body?: string },
  ): Promise<Page> {
    const headers = { host: 'localhost', ...init.headers, ...(this.cookie ? { cookie: this.cookie } : {}) };
    const res = await this.s.app.request(`${ORIGIN}${path}`, { ...init, headers });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const [pair] = setCookie.split(';');
      this.cookie = /=$/.test(pair!) || /Max-Age=0/i.test(setCookie) ? null : pair!;
    }
    const text = await res.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(text);
    if (csrf) this.csrf = csrf[1]!;
    return { status: res.status, text, headers: res.headers, location: res.headers.get('location') };
  }
}

/** The text of the page without tags and with entities decoded, spaces collapsed. */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Links of the page whose href matches. */
export function links(html: string, pattern: RegExp): string[] {
  return [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')).filter((h) => pattern.test(h));
}
