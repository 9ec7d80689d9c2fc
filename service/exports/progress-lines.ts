/**
 * The merged progress report as lines, shared by the .xlsx and .csv files: the summary block SKH&CN
 * puts on top (tasks in each of the four statuses, overdue, disbursed against plan), then the plan's
 * sections, each followed by its tasks with lead, deadline, derived status, result, difficulties and
 * proposals.
 */
import { formatDate } from '../console/labels.js';
import { DERIVED_KEYS, DERIVED_LABELS, type ProgressReport } from '../progress/report-model.js';

export const PROGRESS_COLUMNS = [
  { key: 'code', header: 'STT', width: 7 },
  { key: 'name', header: 'Nhiệm vụ', width: 45 },
  { key: 'lead', header: 'Cơ quan chủ trì', width: 25 },
  { key: 'deadline', header: 'Thời hạn hoàn thành', width: 16 },
  { key: 'status', header: 'Tình trạng', width: 22 },
  { key: 'result', header: 'Kết quả thực hiện', width: 40 },
  { key: 'difficulties', header: 'Khó khăn, vướng mắc', width: 30 },
  { key: 'proposals', header: 'Đề xuất, kiến nghị', width: 30 },
] as const;

export type ProgressLineKind = 'section' | 'item';
export interface ProgressLine {
  kind: ProgressLineKind;
  cells: (string | null)[];
}

export interface ProgressLines {
  title: string;
  subtitle: string;
  /** Label and value: counts are numbers, amounts are triệu đồng. */
  summary: [string, number | string][];
  rows: ProgressLine[];
}

/**
 * @example
 * const lines = progressLines(buildProgressReport(input));
 * lines.summary[0]; // ['Hoàn thành đúng hạn', 12]
 */
export function progressLines(report: ProgressReport): ProgressLines {
  const { input } = report;
  const disbursed = report.disbursed.reduce((s, d) => s + d.disbursed, 0);
  const planned = report.disbursed.reduce((s, d) => s + d.planned, 0);
  const summary: [string, number | string][] = [
    ['Tổng số nhiệm vụ', input.tasks.length],
    ...DERIVED_KEYS.map((k): [string, number] => [DERIVED_LABELS[k], report.total[k]]),
    ['Số nhiệm vụ quá hạn', report.overdue.length],
    ['Kinh phí đã giải ngân (triệu đồng)', disbursed],
    ['Kinh phí kế hoạch năm (triệu đồng)', planned],
  ];
  const rows: ProgressLine[] = [];
  let section: string | null = null;
  for (const t of input.tasks) {
    if (t.section !== section) {
      section = t.section;
      rows.push({ kind: 'section', cells: [null, t.section, null, null, null, null, null, null] });
    }
    rows.push({
      kind: 'item',
      cells: [
        t.code,
        t.name,
        t.leadName,
        t.deadline ? formatDate(t.deadline) : t.timeframe,
        DERIVED_LABELS[t.derived],
        t.result,
        t.difficulties,
        t.proposals,
      ],
    });
  }
  return {
    title: `BÁO CÁO TIẾN ĐỘ THỰC HIỆN ${input.planTitle.toLocaleUpperCase('vi')}`,
    subtitle: `(${input.periodLabel}, hạn báo cáo ${input.dueText})`,
    summary,
    rows,
  };
}
