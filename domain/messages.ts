/**
 * Every Vietnamese sentence a user reads about a finding comes from here, so wording stays
 * consistent between the task pane, the service and the CLI.
 */
import { formatAmount } from './parse/number.js';

export const messages = {
  required: (header: string) => `Chưa nhập «${header}». Đây là nội dung bắt buộc.`,
  requiredLeadInName: (header: string, agency: string) =>
    `Chưa nhập «${header}»; tên nhiệm vụ đang kết thúc bằng «${agency}», có thể là cơ quan chủ trì bị ghi liền vào tên nhiệm vụ.`,
  requiredTotal: (header: string, sum: number) => `Chưa nhập «${header}»; cộng các năm được ${formatAmount(sum)}.`,
  notNumber: (header: string, reason: string) => `«${header}» không phải là số hợp lệ: ${reason}.`,
  negative: (header: string) => `«${header}» không được là số âm.`,
  sumMismatch: (total: number, sum: number, years: string) =>
    `Tổng nhu cầu vốn ${formatAmount(total)} khác tổng các năm ${years} là ${formatAmount(sum)} (chênh lệch ${formatAmount(total - sum)}).`,
  grandTotalMismatch: (header: string, stated: number, sum: number) =>
    `Dòng tổng cộng ghi «${header}» là ${formatAmount(stated)} nhưng cộng các nhiệm vụ được ${formatAmount(sum)} (chênh lệch ${formatAmount(stated - sum)}).`,
  sectionTotalMismatch: (section: string, header: string, stated: number, sum: number) =>
    `Dòng ${section} ghi «${header}» là ${formatAmount(stated)} nhưng cộng các dòng thuộc mục này được ${formatAmount(sum)} (chênh lệch ${formatAmount(stated - sum)}).`,
  totalUnchecked: (section: string | null, header: string, cells: readonly { row: number; code: string }[]) => {
    const named = cells
      .slice(0, 3)
      .map((c) => `dòng ${c.row}${c.code ? ` (TT ${c.code})` : ''}`)
      .join(', ');
    const more = cells.length > 3 ? ` và ${cells.length - 3} dòng khác` : '';
    return `Chưa đối chiếu được «${header}» của ${section === null ? 'dòng tổng cộng' : `dòng ${section}`} vì ô «${header}» ở ${named}${more} không đọc được số. Sửa ô đó rồi kiểm tra lại.`;
  },
  numberingRepeat: (code: string, firstRow: number) => `Số thứ tự «${code}» bị trùng với dòng ${firstRow}.`,
  numberingGapFrom: (previous: string, code: string, expected: string) =>
    `Số thứ tự nhảy cóc: sau «${previous}» lẽ ra là «${expected}» nhưng gặp «${code}».`,
  numberingDisorder: (previous: string, code: string) =>
    `Số thứ tự không theo thứ tự: «${code}» đứng sau «${previous}».`,
  numberingMalformed: (code: string) =>
    `Số thứ tự «${code}» không đúng mẫu (mục La Mã I, II…; tiểu mục A, B…; nhiệm vụ 1, 1.1, 2.16…).`,
  numberingOrphan: (code: string, parent: string) => `Nhiệm vụ «${code}» không có nhiệm vụ cha «${parent}» đứng trước.`,
  /** `sure`: the first suggestion is close enough to be offered as the fix; otherwise they are only names to look at. */
  unknownAgency: (name: string, suggestions: readonly string[], sure = true) =>
    suggestions.length === 0
      ? `Không tìm thấy cơ quan «${name}» trong danh mục cơ quan, đơn vị của tỉnh. Nếu đúng là tên một đơn vị chưa có trong danh mục, đề nghị quản trị hệ thống bổ sung.`
      : sure
        ? `Không tìm thấy cơ quan «${name}» trong danh mục. Có phải là: ${suggestions.map((s) => `«${s}»`).join(', ')}?`
        : `Không tìm thấy cơ quan «${name}» trong danh mục. Các tên gần giống trong danh mục: ${suggestions.map((s) => `«${s}»`).join(', ')}; hãy ghi đúng tên đơn vị, hoặc đề nghị quản trị hệ thống bổ sung nếu đơn vị chưa có trong danh mục.`,
  agencyAlias: (name: string, canonical: string) =>
    `«${name}» là tên viết tắt hoặc tên khác của «${canonical}»; nên ghi tên đầy đủ.`,
  agencyFormer: (name: string, canonical: string) =>
    `«${name}» là tên cơ quan trước khi sắp xếp, nay là «${canonical}».`,
  timeframeUnreadable: (text: string) =>
    `Không đọc được thời gian thực hiện «${text}». Ghi theo mẫu: Quý I/2026, Năm 2026, Tháng 6/2026, 2026-2027, Hằng năm, Thường xuyên, trước ngày 20/5/2026.`,
  timeframeOutOfPeriod: (text: string, from: number, to: number) =>
    `Thời gian thực hiện «${text}» nằm ngoài giai đoạn ${from}–${to} của kế hoạch.`,
  duplicateRow: (otherRow: number) => `Dòng này trùng nội dung với dòng ${otherRow}.`,
  leadInPartners: (name: string) => `«${name}» vừa là cơ quan chủ trì vừa có trong cơ quan phối hợp.`,
  unknownSection: (section: string, known: readonly string[]) =>
    `Mục «${section}» không có trong khung mục của đợt này (${known.join(', ')}).`,
  documentIssuer: (document: string, issuer: string, proposer: string) =>
    `Văn bản «${document}» có ký hiệu cơ quan ban hành «${issuer}», không khớp với đơn vị đề xuất «${proposer}». Kiểm tra lại số, ký hiệu văn bản hoặc đơn vị đề xuất.`,
  documentFormat: (document: string) =>
    `Không đọc được số, ký hiệu văn bản «${document}». Ghi theo mẫu: 184-BC/ĐU ngày 23/3/2026 hoặc 1209/SYT-NVY ngày 25/3/2026.`,
  invalidText: (header: string, what: string) =>
    `Ô «${header}» có ký tự không hợp lệ (${what}), thường do sao chép từ phần mềm khác. Hãy xoá ký tự đó hoặc gõ lại nội dung ô.`,
  tooLong: (header: string, length: number, max: number) =>
    `Ô «${header}» dài ${formatAmount(length)} ký tự, vượt quá ${formatAmount(max)} ký tự cho phép. Hãy rút gọn nội dung.`,
  hiddenCharacters: (header: string, stripped: string) =>
    `Ô «${header}» có ký tự ẩn (ký tự đổi chiều chữ hoặc ký tự độ rộng bằng 0), thường lẫn vào khi sao chép; hệ thống đã bỏ các ký tự này và đọc tên là «${stripped.length > 200 ? `${stripped.slice(0, 200)}…` : stripped}».`,
  notText: (header: string) => `«${header}» phải là chữ hoặc số, không phải giá trị kiểu khác.`,
} as const;
