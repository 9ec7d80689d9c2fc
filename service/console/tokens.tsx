/**
 * Access tokens (administrators): who holds one, issue a new one (shown once, on the answer to
 * the form — never in an address), revoke one. Issuing goes through the same `issueToken` as the API.
 */
import type { Hono } from 'hono';
import { ROLES, type Role } from '../../domain/index.js';
import { issueToken, revokeTokenBy } from '../auth/issue-token.js';
import type { NewToken } from '../auth/tokens.js';
import { ApiError } from '../errors.js';
import { CsrfField, ErrorBox, Notice } from './components.js';
import { formatDateTime, ROLE_LABELS } from './labels.js';
import { renderPage, url } from './layout.js';
import { type ConsoleContext, type ConsoleEnv, requireConsoleRole } from './session.js';
import { type Form, text } from './settings-form.js';

const admin = requireConsoleRole('admin');

export function registerTokens(app: Hono<ConsoleEnv>) {
  app.get('/tokens', admin, (c) => tokensPage(c, { revoked: c.req.query('revoked') === '1' }));

  app.post('/tokens', admin, async (c) => {
    const form = (await c.req.parseBody()) as Form;
    const role = ROLES.find((r) => r === text(form, 'role'));
    const values = { role: text(form, 'role'), agency: text(form, 'agency'), label: text(form, 'label') };
    if (!role) return tokensPage(c, { errors: ['Hãy chọn vai trò của mã truy cập.'], values }, 422);
    const { db, registry } = c.get('deps');
    try {
      const issued = await issueToken(db, registry, c.get('principal'), {
        role,
        agency: values.agency || undefined,
        label: values.label || undefined,
      });
      return tokensPage(c, { issued });
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'not_found' || e.code === 'validation_failed'))
        return tokensPage(c, { errors: [e.message], values }, 422);
      throw e;
    }
  });

  app.post('/tokens/:id/revoke', admin, async (c) => {
    if (!(await revokeTokenBy(c.get('deps').db, c.get('principal'), c.req.param('id'))))
      throw new ApiError('not_found', 'Không có mã truy cập còn hiệu lực với mã này.');
    return c.redirect(`${url.tokens()}?revoked=1`, 303);
  });
}

interface State {
  issued?: NewToken;
  revoked?: boolean;
  errors?: string[];
  values?: { role: string; agency: string; label: string };
}

async function tokensPage(c: ConsoleContext, state: State, status: 200 | 422 = 200) {
  const { db, registry } = c.get('deps');
  const [rows, agencies] = await Promise.all([
    db
      .selectFrom('tokens')
      .select(['id', 'role', 'agency_id', 'label', 'created_at', 'revoked_at'])
      .orderBy('revoked_at', 'desc')
      .orderBy('created_at', 'desc')
      .execute(),
    registry.all(),
  ]);
  const names = new Map(agencies.map((a) => [a.id, a.name]));
  const v = state.values ?? { role: '', agency: '', label: '' };
  const me = c.get('principal').tokenId;
  return renderPage(
    c,
    {
      title: 'Mã truy cập',
      nav: 'tokens',
      children: (
        <>
          {state.issued && (
            <div class="notice" role="status" id="issued">
              <p>
                <strong>{`Đã cấp mã truy cập cho ${state.issued.label} (${ROLE_LABELS[state.issued.role]}).`}</strong>
              </p>
              <p>
                Mã chỉ hiện một lần này; hãy sao chép và gửi cho người dùng qua kênh an toàn. Hệ thống chỉ lưu bản băm
                của mã.
              </p>
              <p class="token">{state.issued.token}</p>
            </div>
          )}
          {state.revoked && (
            <Notice>Đã thu hồi mã truy cập. Người giữ mã không đăng nhập hoặc gửi số liệu được nữa.</Notice>
          )}
          <h2 id="new-token">Cấp mã mới</h2>
          <ErrorBox title="Chưa cấp được mã" messages={state.errors ?? []} />
          <form method="post" action={url.tokens()} aria-labelledby="new-token">
            <div class="field">
              <label for="role">Vai trò</label>
              <select id="role" name="role" required>
                <option value="">Chọn vai trò</option>
                {ROLES.map((r) => (
                  <option value={r} selected={v.role === r}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="agency">Cơ quan</label>
              <span class="hint" id="agency-hint">
                Bắt buộc với mã của cơ quan, đơn vị; gõ tên hoặc tên viết tắt.
              </span>
              <input
                type="text"
                id="agency"
                name="agency"
                list="agency-names"
                value={v.agency}
                size={60}
                aria-describedby="agency-hint"
              />
              <datalist id="agency-names">
                {agencies.map((a) => (
                  <option value={a.name} />
                ))}
              </datalist>
            </div>
            <div class="field">
              <label for="label">Tên người dùng hoặc ghi chú</label>
              <span class="hint" id="label-hint">
                Hiện trong lịch sử thay đổi, ví dụ «Nguyễn Văn A, Phòng Kế hoạch».
              </span>
              <input
                type="text"
                id="label"
                name="label"
                value={v.label}
                size={60}
                maxlength={200}
                aria-describedby="label-hint"
              />
            </div>
            <CsrfField csrf={c.get('csrf')} />
            <button type="submit" class="primary">
              Cấp mã
            </button>
          </form>
          <h2>Các mã đã cấp</h2>
          <table id="tokens">
            <caption class="sr-only">Các mã truy cập, còn hiệu lực ở đầu</caption>
            <thead>
              <tr>
                <th scope="col">Người dùng</th>
                <th scope="col">Vai trò</th>
                <th scope="col">Cơ quan</th>
                <th scope="col">Cấp lúc</th>
                <th scope="col">Trạng thái</th>
                <th scope="col">
                  <span class="sr-only">Thao tác</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((t) => (
                <tr>
                  <th scope="row">
                    {t.label ?? '—'}
                    {t.id === me && <span class="hint">(mã bạn đang dùng)</span>}
                  </th>
                  <td>{ROLE_LABELS[t.role as Role] ?? t.role}</td>
                  <td>{t.agency_id ? (names.get(t.agency_id) ?? t.agency_id) : '—'}</td>
                  <td>{formatDateTime(t.created_at)}</td>
                  <td>{t.revoked_at ? `Đã thu hồi ${formatDateTime(t.revoked_at)}` : 'Còn hiệu lực'}</td>
                  <td>
                    {!t.revoked_at && (
                      <form method="post" action={`${url.tokens()}/${encodeURIComponent(t.id)}/revoke`}>
                        <CsrfField csrf={c.get('csrf')} />
                        <button
                          type="submit"
                          class="danger"
                          aria-label={`Thu hồi mã của ${t.label ?? ROLE_LABELS[t.role as Role]}`}
                        >
                          Thu hồi
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ),
    },
    status,
  );
}
