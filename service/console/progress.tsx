/**
 * The «Tiến độ» section of a progress round: how far the plan's tasks have come, which are late
 * and by how much, money disbursed against plan, each agency's timeliness over recent periods and
 * what moved since last period. Every chart has its figures in a table, and timeliness cells say
 * their status in words, so nothing depends on colour alone.
 */
import type { CountRow, ProgressReport, ProgressTask, StatusCounts } from '../progress/report-model.js';
import { DERIVED_KEYS, DERIVED_LABELS, TIMELINESS_LABELS } from '../progress/report-model.js';
import { BarChart, COLORS } from './charts.js';
import { amount } from './components.js';
import { formatDate, formatDateTime } from './labels.js';

export const DERIVED_COLORS = {
  done_on_time: COLORS.ok,
  done_late: '#7d9a84',
  open_on_time: '#9aa7b5',
  open_overdue: COLORS.error,
} as const;
const TIMELINESS_COLORS = { on_time: COLORS.ok, late: '#c77700', missing: COLORS.error, pending: '#9aa7b5' } as const;

const legend = DERIVED_KEYS.map((k) => ({ name: DERIVED_LABELS[k], color: DERIVED_COLORS[k] }));
const describe = (rows: readonly CountRow[]) =>
  rows
    .map((r) => `${r.label}: ${DERIVED_KEYS.map((k) => `${DERIVED_LABELS[k]} ${r.counts[k]}`).join(', ')}`)
    .join('; ');

function StatusChart(props: { id: string; title: string; rows: readonly CountRow[] }) {
  return (
    <figure class="chart">
      <figcaption id={`${props.id}-c`}>{props.title}</figcaption>
      <BarChart
        id={props.id}
        title={props.title}
        description={`${describe(props.rows)}.`}
        legend={legend}
        items={props.rows.map((r) => ({
          label: r.label,
          parts: DERIVED_KEYS.map((k) => ({ value: r.counts[k], color: DERIVED_COLORS[k], name: DERIVED_LABELS[k] })),
          note: `${r.total} nhiệm vụ`,
        }))}
      />
      <CountTable caption={props.title} rows={props.rows} />
    </figure>
  );
}

function CountTable(props: { caption: string; rows: readonly CountRow[]; total?: StatusCounts }) {
  return (
    <table>
      <caption class="sr-only">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Tên</th>
          {DERIVED_KEYS.map((k) => (
            <th scope="col" class="num">
              {DERIVED_LABELS[k]}
            </th>
          ))}
          <th scope="col" class="num">
            Tổng số
          </th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <th scope="row">{r.label}</th>
            {DERIVED_KEYS.map((k) => (
              <td class="num" data-status={k}>
                {r.counts[k]}
              </td>
            ))}
            <td class="num">{r.total}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TaskList(props: { tasks: readonly ProgressTask[]; empty: string }) {
  if (props.tasks.length === 0) return <p class="muted">{props.empty}</p>;
  return (
    <ul>
      {props.tasks.map((t) => (
        <li>{`${t.code ? `${t.code}. ` : ''}${t.name} (${t.leadName})`}</li>
      ))}
    </ul>
  );
}

/**
 * @example <ProgressBody report={buildProgressReport(input)} />
 */
export function ProgressBody(props: { report: ProgressReport }) {
  const { report } = props;
  const { input, total } = report;
  const count = input.tasks.length;
  const done = total.done_on_time + total.done_late;
  return (
    <>
      <p class="lead">{`${input.planTitle} · ${input.periodLabel} · Hạn báo cáo: ${input.dueText}`}</p>
      <ul class="cards" aria-label="Số liệu chính">
        <li>
          Nhiệm vụ đã hoàn thành
          <span class="big">{`${done}/${count}`}</span>
        </li>
        <li>
          Chưa hoàn thành, quá hạn
          <span class="big">{total.open_overdue}</span>
        </li>
      </ul>

      <h2 id="by-section">Kết quả theo lĩnh vực, nhóm nhiệm vụ</h2>
      <StatusChart id="progress-sections" title="Tình trạng nhiệm vụ theo nhóm" rows={report.bySection} />

      <h2 id="by-agency">Kết quả theo cơ quan chủ trì</h2>
      <StatusChart id="progress-agencies" title="Tình trạng nhiệm vụ theo cơ quan chủ trì" rows={report.byAgency} />

      <h2 id="overdue">Nhiệm vụ quá hạn</h2>
      {report.overdue.length === 0 ? (
        <p class="muted">Không có nhiệm vụ nào quá hạn.</p>
      ) : (
        <table>
          <caption class="sr-only">Nhiệm vụ chưa hoàn thành, quá hạn, xếp theo số ngày chậm</caption>
          <thead>
            <tr>
              <th scope="col">TT</th>
              <th scope="col">Nhiệm vụ</th>
              <th scope="col">Cơ quan chủ trì</th>
              <th scope="col">Thời hạn</th>
              <th scope="col" class="num">
                Số ngày chậm
              </th>
              <th scope="col">Khó khăn, vướng mắc</th>
            </tr>
          </thead>
          <tbody>
            {report.overdue.map((o) => (
              <tr data-uid={o.task.uid}>
                <td>{o.task.code ?? ''}</td>
                <th scope="row">{o.task.name}</th>
                <td>{o.task.leadName}</td>
                <td>{formatDate(o.task.deadline)}</td>
                <td class="num">{o.daysLate}</td>
                <td>{o.task.difficulties}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 id="disbursed">Kinh phí đã giải ngân so với kế hoạch</h2>
      {report.disbursed.length === 0 ? (
        <p class="muted">Chưa có số liệu kinh phí.</p>
      ) : (
        <table>
          <caption class="sr-only">Kinh phí đã giải ngân so với kế hoạch năm, theo nguồn vốn (triệu đồng)</caption>
          <thead>
            <tr>
              <th scope="col">Năm</th>
              <th scope="col">Nguồn vốn</th>
              <th scope="col" class="num">
                Đã giải ngân (triệu đồng)
              </th>
              <th scope="col" class="num">
                Kế hoạch năm (triệu đồng)
              </th>
              <th scope="col" class="num">
                Tỷ lệ
              </th>
            </tr>
          </thead>
          <tbody>
            {report.disbursed.map((d) => (
              <tr data-over={d.disbursed > d.planned ? 'true' : undefined}>
                <td>{d.year}</td>
                <th scope="row">{d.fundingSource}</th>
                <td class="num">{amount(d.disbursed)}</td>
                <td class="num">{amount(d.planned)}</td>
                <td class="num">
                  {d.planned > 0 ? `${Math.round((d.disbursed / d.planned) * 100).toLocaleString('vi-VN')}%` : '—'}
                  {d.disbursed > d.planned && <span class="sub-missing"> vượt kế hoạch</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 id="timeliness">Thời hạn gửi báo cáo của các cơ quan (6 kỳ gần nhất)</h2>
      <table class="timeliness">
        <caption class="sr-only">Mỗi ô là một kỳ báo cáo: đúng hạn, muộn hoặc chưa gửi</caption>
        <tbody>
          {report.timeliness.map((a) => (
            <tr data-agency={a.agencyId}>
              <th scope="row">{a.agencyName}</th>
              {a.periods.map((p) => (
                <td
                  data-status={p.status}
                  style={`border-left: 6px solid ${TIMELINESS_COLORS[p.status]}`}
                  title={p.sentAt ? `Gửi lúc ${formatDateTime(p.sentAt)}` : undefined}
                >
                  <span class="hint">{p.label}</span>
                  {TIMELINESS_LABELS[p.status]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>

      <h2 id="changes">Thay đổi so với kỳ trước</h2>
      <h3>Mới hoàn thành</h3>
      <TaskList tasks={report.changes.newlyDone} empty="Không có nhiệm vụ nào mới hoàn thành." />
      <h3>Mới quá hạn</h3>
      <TaskList tasks={report.changes.newlyOverdue} empty="Không có nhiệm vụ nào mới quá hạn." />
      <h3>Kỳ trước đã hoàn thành, kỳ này chưa</h3>
      <TaskList tasks={report.changes.regressions} empty="Không có nhiệm vụ nào lùi trạng thái." />
    </>
  );
}
