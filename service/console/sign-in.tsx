/**
 * Signing in and out. The token is typed (or pasted) once into a form and POSTed; the answer
 * sets the session cookie and redirects. An agency's token is refused with a 403 that tells the
 * person where they work instead (Excel).
 */
import type { Hono } from 'hono';
import { hashToken } from '../auth/tokens.js';
import { clientAddress } from '../middleware/rate-limit.js';
import { ErrorBox } from './components.js';
import { renderPage, url } from './layout.js';
import {
  AGENCY_REFUSAL,
  type ConsoleContext,
  type ConsoleEnv,
  checkToken,
  endSession,
  sameOrigin,
  startSession,
} from './session.js';

const REASONS = {
  expired: 'Phiên làm việc đã hết hoặc mã truy cập đã bị thu hồi. Hãy đăng nhập lại.',
  signedOut: 'Bạn đã đăng xuất.',
} as const;

/** Only a console page may be the target after sign-in: no open redirect. */
export function safeNext(next: string | undefined): string {
  return next && /^\/console(\/[\w\-./%?=&]*)?$/.test(next) && !next.includes('//') ? next : url.home();
}

export function registerSignIn(app: Hono<ConsoleEnv>) {
  app.get('/sign-in', (c) => {
    const reason = c.req.query('reason');
    return signInPage(c, {
      next: safeNext(c.req.query('next')),
      info: reason === 'expired' || reason === 'signedOut' ? REASONS[reason] : undefined,
    });
  });

  app.post('/sign-in', async (c) => {
    const form = await c.req.parseBody();
    const next = safeNext(typeof form.next === 'string' ? form.next : undefined);
    if (!sameOrigin(c)) return signInPage(c, { next, error: 'Biểu mẫu đăng nhập không gửi từ trang này.' }, 403);
    const token = typeof form.token === 'string' ? form.token.trim() : '';
    if (token === '') return signInPage(c, { next, error: 'Hãy nhập mã truy cập.' }, 401);
    // Counted as the API counts bearer failures (rate-limit.ts), and checked before the token is.
    const limits = c.get('limits');
    const address = clientAddress(c, limits.config.trustProxy);
    const tokenHash = hashToken(token);
    const refusal = limits.authRefusal(address, tokenHash);
    if (refusal) {
      c.header('Retry-After', String(refusal.details.retryAfterSeconds));
      return signInPage(c, { next, error: refusal.message }, 429);
    }
    const outcome = await checkToken(c, token);
    if (!outcome.ok && outcome.reason !== 'agency') limits.authFailed(address, tokenHash);
    if (outcome.ok) {
      await startSession(c, outcome.principal);
      return c.redirect(next, 303);
    }
    if (outcome.reason === 'agency')
      return signInPage(c, { next, error: AGENCY_REFUSAL, title: 'Tài khoản cơ quan không dùng trang này' }, 403);
    const error =
      outcome.reason === 'revoked'
        ? 'Mã truy cập này đã bị thu hồi. Hãy xin mã mới từ quản trị hệ thống.'
        : 'Mã truy cập không đúng. Hãy kiểm tra lại (mã bắt đầu bằng th_) hoặc liên hệ quản trị hệ thống.';
    return signInPage(c, { next, error }, 401);
  });
}

/** Behind the session and CSRF middleware (see index.ts): only a signed-in page can sign out. */
export function registerSignOut(app: Hono<ConsoleEnv>) {
  app.post('/sign-out', async (c) => {
    await endSession(c);
    return c.redirect(`${url.signIn()}?reason=signedOut`, 303);
  });
}

function signInPage(
  c: ConsoleContext,
  state: { next: string; error?: string; info?: string | undefined; title?: string },
  status: 200 | 401 | 403 | 429 = 200,
) {
  return renderPage(
    c,
    {
      title: state.title ?? 'Đăng nhập',
      children: (
        <>
          <p class="lead">
            Trang thẩm định và tổng hợp kế hoạch dành cho chuyên viên thẩm định, cán bộ điều phối của Sở Khoa học và
            Công nghệ và quản trị hệ thống. Cơ quan, đơn vị gửi số liệu bằng phần bổ trợ TổngHợp trong Excel.
          </p>
          {state.info && (
            <div class="notice" role="status">
              {state.info}
            </div>
          )}
          <ErrorBox
            title={status === 403 ? 'Không đăng nhập được' : 'Chưa đăng nhập được'}
            messages={state.error ? [state.error] : []}
          />
          <form method="post" action={url.signIn()}>
            <div class="field">
              <label for="token">Mã truy cập</label>
              <span class="hint" id="token-hint">
                Mã do quản trị hệ thống cấp, bắt đầu bằng th_. Mã được giữ kín trong trình duyệt đến khi bạn đăng xuất.
              </span>
              <input
                type="password"
                id="token"
                name="token"
                required
                autocomplete="off"
                spellcheck={false}
                size={50}
                aria-describedby="token-hint"
                autofocus
              />
            </div>
            <input type="hidden" name="next" value={state.next} />
            <button type="submit" class="primary">
              Đăng nhập
            </button>
          </form>
        </>
      ),
    },
    status,
  );
}
