/**
 * Row checks of a progress report that the cell checks cannot make alone: they relate the
 * status, the completion date, the result and the disbursed amount of one row to each other, to
 * the day of the check and to the plan.
 */
import { parseVnNumber } from '../parse/number.js';
import { type Finding, finding } from '../report.js';
import type { TableDef } from '../tables.js';
import { cleanText, isBlank } from '../text.js';
import { formatVnDate, vnDate } from './period.js';

export interface ProgressCheckOptions {
  /** The day of the check (ISO, Vietnamese calendar). */
  readonly today: string;
  /** First day of the plan (ISO): nothing of it can be finished before. */
  readonly planStart: string;
  /** The planned amount for the year of each row (by row index, 0-based), in triệu đồng, when known. */
  readonly plannedForYear?: (index: number, row: Record<string, unknown>) => number | null;
}

/** The options a progress sheet is checked with on a given day: the pane and the service alike. */
export function progressCheckOptions(planStartYear: number, now: Date): ProgressCheckOptions {
  return { today: vnDate(now), planStart: `${planStartYear}-01-01` };
}

export const progressMessages = {
  badStatus: (header: string, choices: readonly string[]) =>
    `«${header}» phải là một trong các giá trị: ${choices.join(', ')}.`,
  badDate: (header: string) => `«${header}» phải là ngày theo dạng ngày/tháng/năm, ví dụ 20/5/2026.`,
  doneWithoutDate: (header: string) => `Nhiệm vụ đã hoàn thành nhưng chưa ghi «${header}».`,
  dateInFuture: (header: string, today: string) => `«${header}» sau ngày hôm nay (${formatVnDate(today)}).`,
  dateBeforePlan: (header: string, start: string) =>
    `«${header}» trước ngày bắt đầu kế hoạch (${formatVnDate(start)}).`,
  disbursedOverPlan: (disbursed: string, planned: string) =>
    `Kinh phí đã giải ngân (${disbursed} triệu đồng) vượt kinh phí kế hoạch của năm (${planned} triệu đồng).`,
  doneWithoutResult: (header: string) => `Nhiệm vụ đã hoàn thành nhưng chưa ghi «${header}».`,
} as const;

/** «20/5/2026», «05/06/2026» → ISO; null when the text is not a real date. */
export function parseVnDate(cell: unknown): string | null {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : cell.toISOString().slice(0, 10);
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(String(cell ?? ''));
  if (!m) return null;
  const [d, mo, y] = [+m[1]!, +m[2]!, +m[3]!];
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > last) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const fmt = (n: number) => n.toLocaleString('vi-VN', { maximumFractionDigits: 3 });

/** Check the rows of a `progress` table (rows numbered from 1 in findings, like the cell checks). */
export function checkProgressRows(
  def: TableDef,
  rows: readonly Record<string, unknown>[],
  options: ProgressCheckOptions,
): Finding[] {
  if (def.name !== 'progress') return [];
  const column = (key: string) => def.columns.find((c) => c.key === key)!;
  const status = column('status');
  const completedOn = column('completedOn');
  const result = column('result');
  const disbursed = column('disbursed');
  const out: Finding[] = [];
  rows.forEach((row, i) => {
    const rowNo = i + 1;
    const statusText = isBlank(row.status) ? '' : cleanText(String(row.status));
    if (statusText !== '' && !status.choices!.includes(statusText))
      out.push(finding(rowNo, status, 'type', 'error', progressMessages.badStatus(status.header, status.choices!)));
    const done = statusText === 'Hoàn thành';
    let date: string | null = null;
    if (!isBlank(row.completedOn)) {
      date = parseVnDate(row.completedOn);
      if (date === null)
        out.push(finding(rowNo, completedOn, 'type', 'error', progressMessages.badDate(completedOn.header)));
      else if (date > options.today)
        out.push(
          finding(
            rowNo,
            completedOn,
            'date_in_future',
            'error',
            progressMessages.dateInFuture(completedOn.header, options.today),
          ),
        );
      else if (date < options.planStart)
        out.push(
          finding(
            rowNo,
            completedOn,
            'date_before_plan',
            'error',
            progressMessages.dateBeforePlan(completedOn.header, options.planStart),
          ),
        );
    } else if (done)
      out.push(
        finding(rowNo, completedOn, 'done_without_date', 'error', progressMessages.doneWithoutDate(completedOn.header)),
      );
    if (done && isBlank(row.result))
      out.push(
        finding(rowNo, result, 'done_without_result', 'warning', progressMessages.doneWithoutResult(result.header)),
      );
    const read = isBlank(row.disbursed) ? null : parseVnNumber(row.disbursed);
    const spent = read?.ok ? read.value : null;
    const planned = options.plannedForYear?.(i, row) ?? null;
    if (spent !== null && planned !== null && spent > planned)
      out.push(
        finding(
          rowNo,
          disbursed,
          'disbursed_over_plan',
          'warning',
          progressMessages.disbursedOverPlan(fmt(spent), fmt(planned)),
        ),
      );
  });
  return out;
}

/** A plan cell a sync would change: the row (1-based among the sent rows), the column and both texts. */
export interface LockedCellChange {
  readonly row: number;
  readonly rowId: string;
  readonly key: string;
  readonly header: string;
  readonly planned: string;
  readonly sent: string;
  readonly message: string;
}

const cellText = (v: unknown) => (isBlank(v) ? '' : cleanText(String(v)));

/**
 * The locked cells a sync changes. Plan rows and sent rows are matched by `rowId`; a sent row
 * with no plan row changes no plan cell here (whether it may exist at all is the caller's rule).
 */
export function lockedCellChanges(
  def: TableDef,
  planRows: readonly (Record<string, unknown> & { rowId: string })[],
  sentRows: readonly (Record<string, unknown> & { rowId: string })[],
): LockedCellChange[] {
  const locked = def.columns.filter((c) => c.locked);
  const plan = new Map(planRows.map((r) => [r.rowId, r]));
  const out: LockedCellChange[] = [];
  sentRows.forEach((sent, i) => {
    const planned = plan.get(sent.rowId);
    if (!planned) return;
    for (const c of locked) {
      const a = cellText(planned[c.key]);
      const b = cellText(sent[c.key]);
      if (a === b) continue;
      out.push({
        row: i + 1,
        rowId: sent.rowId,
        key: c.key,
        header: c.header,
        planned: a,
        sent: b,
        message: `Dòng ${i + 1}, cột «${c.header}» là nội dung của kế hoạch, không được sửa (kế hoạch ghi «${a}», bản gửi ghi «${b}»).`,
      });
    }
  });
  return out;
}
