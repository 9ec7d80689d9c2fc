/**
 * Review queue (validators, coordinators): every live flag of a round, filtered by code, agency,
 * severity, status, section, table and words of the message, sorted and paged in SQL — one page
 * of 50 is read, whatever the size of the round. Flags are chosen for a bulk decision with
 * checkboxes tied to the bulk form (`form="bulk"`), so no script is needed.
 */
import type { Hono } from 'hono';
import type { FlagRecord } from '../../db/schema/index.js';
import { FLAG_CODES, FLAG_SEVERITIES, parseCode, TABLE_NAMES } from '../../domain/index.js';
import { type FlagFilters, type FlagSort, flaggedAgencies, listFlags } from '../flags/query.js';
import { BULK_ACTIONS, FLAG_STATUSES } from '../flags/review.js';
import type { RegistryStore } from '../registry-store.js';
import { getRound, type Round } from '../rounds/round.js';
import { CsrfField, codeLabel, Notice, Pager, SeverityBadge, StatusBadge } from './components.js';
import {
  ACTION_LABELS,
  FLAG_CODE_LABELS,
  flagPlace,
  formatDateTime,
  SEVERITY_LABELS,
  STATUS_LABELS,
  TABLE_LABELS,
} from './labels.js';
import { renderPage, url } from './layout.js';
import { PAGE_SIZE, parseQueueParams, type QueueParams, queueQuery } from './queue-params.js';
import { type ConsoleEnv, requireConsoleRole } from './session.js';

const SORT_LABELS: Record<FlagSort, string> = {
  severity: 'Mức độ',
  code: 'Loại cảnh báo',
  agency: 'Cơ quan',
  section: 'Bảng · mục',
  status: 'Trạng thái',
  updated: 'Cập nhật',
};

export function registerQueue(app: Hono<ConsoleEnv>) {
  app.get('/rounds/:round/flags', requireConsoleRole('validator', 'coordinator'), async (c) => {
    const { db, registry } = c.get('deps');
    const round = await getRound(db, c.req.param('round'));
    const params = parseQueueParams(c.req.query());
    const [{ total, flags }, agencyIds] = await Promise.all([
      listFlags(db, round.id, params.filters, {
        limit: PAGE_SIZE,
        offset: (params.page - 1) * PAGE_SIZE,
        sort: { key: params.sort, direction: params.dir },
      }),
      flaggedAgencies(db, round.id),
    ]);
    const names = await agencyNames(registry, [...agencyIds, ...flags.flatMap((f) => f.agency_ids)]);
    const bulk = /^(accept|dismiss):(\d+)$/.exec(c.req.query('bulk') ?? '');
    return renderPage(c, {
      title: 'Cảnh báo cần xem xét',
      round,
      nav: 'queue',
      children: (
        <Queue
          round={round}
          params={params}
          total={total}
          flags={flags}
          agencies={agencyIds}
          names={names}
          selectAll={c.req.query('select') === 'page'}
          csrf={c.get('csrf')}
          done={bulk ? { action: bulk[1] as 'accept' | 'dismiss', n: Number(bulk[2]) } : undefined}
        />
      ),
    });
  });
}

export async function agencyNames(registry: RegistryStore, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const id of new Set(ids)) out.set(id, await registry.name(id));
  return out;
}

/** Every section path of the round's outline, in reading order (I, I/A, I/B, II…). */
export function sectionPaths(round: Round): string[] {
  const paths = new Set(Object.values(round.outline).flatMap((entries) => (entries ?? []).map((e) => e.path)));
  const rank = (path: string) => {
    const [roman, letter] = path.split('/');
    const code = parseCode(roman);
    return (code.kind === 'roman' ? code.value : 99) * 100 + (letter ? letter.charCodeAt(0) - 64 : 0);
  };
  return [...paths].sort((a, b) => rank(a) - rank(b));
}

/** The filters in words: «loại «…», cơ quan «…»», for the summary and the bulk confirmation. */
export function describeFilters(f: FlagFilters, names: ReadonlyMap<string, string>): string[] {
  return [
    f.code && `loại «${FLAG_CODE_LABELS[f.code]}»`,
    f.agencyId && `cơ quan «${names.get(f.agencyId) ?? f.agencyId}»`,
    f.severity && `mức độ «${SEVERITY_LABELS[f.severity]}»`,
    f.status && `trạng thái «${STATUS_LABELS[f.status]}»`,
    f.table && `bảng «${TABLE_LABELS[f.table]}»`,
    f.section && `mục ${f.section}`,
    f.text && `nội dung có «${f.text}»`,
  ].filter((x): x is string => Boolean(x));
}

function Queue(props: {
  round: Round;
  params: QueueParams;
  total: number;
  flags: FlagRecord[];
  agencies: string[];
  names: Map<string, string>;
  selectAll: boolean;
  csrf: string;
  done: { action: 'accept' | 'dismiss'; n: number } | undefined;
}) {
  const { round, params, total, flags, names } = props;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const f = params.filters;
  const agencies = [...props.agencies].sort((a, b) => names.get(a)!.localeCompare(names.get(b)!, 'vi'));
  const active = describeFilters(f, names);
  const from = queueQuery(params);
  const first = (params.page - 1) * PAGE_SIZE + 1;
  const withFrom = (extra: string) => url.queue(round.id, [from, extra].filter(Boolean).join('&'));
  return (
    <>
      {props.done && (
        <Notice>{`Đã ghi nhận «${ACTION_LABELS[props.done.action]}» cho ${props.done.n.toLocaleString('vi-VN')} cảnh báo.`}</Notice>
      )}
      <form class="filters" method="get" action={url.queue(round.id)} aria-label="Lọc danh sách cảnh báo">
        <div class="filter">
          <label for="f-q">Tìm trong nội dung</label>
          <input id="f-q" name="q" type="search" maxlength={200} value={f.text ?? ''} />
        </div>
        <div class="filter">
          <label for="f-table">Bảng</label>
          <select id="f-table" name="table">
            <option value="">Tất cả</option>
            {TABLE_NAMES.map((t) => (
              <option value={t} selected={f.table === t}>
                {TABLE_LABELS[t]}
              </option>
            ))}
          </select>
        </div>
        <div class="filter">
          <label for="f-code">Loại cảnh báo</label>
          <select id="f-code" name="code">
            <option value="">Tất cả</option>
            {FLAG_CODES.map((code) => (
              <option value={code} selected={f.code === code}>
                {FLAG_CODE_LABELS[code]}
              </option>
            ))}
          </select>
        </div>
        <div class="filter">
          <label for="f-agency">Cơ quan</label>
          <select id="f-agency" name="agency">
            <option value="">Tất cả</option>
            {agencies.map((id) => (
              <option value={id} selected={f.agencyId === id}>
                {names.get(id)}
              </option>
            ))}
          </select>
        </div>
        <div class="filter">
          <label for="f-severity">Mức độ</label>
          <select id="f-severity" name="severity">
            <option value="">Tất cả</option>
            {FLAG_SEVERITIES.map((s) => (
              <option value={s} selected={f.severity === s}>
                {SEVERITY_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div class="filter">
          <label for="f-status">Trạng thái</label>
          <select id="f-status" name="status">
            <option value="">Tất cả</option>
            {FLAG_STATUSES.map((s) => (
              <option value={s} selected={f.status === s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div class="filter">
          <label for="f-section">Mục</label>
          <select id="f-section" name="section">
            <option value="">Tất cả</option>
            {sectionPaths(round).map((p) => (
              <option value={p} selected={f.section === p}>{`Mục ${p}`}</option>
            ))}
          </select>
        </div>
        <div class="filter">
          <label for="f-sort">Sắp xếp theo</label>
          <select id="f-sort" name="sort">
            {(Object.keys(SORT_LABELS) as FlagSort[]).map((s) => (
              <option value={s} selected={params.sort === s}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div class="filter">
          <label for="f-dir">Thứ tự</label>
          <select id="f-dir" name="dir">
            <option value="asc" selected={params.dir === 'asc'}>
              Tăng dần
            </option>
            <option value="desc" selected={params.dir === 'desc'}>
              Giảm dần
            </option>
          </select>
        </div>
        <button type="submit" class="primary">
          Lọc
        </button>
        {active.length > 0 && <a href={url.queue(round.id)}>Bỏ lọc</a>}
      </form>
      <p id="queue-summary">
        {total === 0
          ? `Không có cảnh báo nào${active.length ? ` với ${active.join(', ')}` : ''}.`
          : `Có ${total.toLocaleString('vi-VN')} cảnh báo${active.length ? ` với ${active.join(', ')}` : ''}; đang xem từ ${first.toLocaleString('vi-VN')} đến ${(first + flags.length - 1).toLocaleString('vi-VN')}.`}
      </p>
      {total > 0 && (
        <p class="actions">
          <a class="button" href={`${url.queue(round.id)}.xlsx${from ? `?${from}` : ''}`} download>
            {`Tải danh sách ${total.toLocaleString('vi-VN')} cảnh báo đang lọc (.xlsx)`}
          </a>
        </p>
      )}
      {flags.length > 0 && (
        <table id="queue">
          <caption class="muted">{`Trang ${params.page}/${pages}. Bấm vào nội dung cảnh báo để xem các dòng liên quan và xử lý; đánh dấu ô đầu dòng để xử lý nhiều cảnh báo một lúc.`}</caption>
          <thead>
            <tr>
              <th scope="col">
                {props.selectAll ? (
                  <a href={withFrom('')}>Bỏ chọn</a>
                ) : (
                  <a href={withFrom('select=page')}>Chọn cả trang</a>
                )}
              </th>
              <SortHeader round={round} params={params} sort="severity" />
              <SortHeader round={round} params={params} sort="code" />
              <th scope="col">Nội dung</th>
              <SortHeader round={round} params={params} sort="agency" />
              <SortHeader round={round} params={params} sort="section" />
              <SortHeader round={round} params={params} sort="status" />
              <SortHeader round={round} params={params} sort="updated" />
            </tr>
          </thead>
          <tbody>
            {flags.map((flag) => {
              return (
                <tr>
                  <td>
                    <input
                      type="checkbox"
                      form="bulk"
                      name="id"
                      value={flag.id}
                      checked={props.selectAll}
                      aria-label={`Chọn cảnh báo: ${shorten(flag.message, 80)}`}
                    />
                  </td>
                  <td>
                    <SeverityBadge severity={flag.severity} />
                  </td>
                  <td>{codeLabel(flag.code)}</td>
                  <td class="message">
                    <a href={`${url.flag(round.id, flag.id)}${from ? `?from=${encodeURIComponent(from)}` : ''}`}>
                      {shorten(flag.message, 240)}
                    </a>
                  </td>
                  <td>
                    {flag.agency_ids.length === 0
                      ? 'Toàn tỉnh'
                      : flag.agency_ids.map((id) => names.get(id) ?? id).join('; ')}
                  </td>
                  <td>{flagPlace(flag)}</td>
                  <td>
                    <StatusBadge status={flag.status} />
                  </td>
                  <td>{formatDateTime(flag.updated_at)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <Pager
        page={params.page}
        pages={pages}
        href={(p) => url.queue(round.id, queueQuery(params, { page: p }))}
        label="Trang của danh sách cảnh báo"
      />
      {flags.length > 0 && (
        <BulkForm round={round} from={from} pageIds={flags.map((x) => x.id)} total={total} csrf={props.csrf} />
      )}
    </>
  );
}

/** Many flags at once: the ticked ones, the whole page, or every flag the filters pass; a confirmation page follows. */
function BulkForm(props: { round: Round; from: string; pageIds: string[]; total: number; csrf: string }) {
  return (
    <form method="post" action={`${url.queue(props.round.id)}/bulk`} id="bulk" class="bulk">
      <h2>Xử lý nhiều cảnh báo một lúc</h2>
      <fieldset>
        <legend>Quyết định</legend>
        {BULK_ACTIONS.map((a, i) => (
          <label class="choice">
            <input type="radio" name="action" value={a} checked={i === 0} />
            <span>
              <strong>{ACTION_LABELS[a]}</strong>
            </span>
          </label>
        ))}
      </fieldset>
      <div class="field">
        <label for="bulk-note">Ghi chú (bắt buộc khi bỏ qua)</label>
        <textarea id="bulk-note" name="note" rows={2} maxlength={4000} />
      </div>
      <CsrfField csrf={props.csrf} />
      <input type="hidden" name="from" value={props.from} />
      {props.pageIds.map((id) => (
        <input type="hidden" name="page_id" value={id} />
      ))}
      <div class="actions">
        <button type="submit" name="scope" value="selected">
          Áp dụng cho các cảnh báo đã chọn
        </button>
        <button type="submit" name="scope" value="page">
          {`Áp dụng cho cả trang này (${props.pageIds.length} cảnh báo)`}
        </button>
        <button type="submit" name="scope" value="filter">
          {`Áp dụng cho tất cả ${props.total.toLocaleString('vi-VN')} cảnh báo của danh sách này`}
        </button>
      </div>
      <p class="hint">Trước khi ghi nhận, trang sau cho biết số cảnh báo sẽ thay đổi để xác nhận.</p>
    </form>
  );
}

function SortHeader(props: { round: Round; params: QueueParams; sort: FlagSort }) {
  const { round, params, sort } = props;
  const current = params.sort === sort;
  const dir = current && params.dir === 'asc' ? 'desc' : 'asc';
  const label = SORT_LABELS[sort];
  return (
    <th scope="col" aria-sort={current ? (params.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <a
        href={url.queue(round.id, queueQuery(params, { sort, dir, page: 1 }))}
        title={`Sắp xếp theo ${label.toLocaleLowerCase('vi')}${dir === 'asc' ? ' (tăng dần)' : ' (giảm dần)'}`}
      >
        {label}
        {current && <span aria-hidden="true">{params.dir === 'asc' ? ' ▲' : ' ▼'}</span>}
      </a>
    </th>
  );
}

function shorten(text: string, n: number): string {
  if (text.length <= n) return text;
  const cut = text.lastIndexOf(' ', n);
  return `${text.slice(0, cut > n / 2 ? cut : n)}…`;
}
