/**
 * Names agencies proposed for the registry, on the administrator's registry page: each with
 * the nearest registry names as one-click «add as another name of …» buttons, any agency to
 * choose, «add as a new agency», or «decline». Settling goes through `settleNameRequest`.
 */
import type { Hono } from 'hono';
import type { NameRequestRecord } from '../../db/schema/index.js';
import { AGENCY_KINDS, type Agency, type AgencyMatcher } from '../../domain/index.js';
import { ApiError } from '../errors.js';
import { type Settlement, settleNameRequest } from '../registry/name-requests.js';
import { FLAGS_NOT_RECOMPUTED } from '../registry/save-agency.js';
import { CsrfField } from './components.js';
import { AGENCY_KIND_LABELS, formatDateTime } from './labels.js';
import { url } from './layout.js';
import { type ConsoleEnv, requireConsoleRole } from './session.js';
import { type Form, text } from './settings-form.js';

export const requestUrl = (id: number) => `${url.registry()}/requests/${id}`;

export function registerNameRequests(app: Hono<ConsoleEnv>) {
  app.post('/registry/requests/:id', requireConsoleRole('admin'), async (c) => {
    const { db, registry } = c.get('deps');
    const id = Number(c.req.param('id'));
    if (!Number.isInteger(id) || id <= 0) throw new ApiError('not_found', 'Không có đề nghị này.');
    const form = (await c.req.parseBody()) as Form;
    const as = text(form, 'as');
    const kind = AGENCY_KINDS.find((k) => k === text(form, 'kind'));
    const settlement: Settlement | null =
      as === 'alias' && text(form, 'agency')
        ? { as: 'alias', agencyId: text(form, 'agency') }
        : as === 'agency' && kind
          ? { as: 'agency', kind }
          : as === 'reject'
            ? { as: 'reject' }
            : null;
    if (!settlement)
      throw new ApiError(
        'validation_failed',
        'Hãy chọn cách xử lý đề nghị: thêm vào một cơ quan, thêm cơ quan mới, hoặc không nhận.',
      );
    const { request, saved } = await settleNameRequest(db, registry, c.get('principal'), id, settlement);
    const query = new URLSearchParams({ settled: String(request.id) });
    if (saved) query.set('agency', saved.agency.id);
    if (saved && !saved.flagsRecomputed) query.set('flags', '0');
    return c.redirect(`${url.registry()}?${query}`, 303);
  });
}

/** The notice after a request was settled. */
export function settledNotice(agency: Agency | undefined, flagsFailed: boolean): string {
  const done = agency
    ? `Đã nhận tên vào danh mục: từ nay tên này được nhận là «${agency.name}».`
    : 'Đã ghi nhận: không nhận tên đề nghị này.';
  return flagsFailed ? `${done} ${FLAGS_NOT_RECOMPUTED}` : done;
}

export function NameRequests(props: {
  requests: readonly NameRequestRecord[];
  matcher: AgencyMatcher;
  agencies: readonly Agency[];
  csrf: string;
}) {
  if (props.requests.length === 0) return null;
  const sorted = [...props.agencies].sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  return (
    <section aria-labelledby="requests-title" id="name-requests">
      <h2 id="requests-title">{`Đề nghị bổ sung tên (${props.requests.length})`}</h2>
      <p class="hint">
        Tên các cơ quan, đơn vị gửi số liệu gặp mà danh mục chưa có. Thêm làm tên khác của một cơ quan đã có, hoặc thêm
        thành cơ quan mới; các ô ghi tên này được đọc lại ngay.
      </p>
      {props.requests.map((r) => {
        const near = props.matcher.suggestScored(r.name, 3);
        return (
          <article class="request">
            <h3>{`«${r.name}»`}</h3>
            <p class="muted">
              {`${r.requested_by} đề nghị lúc ${formatDateTime(r.requested_at)}`}
              {r.note ? `: «${r.note}»` : '.'}
            </p>
            {near.map((n) => {
              const agency = props.matcher.lookup(n.name)?.agency;
              return agency ? (
                <form method="post" action={requestUrl(r.id)} class="inline">
                  <CsrfField csrf={props.csrf} />
                  <input type="hidden" name="as" value="alias" />
                  <input type="hidden" name="agency" value={agency.id} />
                  <button type="submit" class="secondary">{`Thêm làm tên khác của «${agency.name}»`}</button>
                </form>
              ) : null;
            })}
            <form method="post" action={requestUrl(r.id)} class="inline">
              <CsrfField csrf={props.csrf} />
              <input type="hidden" name="as" value="alias" />
              <label>
                {'Tên khác của cơ quan '}
                <select name="agency" required>
                  {sorted.map((a) => (
                    <option value={a.id}>{a.name}</option>
                  ))}
                </select>
              </label>
              <button type="submit" class="secondary">
                Thêm vào cơ quan đã chọn
              </button>
            </form>
            <form method="post" action={requestUrl(r.id)} class="inline">
              <CsrfField csrf={props.csrf} />
              <input type="hidden" name="as" value="agency" />
              <label>
                {'Loại '}
                <select name="kind">
                  {AGENCY_KINDS.map((k) => (
                    <option value={k} selected={k === 'public_unit'}>
                      {AGENCY_KIND_LABELS[k]}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" class="primary">
                Thêm thành cơ quan mới
              </button>
            </form>
            <form method="post" action={requestUrl(r.id)} class="inline">
              <CsrfField csrf={props.csrf} />
              <input type="hidden" name="as" value="reject" />
              <button type="submit" class="link">
                Không nhận
              </button>
            </form>
          </article>
        );
      })}
    </section>
  );
}
