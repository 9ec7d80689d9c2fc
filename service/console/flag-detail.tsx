/**
 * One flag (validators, coordinators): the message, the figures that disagree, the rows side by
 * side, their history; and the decision — accept with a note, mark as not a problem, or return
 * to the agencies with a comment they see on their rows in Excel. The decision goes through the
 * same `reviewFlag` as the API, audit entry and all.
 */
import type { Hono } from 'hono';
import type { AuditLogRecord } from '../../db/schema/index.js';
import type { FlagRowRef } from '../../domain/index.js';
import { ApiError } from '../errors.js';
import { listFlags } from '../flags/query.js';
import { REVIEW_ACTIONS, type ReviewAction, reviewFlag } from '../flags/review.js';
import { getRound, periodOf, type Round } from '../rounds/round.js';
import { CsrfField, codeLabel, ErrorBox, Notice, SeverityBadge, StatusBadge } from './components.js';
import { type FlagDetail, loadFlagDetail } from './flag-detail-data.js';
import { FlagFigures } from './flag-figures.js';
import { FlagRows, RowHistory } from './flag-rows.js';
import { ACTION_DONE, ACTION_LABELS, AUDIT_ACTION_LABELS, formatDateTime } from './labels.js';
import { renderPage, url } from './layout.js';
import { parseQueueParams, queueQuery } from './queue-params.js';
import { type ConsoleContext, type ConsoleEnv, requireConsoleRole } from './session.js';

const reviewers = requireConsoleRole('validator', 'coordinator');

const CHOICES: Record<ReviewAction, string> = {
  accept:
    'Cảnh báo đúng: số liệu có sai sót cần được sửa; cảnh báo ở lại trong danh sách đã xác nhận. Ghi chú (nếu có) lưu vào lịch sử.',
  dismiss:
    'Cảnh báo được ẩn đi khi các dòng còn giữ nguyên; nếu cơ quan sửa các dòng này, cảnh báo sẽ hiện lại. Cần ghi lý do.',
  return: 'Cơ quan thấy ý kiến này bên cạnh các dòng trong Excel và sửa rồi gửi lại. Cần ghi rõ nội dung đề nghị sửa.',
};

export function registerFlagDetail(app: Hono<ConsoleEnv>) {
  app.get('/rounds/:round/flags/:id', reviewers, async (c) => {
    const done = REVIEW_ACTIONS.find((a) => a === c.req.query('done'));
    return showFlag(c, { done });
  });

  app.post('/rounds/:round/flags/:id', reviewers, async (c) => {
    const form = await c.req.parseBody({ all: true });
    const action = REVIEW_ACTIONS.find((a) => a === form.action);
    // Present only when the flag names several agencies: the ones ticked get it back.
    const returnTo =
      form.return_choice === '1'
        ? [form.return_to ?? []].flat().filter((v): v is string => typeof v === 'string')
        : undefined;
    const note = typeof form.note === 'string' ? form.note.trim() : '';
    const from = typeof form.from === 'string' ? form.from : '';
    if (!action)
      return showFlag(
        c,
        {
          error: 'Hãy chọn một quyết định: xác nhận có sai sót, bỏ qua (số liệu đúng), hoặc trả lại cơ quan.',
          note,
          from,
          returnTo,
        },
        422,
      );
    const { db, config } = c.get('deps');
    const round = await getRound(db, c.req.param('round'));
    try {
      await reviewFlag(db, {
        roundId: round.id,
        flagId: c.req.param('id'),
        action,
        note,
        principal: c.get('principal'),
        now: config.now(),
        returnTo: action === 'return' ? returnTo : undefined,
      });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'validation_failed')
        return showFlag(c, { error: e.message, note, action, from, returnTo }, 422);
      throw e;
    }
    const back = canonicalFrom(from);
    return c.redirect(
      `${url.flag(round.id, c.req.param('id'))}?done=${action}${back ? `&from=${encodeURIComponent(back)}` : ''}`,
      303,
    );
  });
}

/** The queue address the reviewer came from, rebuilt from its parts so nothing else slips in. */
function canonicalFrom(from: string | undefined): string {
  return queueQuery(parseQueueParams(Object.fromEntries(new URLSearchParams(from ?? ''))));
}

interface ViewState {
  done?: ReviewAction | undefined;
  error?: string;
  note?: string;
  action?: ReviewAction;
  from?: string;
  returnTo?: string[] | undefined;
}

async function showFlag(c: ConsoleContext, state: ViewState, status: 200 | 422 = 200) {
  const { db, registry } = c.get('deps');
  const round = await getRound(db, c.req.param('round')!);
  const detail = await loadFlagDetail(db, round.id, c.req.param('id')!);
  if (!detail) throw new ApiError('not_found', 'Không có cảnh báo này trong đợt.');
  const from = canonicalFrom(state.from ?? c.req.query('from'));
  const ids = new Set<string>([...detail.flag.agency_ids, ...detail.rows.map((r) => r.ref.agencyId)]);
  collectIds(detail.flag.figures as Record<string, unknown>, ids);
  const names = new Map<string, string>();
  for (const id of ids) names.set(id, await registry.name(id));
  // After a decision, offer the next open flag of the same list.
  let next: string | null = null;
  if (state.done) {
    const params = parseQueueParams(Object.fromEntries(new URLSearchParams(from)));
    const { flags } = await listFlags(
      db,
      round.id,
      { ...params.filters, status: 'open' },
      { limit: 2, offset: 0, sort: { key: params.sort, direction: params.dir } },
    );
    next = flags.find((f) => f.id !== detail.flag.id)?.id ?? null;
  }
  return renderPage(
    c,
    {
      title: codeLabel(detail.flag.code),
      round,
      nav: 'queue',
      children: (
        <FlagPage
          round={round}
          detail={detail}
          names={names}
          state={state}
          from={from}
          next={next}
          csrf={c.get('csrf')}
        />
      ),
    },
    status,
  );
}

/** Agency ids named in a flag's figures (leads, agencies), so their names can be shown. */
function collectIds(figures: Record<string, unknown>, into: Set<string>) {
  for (const key of ['agencies', 'leads']) for (const id of Object.keys((figures[key] ?? {}) as object)) into.add(id);
  for (const key of ['leads', 'budgetLeads', 'taskLeads']) {
    const value = figures[key];
    if (Array.isArray(value)) for (const id of value) into.add(String(id));
    else if (value && typeof value === 'object')
      for (const list of Object.values(value)) if (Array.isArray(list)) for (const id of list) into.add(String(id));
  }
}

function FlagPage(props: {
  round: Round;
  detail: FlagDetail;
  names: Map<string, string>;
  state: ViewState;
  from: string;
  next: string | null;
  csrf: string;
}) {
  const { round, detail, names, state, from, next } = props;
  const { flag } = detail;
  // The agencies' replies sit among the rows' comments (the agency reads them there); listed apart here.
  const replied = new Set(detail.replies.map((r) => `${r.actor}\u0000${new Date(r.at).getTime()}\u0000${r.note}`));
  const reviewerComments = detail.comments.filter(
    (m) => !replied.has(`${m.author}\u0000${new Date(m.created_at).getTime()}\u0000${m.body}`),
  );
  const resolved = flag.resolved_at !== null;
  const refs = flag.row_refs as unknown as FlagRowRef[];
  const agencies = [...new Set(refs.map((r) => r.agencyId))].map((id) => ({ id, name: names.get(id) ?? id }));
  return (
    <>
      <p>
        <a href={url.queue(round.id, from)}>← Về danh sách cảnh báo</a>
      </p>
      {state.done && (
        <Notice>
          {ACTION_DONE[state.done]}{' '}
          {next ? (
            <a href={`${url.flag(round.id, next)}${from ? `?from=${encodeURIComponent(from)}` : ''}`}>
              Xem cảnh báo chưa xử lý tiếp theo →
            </a>
          ) : (
            'Không còn cảnh báo chưa xử lý nào trong danh sách đang lọc.'
          )}
        </Notice>
      )}
      <ErrorBox title="Chưa ghi nhận được quyết định" messages={state.error ? [state.error] : []} />
      <dl class="facts">
        <dt>Mức độ</dt>
        <dd>
          <SeverityBadge severity={flag.severity} />
        </dd>
        <dt>Trạng thái</dt>
        <dd>
          <StatusBadge status={flag.status} />
          {flag.reviewed_by && ` — ${flag.reviewed_by}, ${formatDateTime(flag.reviewed_at)}`}
          {flag.review_note && <span class="hint">{`Ghi chú: «${flag.review_note}»`}</span>}
        </dd>
        <dt>Cơ quan liên quan</dt>
        <dd>{flag.agency_ids.length ? flag.agency_ids.map((id) => names.get(id) ?? id).join('; ') : 'Toàn tỉnh'}</dd>
        <dt>Phát hiện lúc</dt>
        <dd>{formatDateTime(flag.created_at)}</dd>
      </dl>
      {resolved && (
        <div class="warning" role="status">
          Vấn đề này đã được khắc phục: các dòng đã được cơ quan sửa, cảnh báo không còn hiệu lực.
        </div>
      )}
      <h2>Nội dung</h2>
      <p class="message" id="flag-message">
        {flag.message}
      </p>
      <FlagFigures code={flag.code} figures={flag.figures as Record<string, unknown>} names={names} />
      {detail.rows.length > 0 && (
        <>
          <h2>Các dòng liên quan</h2>
          <FlagRows rows={detail.rows} names={names} period={periodOf(round)} />
          {detail.hiddenRows > 0 && (
            <p class="muted">{`Còn ${detail.hiddenRows} dòng liên quan khác không hiện ở đây; xem trong bảng tổng hợp.`}</p>
          )}
        </>
      )}
      {!resolved && (
        <DecisionForm
          round={round}
          flagId={flag.id}
          csrf={props.csrf}
          state={state}
          from={from}
          agencies={agencies}
          canReturn={refs.length > 0}
        />
      )}
      <h2>Lịch sử</h2>
      <ReviewHistory reviews={detail.reviews} />
      {detail.replies.length > 0 && (
        <>
          <h3>Cơ quan trả lời</h3>
          <ul class="plain" id="replies">
            {detail.replies.map((r) => (
              <li>{`${formatDateTime(r.at)} — ${r.actor} trả lời: «${r.note ?? ''}»`}</li>
            ))}
          </ul>
        </>
      )}
      {reviewerComments.length > 0 && (
        <>
          <h3>Ý kiến đã gửi cơ quan trên các dòng này</h3>
          <ul class="plain" id="comments">
            {reviewerComments.map((m) => (
              <li>{`${formatDateTime(m.created_at)} — ${m.author} gửi ${names.get(m.agency_id) ?? m.agency_id}: «${m.body}»`}</li>
            ))}
          </ul>
        </>
      )}
      {detail.rows.length > 0 && (
        <RowHistory rows={detail.rows} history={detail.history} names={names} period={periodOf(round)} />
      )}
    </>
  );
}

function DecisionForm(props: {
  round: Round;
  flagId: string;
  csrf: string;
  state: ViewState;
  from: string;
  agencies: { id: string; name: string }[];
  canReturn: boolean;
}) {
  const { state, agencies } = props;
  const chosen = new Set(state.returnTo ?? agencies.map((a) => a.id));
  const actions = REVIEW_ACTIONS.filter((a) => a !== 'return' || props.canReturn);
  return (
    <form method="post" action={url.flag(props.round.id, props.flagId)} id="decision">
      <h2>Xử lý</h2>
      <fieldset>
        <legend>Quyết định</legend>
        {actions.map((a) => (
          <label class="choice">
            <input type="radio" name="action" value={a} checked={state.action === a} required />
            <span>
              <strong>{ACTION_LABELS[a]}</strong>
              {a === 'return' ? ` cho ${agencies.map((x) => x.name).join(', ')}` : ''}
              <span class="hint">{CHOICES[a]}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {props.canReturn && agencies.length > 1 && (
        <fieldset id="return-to">
          <legend>Khi trả lại, gửi cho cơ quan nào</legend>
          <input type="hidden" name="return_choice" value="1" />
          {agencies.map((x) => (
            <label class="choice">
              <input type="checkbox" name="return_to" value={x.id} checked={chosen.has(x.id)} />
              <span>{x.name}</span>
            </label>
          ))}
          <span class="hint">Chỉ cơ quan được đánh dấu thấy ý kiến trên các dòng của mình trong Excel.</span>
        </fieldset>
      )}
      <div class="field">
        <label for="note">Ghi chú, ý kiến gửi cơ quan</label>
        <span class="hint" id="note-hint">
          Bắt buộc khi trả lại cơ quan hoặc bỏ qua cảnh báo.
        </span>
        <textarea id="note" name="note" rows={4} maxlength={4000} aria-describedby="note-hint">
          {state.note ?? ''}
        </textarea>
      </div>
      <CsrfField csrf={props.csrf} />
      <input type="hidden" name="from" value={props.from} />
      <button type="submit" class="primary">
        Ghi nhận quyết định
      </button>
    </form>
  );
}

function ReviewHistory(props: { reviews: AuditLogRecord[] }) {
  if (props.reviews.length === 0) return <p class="muted">Chưa có ai xử lý cảnh báo này.</p>;
  return (
    <ul class="plain" id="review-history">
      {props.reviews.map((r) => (
        <li>{`${formatDateTime(r.at)} — ${r.actor}: ${AUDIT_ACTION_LABELS[r.action] ?? r.action}${r.note ? ` («${r.note}»)` : ''}`}</li>
      ))}
    </ul>
  );
}
