/**
 * The review console: server-rendered Vietnamese pages under /console for validators,
 * coordinators and administrators, reading and changing data through the same modules as the API
 * (flags/query, flags/review, rounds/manage, registry/save-agency, auth/issue-token, merge/).
 *
 * Pages are plain HTML (Hono JSX) with no script at all, so the Content-Security-Policy forbids
 * scripts outright. Sign-in puts the token in an HttpOnly, SameSite=Strict cookie; every POST is
 * checked for origin and CSRF token.
 *
 * @example
 * registerConsole(app); // after the API routes
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../context.js';
import { ApiError, databaseErrorCode, defaultMessage, ERROR_STATUS } from '../errors.js';
import { safeBody } from '../middleware/safe-input.js';
import { registerFlagDetail } from './flag-detail.js';
import { registerHome } from './home.js';
import { renderPage, url } from './layout.js';
import { registerMerged } from './merged.js';
import { registerOutline } from './outline.js';
import { registerOverview } from './overview.js';
import { registerProgressPage } from './progress-page.js';
import { registerQueue } from './queue.js';
import { registerQueueBulk } from './queue-bulk.js';
import { registerRegistry } from './registry.js';
import { registerNameRequests } from './registry-requests.js';
import {
  CONSOLE_BASE,
  type ConsoleContext,
  type ConsoleEnv,
  consoleSession,
  SignInRequired,
  verifyCsrf,
} from './session.js';
import { registerSettings } from './settings.js';
import { registerSignIn, registerSignOut } from './sign-in.js';
import { registerSubmissions } from './submissions.js';
import { registerTokens } from './tokens.js';

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
} as const;

const FORM_LIMIT = 1024 * 1024;

const ERROR_TITLES: Record<number, string> = {
  400: 'Yêu cầu không hợp lệ',
  403: 'Không có quyền truy cập',
  404: 'Không tìm thấy trang',
  409: 'Chưa thực hiện được',
  413: 'Nội dung quá lớn',
  422: 'Chưa thực hiện được',
  429: 'Tạm thời chưa thực hiện được',
  500: 'Hệ thống gặp lỗi',
  503: 'Tạm thời chưa phục vụ được',
};

export function registerConsole(app: Hono<AppEnv>): void {
  const sub = new Hono<ConsoleEnv>();
  sub.use('*', async function securityHeaders(c, next) {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
  });
  sub.onError(consoleError);
  // The console's forms are small; the sheets go through the API, which has its own limit.
  sub.use(
    '*',
    bodyLimit({
      maxSize: FORM_LIMIT,
      onError: () => {
        throw new ApiError('payload_too_large', 'Nội dung gửi lên quá lớn.');
      },
    }),
  );
  sub.use('*', safeBody());
  registerSignIn(sub);
  sub.use('*', consoleSession());
  sub.use('*', verifyCsrf());
  registerSignOut(sub);
  registerHome(sub);
  registerOverview(sub);
  registerSubmissions(sub);
  registerQueue(sub);
  registerQueueBulk(sub);
  registerFlagDetail(sub);
  registerMerged(sub);
  registerProgressPage(sub);
  registerSettings(sub);
  registerOutline(sub);
  registerNameRequests(sub);
  registerRegistry(sub);
  registerTokens(sub);
  sub.all('*', (c) => {
    if (new URL(c.req.url).pathname === `${CONSOLE_BASE}/`) return c.redirect(CONSOLE_BASE, 301);
    throw new ApiError('not_found', 'Không có trang này. Hãy chọn từ thanh chức năng ở đầu trang.');
  });
  app.route(CONSOLE_BASE, sub as unknown as Hono<AppEnv>);
}

/** Errors as pages: sign-in when there is no session, a Vietnamese page with the right status otherwise. */
function consoleError(err: Error, c: ConsoleContext) {
  if (err instanceof SignInRequired) {
    const path = new URL(c.req.url).pathname;
    const next = c.req.method === 'GET' && path !== CONSOLE_BASE ? `next=${encodeURIComponent(path)}` : '';
    const reason = err.reason === 'none' ? '' : 'reason=expired';
    const query = [next, reason].filter(Boolean).join('&');
    return c.redirect(`${url.signIn()}${query ? `?${query}` : ''}`, 303);
  }
  let status: 400 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503 = 500;
  let message = defaultMessage('internal');
  const db = databaseErrorCode(err);
  if (db) {
    status = ERROR_STATUS[db] === 503 ? 503 : ERROR_STATUS[db] === 409 ? 409 : 422;
    message = defaultMessage(db);
    if (status === 503) c.header('Retry-After', '5');
  } else if (err instanceof ApiError) {
    status =
      ([400, 403, 404, 409, 413, 422, 429] as const).find((s) => s === err.status) ?? (err.status === 401 ? 403 : 400);
    message = err.message;
    if (typeof err.details.retryAfterSeconds === 'number')
      c.header('Retry-After', String(err.details.retryAfterSeconds));
  } else if (err instanceof HTTPException) {
    status = err.status === 404 ? 404 : 400;
    message = defaultMessage(status === 404 ? 'not_found' : 'bad_request');
  } else {
    console.error(`[${c.get('requestId') ?? '-'}] console:`, err);
  }
  return renderPage(
    c,
    {
      title: ERROR_TITLES[status]!,
      children: (
        <>
          <div class={status >= 500 ? 'alert' : 'warning'} role="alert">
            <p>{message}</p>
          </div>
          <p>
            <a href={url.home()}>Về trang đầu</a>
          </p>
        </>
      ),
    },
    status,
  );
}
