/**
 * Signing in to the console: the access token travels once, in a sign-in form POST, and then
 * lives in an HttpOnly, SameSite=Strict cookie scoped to /console — never in a URL, never readable
 * by a script. Every state-changing POST also carries a CSRF token derived from the session's
 * token and must come from this origin.
 *
 * @example
 * sub.use('*', consoleSession());
 * sub.get('/settings', requireConsoleRole('coordinator'), handler);
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Role } from '../../domain/index.js';
import { hashToken } from '../auth/tokens.js';
import type { AppEnv, Principal } from '../context.js';
import { ApiError } from '../errors.js';
import { inSentence, ROLE_LABELS } from './labels.js';

export const SESSION_COOKIE = 'tonghop_console';
export const CONSOLE_BASE = '/console';
/** A working day; the token itself lives on until an administrator revokes it. */
const SESSION_SECONDS = 10 * 3600;

export const CONSOLE_ROLES = ['validator', 'coordinator', 'admin'] as const satisfies readonly Role[];

export type ConsoleEnv = {
  Variables: AppEnv['Variables'] & {
    /** The hidden `_csrf` value every form of this session must send back. */
    csrf: string;
  };
};
export type ConsoleContext = Context<ConsoleEnv>;

/** The CSRF token of a session: a hash of its access token, so no server-side state is needed. */
export function csrfFor(token: string): string {
  return createHash('sha256').update(`tonghop-console-csrf\u0000${token}`).digest('base64url').slice(0, 32);
}

export type SignInOutcome =
  | { ok: true; principal: Principal }
  | { ok: false; reason: 'unknown' | 'revoked' | 'agency' };

/** Who a token belongs to, and whether it may use the console. */
export async function checkToken(c: Context<ConsoleEnv>, token: string): Promise<SignInOutcome> {
  const row = await c
    .get('deps')
    .db.selectFrom('tokens')
    .select(['id', 'role', 'agency_id', 'label', 'revoked_at'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revoked_at) return { ok: false, reason: 'revoked' };
  if (row.role === 'agency') return { ok: false, reason: 'agency' };
  return {
    ok: true,
    principal: {
      tokenId: row.id,
      role: row.role as Role,
      agencyId: row.agency_id,
      label: row.label ?? ROLE_LABELS[row.role as Role],
    },
  };
}

export function startSession(c: Context<ConsoleEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    path: CONSOLE_BASE,
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c),
    maxAge: SESSION_SECONDS,
  });
}

export function endSession(c: Context<ConsoleEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: CONSOLE_BASE, httpOnly: true, sameSite: 'Strict', secure: isHttps(c) });
}

function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

/** Thrown to show the sign-in page instead of the one asked for. */
export class SignInRequired extends Error {
  constructor(readonly reason: 'none' | 'unknown' | 'revoked') {
    super('sign-in required');
  }
}

/**
 * Reads the session cookie: sets `principal` and `csrf`, or sends the visitor to the sign-in
 * page. An agency's token is refused outright (agencies work in Excel).
 */
export function consoleSession() {
  return createMiddleware<ConsoleEnv>(async function consoleSession(c, next) {
    const token = getCookie(c, SESSION_COOKIE);
    if (!token) throw new SignInRequired('none');
    const outcome = await checkToken(c, token);
    if (!outcome.ok) {
      endSession(c);
      if (outcome.reason === 'agency') throw new ApiError('forbidden', AGENCY_REFUSAL);
      throw new SignInRequired(outcome.reason);
    }
    c.set('principal', outcome.principal);
    c.set('csrf', csrfFor(token));
    await next();
  });
}

export const AGENCY_REFUSAL =
  'Mã truy cập này dành cho cơ quan, đơn vị gửi số liệu từ Excel. Trang web thẩm định chỉ dành cho chuyên viên thẩm định, cán bộ điều phối của Sở Khoa học và Công nghệ và quản trị hệ thống. Hãy gửi và xem ý kiến thẩm định trong phần bổ trợ TổngHợp trên Excel.';

/** Only these roles may see the page; others get a 403 page that says who may. */
export function requireConsoleRole(...roles: Role[]) {
  return createMiddleware<ConsoleEnv>(async function requireConsoleRole(c, next) {
    const { role } = c.get('principal');
    if (!roles.includes(role)) {
      throw new ApiError(
        'forbidden',
        `Trang này dành cho ${roles.map((r) => inSentence(ROLE_LABELS[r])).join(' hoặc ')}; tài khoản của bạn là ${inSentence(ROLE_LABELS[role])}.`,
      );
    }
    await next();
  });
}

/** The request comes from a page of this site (or from no browser page at all). */
export function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (origin === undefined) return true;
  if (origin === 'null') return false;
  try {
    return new URL(origin).host === (c.req.header('host') ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
}

/**
 * Every POST of a signed-in page: same origin, and the form's `_csrf` matches the session's.
 * (The SameSite=Strict cookie already keeps other sites out; this covers older browsers.)
 */
export function verifyCsrf() {
  return createMiddleware<ConsoleEnv>(async function verifyCsrf(c, next) {
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody();
      const sent = typeof form._csrf === 'string' ? form._csrf : '';
      const wanted = c.get('csrf');
      const ok =
        sameOrigin(c) && sent.length === wanted.length && timingSafeEqual(Buffer.from(sent), Buffer.from(wanted));
      if (!ok)
        throw new ApiError(
          'forbidden',
          'Biểu mẫu đã hết hạn hoặc không gửi từ trang này. Hãy tải lại trang rồi thao tác lại.',
        );
    }
    await next();
  });
}
