/**
 * Every Vietnamese sentence of a consistency flag, in one place, worded as a reviewing officer
 * would write it. Amounts are in million đồng, formatted as the official tables print them.
 */
import { formatAmount } from '../parse/number.js';
import { FUNDING_SOURCE_LABELS } from '../round.js';

/** "A", "A và B", "A, B và C". */
export function listVi(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} và ${items[items.length - 1]}`;
}

const MAX_NAME = 110;
/** A task name in quotes, shortened at a word when it runs long (budget names can be paragraphs). */
export function quote(name: string): string {
  if (name.length <= MAX_NAME) return `«${name}»`;
  const cut = name.lastIndexOf(' ', MAX_NAME);
  return `«${name.slice(0, cut > 60 ? cut : MAX_NAME).replace(/[\s,;:.–-]+$/, '')}…»`;
}

/** Where a row sits: "mục I/B, TT 5". */
export function place(section: string, code: string): string {
  const parts = [section ? `mục ${section}` : '', code ? `TT ${code}` : ''].filter((p) => p !== '');
  return parts.length > 0 ? parts.join(', ') : 'chưa ghi mục';
}

/** "2026-05-20" → "20/5/2026", as dates are written in official letters. */
export function dateVi(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${Number(m[3])}/${Number(m[2])}/${m[1]}` : iso;
}

const amount = (v: number) => `${formatAmount(v)} triệu đồng`;

/** Up to this many agencies, a conflicting_amounts message names each with its amounts. */
export const MAX_LISTED_AGENCIES = 8;

export interface AmountDifference {
  /** Column header: "Năm 2027", "Nhu cầu vốn giai đoạn 2026 - 2030". */
  label: string;
  values: readonly { agency: string; value: number }[];
}

export const flagMessages = {
  conflictingAmounts: (
    name: string,
    where: string,
    agencies: readonly string[],
    differences: readonly AmountDifference[],
  ) =>
    agencies.length <= MAX_LISTED_AGENCIES
      ? `Dòng kinh phí ${quote(name)} (${where}) có trong bảng của ${listVi(agencies)} nhưng số liệu không thống nhất: ` +
        differences
          .map(
            (d) =>
              `${d.label.toLocaleLowerCase('vi')}: ${d.values.map((v) => `${v.agency} ghi ${formatAmount(v.value)}`).join(', ')}`,
          )
          .join('; ') +
        ` (đơn vị: triệu đồng). Đề nghị các cơ quan thống nhất số liệu trước khi tổng hợp.`
      : // A line that a hundred communes send each with its own money: every amount in one sentence
        // would be pages long (and rewritten at each of their syncs); the flag's figures keep them all.
        `Dòng kinh phí ${quote(name)} (${where}) có trong bảng của ${agencies.length} cơ quan (${agencies.slice(0, 3).join(', ')} và ${agencies.length - 3} cơ quan khác) nhưng số liệu không thống nhất: ` +
        differences
          .map((d) => {
            const values = d.values.map((v) => v.value);
            return `${d.label.toLocaleLowerCase('vi')} từ ${formatAmount(Math.min(...values))} đến ${formatAmount(Math.max(...values))} (${new Set(values).size} mức khác nhau)`;
          })
          .join('; ') +
        ` (đơn vị: triệu đồng); số liệu của từng cơ quan ở bảng số liệu của cảnh báo. Đề nghị các cơ quan thống nhất số liệu trước khi tổng hợp.`,

  conflictingLead: (name: string, where: string, entries: readonly { agency: string; leads: readonly string[] }[]) =>
    `Nhiệm vụ ${quote(name)} (${where}) được ${listVi(entries.map((e) => e.agency))} cùng đưa vào danh mục nhưng ghi cơ quan chủ trì khác nhau: ` +
    entries.map((e) => `${e.agency} ghi ${e.leads.length > 0 ? listVi(e.leads) : '(để trống)'}`).join('; ') +
    `. Đề nghị thống nhất cơ quan chủ trì.`,

  conflictingLeadLink: (
    budget: { name: string; where: string; agency: string; leads: readonly string[] },
    task: { name: string; where: string; leads: readonly string[] },
  ) =>
    `Dòng kinh phí ${quote(budget.name)} (${budget.where}, bảng của ${budget.agency}) ghi cơ quan chủ trì là ${listVi(budget.leads)}, ` +
    `nhưng nhiệm vụ tương ứng ${quote(task.name)} (${task.where}) ở danh mục nhiệm vụ do ${listVi(task.leads)} chủ trì. ` +
    `Đề nghị thống nhất cơ quan chủ trì giữa bảng kinh phí và danh mục nhiệm vụ.`,

  possibleDuplicate: (
    items: readonly { name: string; where: string; agency: string; total: number | null }[],
    more: number,
  ) =>
    `Các dòng sau do các cơ quan khác nhau gửi, tên gần giống nhau, có thể là cùng một nhiệm vụ: ` +
    items
      .map((i) => `${quote(i.name)} (${i.agency}, ${i.where}${i.total === null ? '' : `: ${amount(i.total)}`})`)
      .join('; ') +
    (more > 0 ? `; và ${more} dòng khác` : '') +
    `. Đề nghị kiểm tra; nếu trùng thì chỉ giữ lại một dòng.`,

  submitterNotInvolved: (name: string, where: string, agency: string, lead: string, partners: string) =>
    `Dòng ${quote(name)} (${where}) nằm trong bảng của ${agency}, nhưng ${agency} không phải cơ quan chủ trì ` +
    `(ghi: ${lead ? `«${lead}»` : 'để trống'}) và không có trong cơ quan phối hợp (ghi: ${partners ? `«${partners}»` : 'để trống'}). ` +
    `Đề nghị kiểm tra lại: dòng này có thể thuộc bảng của cơ quan khác, hoặc cần bổ sung ${agency} vào cơ quan phối hợp.`,

  declaredTotalMismatch: (label: string, actual: number, declared: number) =>
    `${label} cộng từ các dòng của các cơ quan là ${amount(actual)}, khác với số nêu trong kế hoạch là ${amount(declared)} ` +
    `(${actual > declared ? 'cao hơn' : 'thấp hơn'} ${amount(Math.abs(actual - declared))}). Đề nghị rà soát lại các dòng kinh phí.`,

  unlinkedBudget: (name: string, where: string) =>
    `Dòng kinh phí ${quote(name)} (${where}) chưa gắn được với nhiệm vụ nào trong danh mục nhiệm vụ. ` +
    `Đề nghị kiểm tra tên nhiệm vụ cho khớp với danh mục, hoặc bổ sung nhiệm vụ tương ứng.`,

  missingSubmission: (agency: string, dueDate: string) =>
    `${agency} chưa gửi số liệu, đã quá hạn ngày ${dateVi(dueDate)}.`,

  overdue: (name: string, where: string, agency: string, deadline: string) =>
    `Nhiệm vụ ${quote(name)} (${where}) do ${agency} chủ trì đã quá hạn hoàn thành (hạn ${dateVi(deadline)}) ` +
    `nhưng chưa hoàn thành. Đề nghị cơ quan báo cáo rõ tiến độ, nguyên nhân chậm và thời gian dự kiến hoàn thành.`,

  overdueOccurrence: (name: string, where: string, agency: string, period: string, dueDate: string) =>
    `Nhiệm vụ thường kỳ ${quote(name)} (${where}) do ${agency} chủ trì chưa có báo cáo kết quả kỳ ${period} ` +
    `dù đã hết hạn gửi báo cáo (trước ngày ${dateVi(dueDate)}). Đề nghị cơ quan báo cáo kết quả thực hiện của kỳ này.`,

  disbursedOverPlan: (name: string, where: string, agency: string, disbursed: number, planned: number, year: number) =>
    `Nhiệm vụ ${quote(name)} (${where}): ${agency} báo cáo đã giải ngân ${amount(disbursed)}, vượt kinh phí kế hoạch ` +
    `năm ${year} của các dòng kinh phí gắn với nhiệm vụ (${amount(planned)}) là ${amount(disbursed - planned)}. ` +
    `Đề nghị cơ quan kiểm tra lại số giải ngân hoặc nguồn kinh phí đã sử dụng.`,

  disbursedOverYearPlan: (disbursed: number, planned: number, year: number) =>
    `Tổng kinh phí các cơ quan báo cáo đã giải ngân năm ${year} là ${amount(disbursed)}, vượt kinh phí kế hoạch của ` +
    `năm là ${amount(planned)} (cao hơn ${amount(disbursed - planned)}). Đề nghị rà soát số giải ngân của các cơ quan.`,

  statusRegression: (name: string, where: string, agency: string, previous: string, status: string) =>
    `Nhiệm vụ ${quote(name)} (${where}) được ${agency} báo cáo «Hoàn thành» ở kỳ ${previous} nhưng kỳ này ghi ` +
    `«${status}». Đề nghị cơ quan làm rõ nhiệm vụ phải thực hiện tiếp hay báo cáo kỳ trước chưa đúng.`,

  targetBehind: (
    name: string,
    where: string,
    agency: string,
    figures: { reached: number; expected: number; target: number; unit: string; period: string; year: number },
  ) =>
    `Chỉ tiêu ${quote(name)} (${where}) do ${agency} theo dõi đạt ${valueIn(figures.reached, figures.unit)} đến ` +
    `${figures.period}, thấp hơn mức cần đạt nếu thực hiện đều đến năm ${figures.year} ` +
    `(${valueIn(figures.expected, figures.unit)}; mục tiêu năm ${figures.year}: ${valueIn(figures.target, figures.unit)}). ` +
    `Đề nghị cơ quan báo cáo giải pháp đẩy nhanh tiến độ.`,

  lateSubmission: (agency: string, dueDate: string, sentOn: string) =>
    `${agency} gửi báo cáo lần đầu ngày ${dateVi(sentOn)}, sau hạn gửi (trước ngày ${dateVi(dueDate)}).`,

  staleReport: (name: string, where: string, agency: string, periods: readonly string[]) =>
    `Nhiệm vụ ${quote(name)} (${where}) chưa hoàn thành nhưng báo cáo của ${agency} giữ nguyên qua ba kỳ liên tiếp ` +
    `(${listVi(periods)}). Đề nghị cơ quan cập nhật tình hình thực hiện.`,
} as const;

/** «85%», «12 doanh nghiệp»: a value with its unit, at most one decimal. */
function valueIn(value: number, unit: string): string {
  const v = formatAmount(Math.round(value * 10) / 10);
  return unit === '%' ? `${v}%` : `${v} ${unit.toLocaleLowerCase('vi')}`;
}

function lower(label: string): string {
  return label.charAt(0).toLocaleLowerCase('vi') + label.slice(1);
}

/** Labels of the figures compared with the plan text. */
export const totalLabels = {
  grand: (header: string) => `Tổng ${lower(header)}`,
  year: (year: string) => `Tổng kinh phí năm ${year}`,
  nonState: `Kinh phí nguồn ${lower(FUNDING_SOURCE_LABELS.non_state)} (các dòng do doanh nghiệp chủ trì)`,
  state: `Kinh phí từ ngân sách nhà nước (${lower(FUNDING_SOURCE_LABELS.provincial)} và ${lower(FUNDING_SOURCE_LABELS.central)})`,
} as const;
