/**
 * Decisions on many flags at once, from the review queue: the ticked flags, the whole page, or
 * every flag the filters pass. The first POST only counts and asks for confirmation; the second
 * applies through `reviewFlags` with the confirmed count, so a set that changed in between is
 * shown again instead of being decided blind. Also the filtered list as .xlsx.
 */
import type { Hono } from 'hono';
import { pulledLine } from '../../domain/index.js';
import { ApiError } from '../errors.js';
import { flagListXlsx } from '../exports/flag-list-xlsx.js';
import { listFlags } from '../flags/query.js';
import { BULK_ACTIONS, type BulkAction, countBulkReview, reviewFlags } from '../flags/review.js';
import { getRound, type Round } from '../rounds/round.js';
import { CsrfField, codeLabel, ErrorBox } from './components.js';
import { ACTION_LABELS, flagPlace, formatDateTime, SEVERITY_LABELS, STATUS_LABELS } from './labels.js';
import { renderPage, url } from './layout.js';
import { agencyNames, describeFilters } from './queue.js';
import { parseQueueParams, type QueueParams, queueQuery } from './queue-params.js';
import { type ConsoleContext, type ConsoleEnv, requireConsoleRole } from './session.js';

const SCOPES = ['selected', 'page', 'filter'] as const;
type Scope = (typeof SCOPES)[number];

/** Ids a form sent under `name`, one or many. */
function formIds(form: Record<string, string | File | (string | File)[]>, name: string): string[] {
  const value = form[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return [...new Set(list.filter((v): v is string => typeof v === 'string' && v !== ''))].slice(0, 1000);
}

interface BulkRequest {
  action: BulkAction;
  scope: Scope;
  ids: string[] | undefined;
  note: string;
  params: QueueParams;
}

function readBulk(form: Record<string, string | File | (string | File)[]>): BulkRequest | string {
  const action = BULK_ACTIONS.find((a) => a === form.action);
  const scope = SCOPES.find((s) => s === form.scope);
  if (!action) return 'Hãy chọn một quyết định.';
  if (!scope) return 'Hãy chọn áp dụng cho các cảnh báo đã chọn, cho cả trang hay cho tất cả cảnh báo đang lọc.';
  const ids = scope === 'filter' ? undefined : formIds(form, scope === 'page' ? 'page_id' : 'id');
  if (ids && ids.length === 0) return 'Chưa chọn cảnh báo nào: hãy đánh dấu ô đầu dòng của các cảnh báo cần xử lý.';
  const from = typeof form.from === 'string' ? form.from : '';
  return {
    action,
    scope,
    ids,
    note: typeof form.note === 'string' ? form.note.normalize('NFC').trim() : '',
    params: parseQueueParams(Object.fromEntries(new URLSearchParams(from))),
  };
}

export function registerQueueBulk(app: Hono<ConsoleEnv>) {
  const reviewers = requireConsoleRole('validator', 'coordinator');

  app.post('/rounds/:round/flags/bulk', reviewers, async (c) => {
    const { db } = c.get('deps');
    const round = await getRound(db, c.req.param('round'));
    const request = readBulk(await c.req.parseBody({ all: true }));
    if (typeof request === 'string') return showError(c, round, request);
    if (request.action === 'dismiss' && request.note === '')
      return showError(c, round, 'Cần ghi lý do khi bỏ qua các cảnh báo (số liệu đúng).', request.params);
    const count = await countBulkReview(db, { roundId: round.id, filters: request.params.filters, ...request });
    return confirm(c, round, request, count);
  });

  app.post('/rounds/:round/flags/bulk/apply', reviewers, async (c) => {
    const { db, config } = c.get('deps');
    const round = await getRound(db, c.req.param('round'));
    const form = await c.req.parseBody({ all: true });
    const request = readBulk(form);
    if (typeof request === 'string') return showError(c, round, request);
    const expected = Number(form.expected);
    try {
      const n = await reviewFlags(db, {
        roundId: round.id,
        filters: request.params.filters,
        ids: request.ids,
        action: request.action,
        note: request.note,
        principal: c.get('principal'),
        now: config.now(),
        expected: Number.isInteger(expected) && expected >= 0 ? expected : -1,
      });
      const back = queueQuery({ ...request.params, page: 1 });
      return c.redirect(url.queue(round.id, [back, `bulk=${request.action}:${n}`].filter(Boolean).join('&')), 303);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conflict')
        return confirm(c, round, request, Number(e.details.count), e.message, 409);
      if (e instanceof ApiError && e.code === 'validation_failed')
        return showError(c, round, e.message, request.params);
      throw e;
    }
  });

  app.get('/rounds/:round/flags.xlsx', reviewers, async (c) => {
    const { db, registry } = c.get('deps');
    const round = await getRound(db, c.req.param('round'));
    const params = parseQueueParams(c.req.query());
    const { total } = await listFlags(db, round.id, params.filters, { limit: 1, offset: 0 });
    const { flags } = await listFlags(db, round.id, params.filters, {
      limit: Math.max(1, total),
      offset: 0,
      sort: { key: params.sort, direction: params.dir },
    });
    const names = await agencyNames(
      registry,
      flags.flatMap((f) => f.agency_ids),
    );
    const filters = describeFilters(params.filters, names);
    const bytes = await flagListXlsx({
      title: 'DANH SÁCH CẢNH BÁO CẦN XEM XÉT',
      subtitles: [
        pulledLine(round.name, new Date(), 'Asia/Ho_Chi_Minh'),
        filters.length
          ? `Lọc theo ${filters.join(', ')}; ${total.toLocaleString('vi-VN')} cảnh báo`
          : `${total.toLocaleString('vi-VN')} cảnh báo`,
      ],
      columns: [
        { header: 'TT', width: 6 },
        { header: 'Mức độ', width: 10 },
        { header: 'Loại cảnh báo', width: 28 },
        { header: 'Nội dung', width: 70 },
        { header: 'Cơ quan', width: 30 },
        { header: 'Bảng · mục', width: 22 },
        { header: 'Trạng thái', width: 18 },
        { header: 'Ý kiến thẩm định', width: 40 },
        { header: 'Cập nhật', width: 17 },
      ],
      rows: flags.map((f, i) => [
        String(i + 1),
        SEVERITY_LABELS[f.severity as keyof typeof SEVERITY_LABELS] ?? f.severity,
        codeLabel(f.code),
        f.message,
        f.agency_ids.length === 0 ? 'Toàn tỉnh' : f.agency_ids.map((id) => names.get(id) ?? id).join('; '),
        flagPlace(f, 100),
        STATUS_LABELS[f.status as keyof typeof STATUS_LABELS] ?? f.status,
        f.review_note ?? '',
        formatDateTime(f.updated_at),
      ]),
    });
    return c.body(bytes, 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${round.id}-canh-bao.xlsx"`,
    });
  });
}

async function showError(c: ConsoleContext, round: Round, message: string, params?: QueueParams) {
  return renderPage(
    c,
    {
      title: 'Xử lý nhiều cảnh báo một lúc',
      round,
      nav: 'queue',
      children: (
        <>
          <ErrorBox title="Chưa ghi nhận được quyết định" messages={[message]} />
          <p>
            <a href={url.queue(round.id, params ? queueQuery(params) : '')}>← Về danh sách cảnh báo</a>
          </p>
        </>
      ),
    },
    422,
  );
}

async function confirm(
  c: ConsoleContext,
  round: Round,
  request: BulkRequest,
  count: number,
  warning?: string,
  status: 200 | 409 = 200,
) {
  const { registry } = c.get('deps');
  const names = await agencyNames(registry, request.params.filters.agencyId ? [request.params.filters.agencyId] : []);
  const filters = describeFilters(request.params.filters, names);
  const from = queueQuery(request.params);
  const what =
    request.scope === 'filter'
      ? `tất cả cảnh báo đang lọc${filters.length ? ` (${filters.join(', ')})` : ''}`
      : request.scope === 'page'
        ? 'các cảnh báo của trang đang xem'
        : 'các cảnh báo đã chọn';
  return renderPage(
    c,
    {
      title: 'Xác nhận xử lý nhiều cảnh báo',
      round,
      nav: 'queue',
      children: (
        <>
          {warning && <ErrorBox title="Danh sách đã thay đổi" messages={[warning]} />}
          {count === 0 ? (
            <p id="bulk-count">{`Không có cảnh báo nào cần ghi nhận «${ACTION_LABELS[request.action]}» trong ${what}.`}</p>
          ) : (
            <form method="post" action={`${url.queue(round.id)}/bulk/apply`} id="bulk-confirm">
              <p id="bulk-count">
                {`Sẽ ghi nhận «${ACTION_LABELS[request.action]}» cho ${count.toLocaleString('vi-VN')} cảnh báo: ${what}. Các cảnh báo đã ở trạng thái này được giữ nguyên.`}
              </p>
              {request.note && <p>{`Ghi chú: «${request.note}»`}</p>}
              <p class="hint">{`Mỗi cảnh báo được ghi vào lịch sử với người xử lý và thời điểm (${formatDateTime(new Date())}).`}</p>
              <CsrfField csrf={c.get('csrf')} />
              <input type="hidden" name="action" value={request.action} />
              <input type="hidden" name="scope" value={request.scope} />
              <input type="hidden" name="note" value={request.note} />
              <input type="hidden" name="from" value={from} />
              <input type="hidden" name="expected" value={String(count)} />
              {(request.ids ?? []).map((id) => (
                <input type="hidden" name={request.scope === 'page' ? 'page_id' : 'id'} value={id} />
              ))}
              <div class="actions">
                <button type="submit" class="primary">
                  {`Xác nhận cho ${count.toLocaleString('vi-VN')} cảnh báo`}
                </button>
                <a href={url.queue(round.id, from)}>Hủy, về danh sách cảnh báo</a>
              </div>
            </form>
          )}
          {count === 0 && (
            <p>
              <a href={url.queue(round.id, from)}>← Về danh sách cảnh báo</a>
            </p>
          )}
        </>
      ),
    },
    status,
  );
}
