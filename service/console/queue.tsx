/**
 * Review queue (validators, coordinators): every live flag of a round, filtered by code, agency,
 * severity, status and section, sorted and paged in SQL — one page of 50 is read, whatever the
 * size of the round.
 */
import type { Hono } from 'hono';
import type { FlagRecord } from '../../db/schema/index.js';
import { FLAG_CODES, FLAG_SEVERITIES, type FlagRowRef, parseCode } from '../../domain/index.js';
import { type FlagSort, flaggedAgencies, listFlags } from '../flags/query.js';
import { FLAG_STATUSES } from '../flags/review.js';
import type { RegistryStore } from '../registry-store.js';
import { getRound, type Round } from '../rounds/round.js';
import { codeLabel, Pager, SeverityBadge, StatusBadge } from './components.js';
import { FLAG_CODE_LABELS, formatDateTime, SEVERITY_LABELS, STATUS_LABELS } from './labels.js';
import { renderPage, url } from './layout.js';
import { PAGE_SIZE, parseQueueParams, type QueueParams, queueQuery } from './queue-params.js';
import { type ConsoleEnv, requireConsoleRole } from './session.js';

const SORT_LABELS: Record<FlagSort, string> = {
  severity: 'Mức độ',
  code: 'Loại cờ',
  agency: 'Cơ quan',
  section: 'Mục',
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
    return renderPage(c, {
      title: 'Cờ cần xem xét',
      round,
      nav: 'queue',
      children: <Queue round={round} params={params} total={total} flags={flags} agencies={agencyIds} names={names} />,
    });
  });
}

async function agencyNames(registry: RegistryStore, ids: readonly string[]): Promise<Map<string, string>> {
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

function Queue(props: {
  round: Round;
  params: QueueParams;
  total: number;
  flags: FlagRecord[];
  agencies: string[];
  names: Map<string, string>;
}) {
  const { round, params, total, flags, names } = props;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const f = params.filters;
  const agencies = [...props.agencies].sort((a, b) => names.get(a)!.localeCompare(names.get(b)!, 'vi'));
  const active = [
    f.code && `loại «${FLAG_CODE_LABELS[f.code]}»`,
    f.agencyId && `cơ quan «${names.get(f.agencyId) ?? f.agencyId}»`,
    f.severity && `mức độ «${SEVERITY_LABELS[f.severity]}»`,
    f.status && `trạng thái «${STATUS_LABELS[f.status]}»`,
    f.section && `mục ${f.section}`,
  ].filter(Boolean);
  const from = queueQuery(params);
  const first = (params.page - 1) * PAGE_SIZE + 1;
  return (
    <>
      <form class="filters" method="get" action={url.queue(round.id)} aria-label="Lọc danh sách cờ">
        <div class="filter">
          <label for="f-code">Loại cờ</label>
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
          ? `Không có cờ nào${active.length ? ` với ${active.join(', ')}` : ''}.`
          : `Có ${total.toLocaleString('vi-VN')} cờ${active.length ? ` với ${active.join(', ')}` : ''}; đang xem từ ${first.toLocaleString('vi-VN')} đến ${(first + flags.length - 1).toLocaleString('vi-VN')}.`}
      </p>
      {flags.length > 0 && (
        <table id="queue">
          <caption class="muted">{`Trang ${params.page}/${pages}. Bấm vào nội dung cờ để xem các dòng liên quan và xử lý.`}</caption>
          <thead>
            <tr>
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
              const refs = flag.row_refs as unknown as FlagRowRef[];
              const sections = [...new Set(refs.map((r) => r.section))];
              return (
                <tr>
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
                  <td>
                    {sections.length === 0 ? '—' : sections.slice(0, 3).join(', ') + (sections.length > 3 ? '…' : '')}
                  </td>
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
        label="Trang của danh sách cờ"
      />
    </>
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
