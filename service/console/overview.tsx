/**
 * Round overview (validators, coordinators): the budget against the plan's declared totals by
 * year, funding source and section, drawn as charts with the figures in tables beside them;
 * who has sent against the due date; the flags by code and status.
 */
import type { Hono } from 'hono';
import { FLAG_CODES } from '../../domain/index.js';
import { FLAG_STATUSES } from '../flags/review.js';
import { getRound, type Round } from '../rounds/round.js';
import { BarChart, COLORS, ComparisonChart } from './charts.js';
import { amount, difference, percent } from './components.js';
import { FLAG_CODE_LABELS, formatDate, formatDateTime, STATUS_LABELS, TABLE_LABELS } from './labels.js';
import { renderPage, url } from './layout.js';
import {
  type BudgetOverview,
  loadOverview,
  type Overview,
  SUBMISSION_LABELS,
  SUBMISSION_STATUSES,
  type Submission,
} from './overview-data.js';
import { type ConsoleEnv, requireConsoleRole } from './session.js';

const STATUS_COLORS = { open: COLORS.error, returned: '#c77700', accepted: COLORS.ok, dismissed: '#7d9a84' } as const;
const SUBMISSION_COLORS = { missing: COLORS.error, late: '#c77700', pending: '#9aa7b5', on_time: COLORS.ok } as const;

export function registerOverview(app: Hono<ConsoleEnv>) {
  app.get('/rounds/:round', requireConsoleRole('validator', 'coordinator'), async (c) => {
    const { db, registry, config } = c.get('deps');
    const round = await getRound(db, c.req.param('round'));
    const overview = await loadOverview(db, registry, round, config.now());
    return renderPage(c, {
      title: 'Tổng quan đợt',
      round,
      nav: 'overview',
      children: <OverviewBody round={round} overview={overview} />,
    });
  });
}

function OverviewBody(props: { round: Round; overview: Overview }) {
  const { round, overview } = props;
  const open = overview.flags.filter((f) => f.status === 'open').reduce((s, f) => s + f.n, 0);
  const expected = overview.submissions.filter((s) => s.expected);
  const sent = expected.filter((s) => s.status === 'on_time' || s.status === 'late').length;
  const missing = expected.filter((s) => s.status === 'missing').length;
  return (
    <>
      <p class="lead">
        {`Giai đoạn ${round.periodStart}–${round.periodEnd} · Hạn gửi: ${formatDate(round.dueDate)} · ${round.status === 'open' ? 'Đang nhận số liệu' : 'Đã khóa sổ'}`}
      </p>
      <ul class="cards" aria-label="Số liệu chính">
        <li>
          Tổng nhu cầu vốn (triệu đồng)
          <span class="big">{amount(overview.budget?.grand.actual ?? 0)}</span>
          {overview.budget?.grand.declared !== null && overview.budget?.grand.declared !== undefined && (
            <span
              class={overview.budget.grand.actual === overview.budget.grand.declared ? 'sub-on_time' : 'sub-missing'}
            >
              {overview.budget.grand.actual === overview.budget.grand.declared
                ? 'Khớp số trong kế hoạch'
                : `Kế hoạch ${amount(overview.budget.grand.declared)}, chênh ${difference(overview.budget.grand.actual - overview.budget.grand.declared)}`}
            </span>
          )}
        </li>
        <li>
          Cảnh báo chưa xử lý
          <span class="big">{open}</span>
          <a href={url.queue(round.id, 'status=open')}>Xem danh sách</a>
        </li>
        <li>
          Cơ quan đã gửi
          <span class="big">{`${sent}/${expected.length}`}</span>
          {missing > 0 && <span class="sub-missing">{`${missing} cơ quan quá hạn chưa gửi`}</span>}
        </li>
      </ul>
      {overview.budget ? (
        <BudgetSection round={round} budget={overview.budget} />
      ) : (
        <>
          <h2>Kinh phí</h2>
          <p>Chưa có cơ quan nào gửi bảng kinh phí (Phụ lục III).</p>
        </>
      )}
      <Submissions round={round} submissions={overview.submissions} />
      <FlagCounts round={round} flags={overview.flags} />
    </>
  );
}

function BudgetSection(props: { round: Round; budget: BudgetOverview }) {
  const { budget } = props;
  const unit = 'triệu đồng';
  // Each section's share of the merged grand total, which the sections add up to.
  const sectionsTotal = budget.grand.actual;
  return (
    <>
      <h2>Kinh phí so với kế hoạch</h2>
      <p class="muted">{`Cộng từ ${budget.rows.toLocaleString('vi-VN')} dòng kinh phí của các cơ quan; đơn vị: triệu đồng. Cột xanh là số tổng hợp, cột xám viền đứt là số nêu trong kế hoạch.`}</p>
      <div class="charts">
        <figure class="chart">
          <figcaption id="chart-years-cap">Theo năm</figcaption>
          <ComparisonChart
            id="chart-years"
            title="Kinh phí theo năm: tổng hợp so với kế hoạch"
            unit={unit}
            items={budget.years}
          />
          <ComparisonTable
            caption="Kinh phí theo năm (triệu đồng)"
            first="Năm"
            items={[...budget.years, { label: 'Cả giai đoạn', ...budget.grand }]}
          />
        </figure>
        <figure class="chart">
          <figcaption>Theo nguồn vốn</figcaption>
          <ComparisonChart
            id="chart-sources"
            title="Kinh phí theo nguồn vốn: tổng hợp so với kế hoạch"
            unit={unit}
            items={budget.sources}
          />
          <ComparisonTable caption="Kinh phí theo nguồn vốn (triệu đồng)" first="Nguồn vốn" items={budget.sources} />
        </figure>
      </div>
      <figure class="chart">
        <figcaption>Theo mục của Phụ lục III</figcaption>
        <BarChart
          id="chart-sections"
          title="Kinh phí theo mục của Phụ lục III"
          description={`Đơn vị: ${unit}. ${budget.sections.map((s) => `${s.path || 'Chưa xếp mục'} ${s.title}: ${amount(s.actual)} (${percent(s.actual, sectionsTotal)})`).join('; ')}.`}
          items={budget.sections.map((s) => ({
            label: `${s.path ? `${s.path} ` : ''}${sentenceCase(s.title)}`,
            fullLabel: `${s.path || 'Chưa xếp mục'} ${s.title}`,
            parts: [{ value: s.actual, color: COLORS.merged, name: 'Tổng hợp' }],
            note: `${amount(s.actual)} (${percent(s.actual, sectionsTotal)})`,
            minor: s.minor,
          }))}
        />
        <details>
          <summary>Xem số liệu theo mục dạng bảng</summary>
          <table>
            <caption>Kinh phí theo mục (triệu đồng)</caption>
            <thead>
              <tr>
                <th scope="col">Mục</th>
                <th scope="col">Tên mục</th>
                <th scope="col" class="num">
                  Tổng hợp
                </th>
                <th scope="col" class="num">
                  Tỷ lệ
                </th>
              </tr>
            </thead>
            <tbody>
              {budget.sections.map((s) => (
                <tr class={s.minor ? '' : 'section'}>
                  <td>{s.path || '—'}</td>
                  <td>{s.title}</td>
                  <td class="num">{amount(s.actual)}</td>
                  <td class="num">{percent(s.actual, sectionsTotal)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figure>
    </>
  );
}

/** "CÔNG TÁC LÃNH ĐẠO…" → "Công tác lãnh đạo…": headings in capitals are hard to read in a chart. */
function sentenceCase(title: string): string {
  if (title !== title.toLocaleUpperCase('vi')) return title;
  const lower = title.toLocaleLowerCase('vi');
  return lower.charAt(0).toLocaleUpperCase('vi') + lower.slice(1);
}

function ComparisonTable(props: {
  caption: string;
  first: string;
  items: readonly { label: string; actual: number; declared: number | null; note?: string | undefined }[];
}) {
  return (
    <details>
      <summary>Xem số liệu dạng bảng</summary>
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.first}</th>
            <th scope="col" class="num">
              Tổng hợp
            </th>
            <th scope="col" class="num">
              Kế hoạch
            </th>
            <th scope="col" class="num">
              Chênh lệch
            </th>
            <th scope="col" class="num">
              So với kế hoạch
            </th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((i) => (
            <tr>
              <th scope="row">
                {i.label}
                {i.note && <span class="hint">{i.note}</span>}
              </th>
              <td class="num">{amount(i.actual)}</td>
              <td class="num">{amount(i.declared)}</td>
              <td class={`num${i.declared !== null && i.declared !== i.actual ? ' differs' : ''}`}>
                {i.declared === null ? '—' : difference(i.actual - i.declared)}
              </td>
              <td class="num">{i.declared === null ? '—' : percent(i.actual, i.declared)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function Submissions(props: { round: Round; submissions: Submission[] }) {
  const { round, submissions } = props;
  const counts = SUBMISSION_STATUSES.map((s) => ({
    status: s,
    n: submissions.filter((x) => x.expected && x.status === s).length,
  }));
  const extra = submissions.filter((s) => !s.expected).length;
  const expected = counts.reduce((sum, c) => sum + c.n, 0);
  return (
    <>
      <h2>Tình hình gửi số liệu</h2>
      <p class="muted">
        {round.dueDate ? `Hạn gửi: hết ngày ${formatDate(round.dueDate)}. ` : 'Đợt này chưa đặt hạn gửi. '}
        {`${round.expectedAgencies.length} cơ quan phải gửi${extra > 0 ? `; ${extra} nhóm, cơ quan ngoài danh sách cũng đã gửi` : ''}. `}
        {round.requireSubmission
          ? 'Đợt này yêu cầu gửi chính thức: đúng hạn hay muộn tính theo lần gửi chính thức đầu tiên.'
          : 'Đúng hạn hay muộn tính theo lần đồng bộ đầu tiên.'}{' '}
        <a href={url.submissions(round.id)}>Xem trạng thái nộp từng bảng</a>
      </p>
      <figure class="chart">
        <figcaption>Các cơ quan phải gửi, theo trạng thái</figcaption>
        <BarChart
          id="chart-submissions"
          title="Số cơ quan phải gửi theo trạng thái gửi số liệu"
          description={counts
            .map((c) => `${SUBMISSION_LABELS[c.status]}: ${c.n} (${percent(c.n, expected)})`)
            .join('; ')}
          items={counts.map((c) => ({
            label: SUBMISSION_LABELS[c.status],
            parts: [{ value: c.n, color: SUBMISSION_COLORS[c.status], name: SUBMISSION_LABELS[c.status] }],
            note: `${c.n} cơ quan (${percent(c.n, expected)})`,
          }))}
        />
      </figure>
      <SubmissionTable
        caption="Từng cơ quan phải gửi (chưa gửi và gửi muộn ở đầu bảng)"
        rows={submissions.filter((x) => x.expected)}
        submission={round.requireSubmission}
      />
      {extra > 0 && (
        <details>
          <summary>{`Các nhóm, cơ quan khác đã gửi (${extra})`}</summary>
          <SubmissionTable
            caption="Các nhóm, cơ quan ngoài danh sách phải gửi"
            rows={submissions.filter((x) => !x.expected)}
            submission={round.requireSubmission}
          />
        </details>
      )}
    </>
  );
}

function SubmissionTable(props: { caption: string; rows: Submission[]; submission: boolean }) {
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Cơ quan</th>
          <th scope="col">Trạng thái</th>
          <th scope="col">Lần gửi đầu</th>
          <th scope="col">Lần gửi gần nhất</th>
          {props.submission && <th scope="col">Gửi chính thức lần đầu</th>}
          <th scope="col">Bảng đã gửi</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((s) => (
          <tr>
            <th scope="row">{s.name}</th>
            <td>
              <span class={`badge sub-${s.status}`}>{SUBMISSION_LABELS[s.status]}</span>
            </td>
            <td>{formatDateTime(s.firstSync)}</td>
            <td>{formatDateTime(s.lastSync)}</td>
            {props.submission && <td>{formatDateTime(s.firstSubmission)}</td>}
            <td>{s.tables.length === 0 ? '—' : s.tables.map((t) => TABLE_LABELS[t].split(' — ')[0]).join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FlagCounts(props: { round: Round; flags: Overview['flags'] }) {
  const { round, flags } = props;
  const n = (code: string, status?: string) =>
    flags.filter((f) => f.code === code && (status === undefined || f.status === status)).reduce((s, f) => s + f.n, 0);
  const codes = FLAG_CODES.filter((c) => n(c) > 0);
  const all = flags.reduce((sum, f) => sum + f.n, 0);
  const total = (status: string) => flags.filter((f) => f.status === status).reduce((s, f) => s + f.n, 0);
  return (
    <>
      <h2>Cảnh báo theo loại và trạng thái</h2>
      {codes.length === 0 ? (
        <p>Không có cảnh báo nào.</p>
      ) : (
        <>
          <figure class="chart">
            <figcaption>Số cảnh báo theo loại, chia theo trạng thái</figcaption>
            <BarChart
              id="chart-flags"
              title="Số cảnh báo theo loại và trạng thái"
              description={codes
                .map(
                  (c) =>
                    `${FLAG_CODE_LABELS[c]}: ${FLAG_STATUSES.map((s) => `${STATUS_LABELS[s].toLocaleLowerCase('vi')} ${n(c, s)}`).join(', ')}`,
                )
                .join('; ')}
              legend={FLAG_STATUSES.map((s) => ({ name: STATUS_LABELS[s], color: STATUS_COLORS[s] }))}
              items={codes.map((c) => ({
                label: FLAG_CODE_LABELS[c],
                parts: FLAG_STATUSES.map((s) => ({ value: n(c, s), color: STATUS_COLORS[s], name: STATUS_LABELS[s] })),
                note: `${n(c)} cảnh báo (${percent(n(c), all)})`,
              }))}
            />
          </figure>
          <table id="flag-counts">
            <caption>Số cảnh báo theo loại và trạng thái (bấm vào số để xem danh sách)</caption>
            <thead>
              <tr>
                <th scope="col">Loại cảnh báo</th>
                {FLAG_STATUSES.map((s) => (
                  <th scope="col" class="num">
                    {STATUS_LABELS[s]}
                  </th>
                ))}
                <th scope="col" class="num">
                  Cộng
                </th>
              </tr>
            </thead>
            <tbody>
              {codes.map((c) => (
                <tr>
                  <th scope="row">{FLAG_CODE_LABELS[c]}</th>
                  {FLAG_STATUSES.map((s) => (
                    <td class="num" data-status={s}>
                      {n(c, s) === 0 ? '0' : <a href={url.queue(round.id, `code=${c}&status=${s}`)}>{n(c, s)}</a>}
                    </td>
                  ))}
                  <td class="num">
                    <a href={url.queue(round.id, `code=${c}`)}>{n(c)}</a>
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Cộng</th>
                {FLAG_STATUSES.map((s) => (
                  <td class="num" data-status={s} data-total="">
                    {total(s)}
                  </td>
                ))}
                <td class="num">{flags.reduce((s, f) => s + f.n, 0)}</td>
              </tr>
            </tfoot>
          </table>
        </>
      )}
    </>
  );
}
