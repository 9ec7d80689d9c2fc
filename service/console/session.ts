/**
 * Signing in to the console: the access token travels once, in a sign-in form POST. The cookie
 * (HttpOnly, SameSite=Strict, scoped to /console) then carries a random session id, stored only
 * as its hash in `console_sessions`: the session ends at sign-out, at its expiry
 * (`consoleSessionMs`) and when its token is revoked, and the cookie never holds the long-lived
 * token. Every state-changing POST also carries a CSRF token derived from the session id and
 * must come from this origin.
 *
 * @example
 * sub.use('*', consoleSession());
 * sub.get('/settings', requireConsoleRole('coordinator'), handler);
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
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

export const CONSOLE_ROLES = ['validator', 'coordinator', 'admin'] as const satisfies readonly Role[];

export type ConsoleEnv = {
  Variables: AppEnv['Variables'] & {
    /** The hidden `_csrf` value every form of this session must send back. */
    csrf: string;
    /** The hash of this request's session id (`console_sessions.id_hash`). */
    sessionHash: string;
  };
};
export type ConsoleContext = Context<ConsoleEnv>;

/** The CSRF token of a session: a hash of its session id, so nothing more is stored for it. */
export function csrfFor(sessionId: string): string {
  return createHash('sha256').update(`tonghop-console-csrf\u0000${sessionId}`).digest('base64url').slice(0, 32);
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

/** Opens a session for this token's holder: a row in console_sessions and its id in the cookie. */
export async function startSession(c: Context<ConsoleEnv>, principal: Principal): Promise<void> {
  const { db, config } = c.get('deps');
  const now = config.now();
  const id = randomBytes(32).toString('base64url');
  // Sessions past their expiry are of no use to anyone: each sign-in clears them away.
  await db.deleteFrom('console_sessions').where('expires_at', '<=', now).execute();
  await db
    .insertInto('console_sessions')
    .values({
      id_hash: hashToken(id),
      token_id: principal.tokenId,
      created_at: now,
      expires_at: new Date(now.getTime() + config.consoleSessionMs),
    })
    .execute();
  setCookie(c, SESSION_COOKIE, id, {
    path: CONSOLE_BASE,
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c),
    maxAge: Math.floor(config.consoleSessionMs / 1000),
  });
}

/** Signs out: the session is revoked in the database, not only forgotten by the browser. */
export async function endSession(c: Context<ConsoleEnv>): Promise<void> {
  const { db, config } = c.get('deps');
  await db
    .updateTable('console_sessions')
    .set({ revoked_at: config.now() })
    .where('id_hash', '=', c.get('sessionHash'))
    .where('revoked_at', 'is', null)
    .execute();
  forgetCookie(c);
}

function forgetCookie(c: Context<ConsoleEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: CONSOLE_BASE, httpOnly: true, sameSite: 'Strict', secure: isHttps(c) });
}

function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

/** Thrown to show the sign-in page instead of the one asked for. */
export class SignInRequired extends Error {
  constructor(readonly reason: 'none' | 'unknown' | 'revoked' | 'expired') {
    super('sign-in required');
  }
}

/**
 * Reads the session cookie: sets `principal` and `csrf`, or sends the visitor to the sign-in
 * page when there is no live session (none, unknown, signed out, expired, or its token revoked).
 */
export function consoleSession() {
  return createMiddleware<ConsoleEnv>(async function consoleSession(c, next) {
    const id = getCookie(c, SESSION_COOKIE);
    if (!id) throw new SignInRequired('none');
    const { db, config } = c.get('deps');
    const sessionHash = hashToken(id);
    const row = await db
      .selectFrom('console_sessions as s')
      .innerJoin('tokens as t', 't.id', 's.token_id')
      .select([
        's.expires_at',
        's.revoked_at',
        't.id',
        't.role',
        't.agency_id',
        't.label',
        't.revoked_at as token_revoked_at',
      ])
      .where('s.id_hash', '=', sessionHash)
      .executeTakeFirst();
    const reason = !row
      ? 'unknown'
      : row.revoked_at || row.token_revoked_at
        ? 'revoked'
        : row.expires_at.getTime() <= config.now().getTime()
          ? 'expired'
          : null;
    if (reason || !row) {
      forgetCookie(c);
      throw new SignInRequired(reason ?? 'unknown');
    }
    c.set('principal', {
      tokenId: row.id,
      role: row.role as Role,
      agencyId: row.agency_id,
      label: row.label ?? ROLE_LABELS[row.role as Role],
    });
    c.set('sessionHash', sessionHash);
    c.set('csrf', csrfFor(id));
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
