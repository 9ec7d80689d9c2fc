/**
 * What each finding and flag code means to the person who meets it, and how to fix it. The user
 * guide's page of codes (docs/huong-dan/ma-loi.md) is generated from this catalogue, and the
 * types make a code without an entry a compile error, so the guide cannot fall behind the code.
 */
import type { FlagCode } from './consistency/flag-rules.js';
import type { FindingCode } from './values.js';

export interface CodeGuide {
  /** A short name of the problem, as a heading. */
  title: string;
  /** What the check found, in the words of the person who reads it. */
  meaning: string;
  /** What to do about it. */
  fix: string;
}

export const FINDING_GUIDE: Readonly<Record<FindingCode, CodeGuide>> = {
  required: {
    title: 'Thiếu nội dung bắt buộc',
    meaning: 'Một ô bắt buộc của dòng nhiệm vụ (tên nhiệm vụ, cơ quan chủ trì, thời gian, kinh phí…) đang để trống.',
    fix: 'Nhập nội dung vào ô được đánh dấu. Nếu tên cơ quan bị ghi liền vào tên nhiệm vụ, tách ra và ghi vào cột cơ quan chủ trì.',
  },
  type: {
    title: 'Giá trị không đúng kiểu',
    meaning:
      'Ô cần một số (kinh phí, chỉ tiêu) nhưng nội dung không đọc được thành số, hoặc ô cần chữ nhưng chứa giá trị khác.',
    fix: 'Ghi số theo cách viết của Việt Nam: dấu chấm ngăn cách hàng nghìn, dấu phẩy ngăn cách phần thập phân (9.615.243; 1,5).',
  },
  sum_mismatch: {
    title: 'Tổng không khớp với các năm',
    meaning: 'Tổng nhu cầu vốn cả giai đoạn khác tổng cộng kinh phí của các năm trên cùng dòng.',
    fix: 'Kiểm tra lại số của từng năm và số tổng; sửa ô sai để hai số bằng nhau.',
  },
  total_mismatch: {
    title: 'Dòng tổng cộng không khớp',
    meaning: 'Dòng tổng cộng hoặc dòng của một mục ghi số khác với số cộng các dòng nhiệm vụ thuộc mục đó.',
    fix: 'Sửa số ở dòng tổng cộng (hoặc dòng mục) cho bằng tổng các dòng bên dưới, hoặc sửa dòng nhiệm vụ ghi sai.',
  },
  numbering: {
    title: 'Số thứ tự không đúng',
    meaning: 'Số thứ tự bị trùng, nhảy cóc, sai thứ tự, sai mẫu, hoặc nhiệm vụ con không có nhiệm vụ cha đứng trước.',
    fix: 'Đánh lại số thứ tự theo mẫu của phụ lục: mục La Mã (I, II…), tiểu mục chữ (A, B…), nhiệm vụ số (1, 1.1, 2.16…).',
  },
  unknown_agency: {
    title: 'Không tìm thấy cơ quan',
    meaning: 'Tên cơ quan chủ trì hoặc phối hợp không có trong danh mục cơ quan, đơn vị của tỉnh.',
    fix: 'Chọn tên đúng trong các tên được gợi ý, hoặc ghi đúng tên đầy đủ của cơ quan. Nếu cơ quan thật sự chưa có trong danh mục, đề nghị quản trị bổ sung.',
  },
  agency_alias: {
    title: 'Tên viết tắt hoặc tên cũ của cơ quan',
    meaning: 'Tên cơ quan được ghi tắt, ghi theo tên khác hoặc theo tên trước khi sắp xếp.',
    fix: 'Bấm gợi ý để thay bằng tên đầy đủ hiện hành của cơ quan.',
  },
  timeframe: {
    title: 'Không đọc được thời gian thực hiện',
    meaning: 'Thời gian thực hiện không theo một mẫu mà hệ thống hiểu được.',
    fix: 'Ghi theo mẫu: Quý I/2026, Năm 2026, Tháng 6/2026, 2026-2027, Hằng năm, Thường xuyên, trước ngày 20/5/2026.',
  },
  timeframe_out_of_period: {
    title: 'Thời gian ngoài giai đoạn kế hoạch',
    meaning: 'Thời gian thực hiện nằm ngoài giai đoạn của kế hoạch (ví dụ năm 2031 trong kế hoạch 2026–2030).',
    fix: 'Kiểm tra lại năm; nếu nhiệm vụ kéo dài sau giai đoạn, ghi phần thuộc giai đoạn của kế hoạch.',
  },
  duplicate_row: {
    title: 'Dòng trùng lặp',
    meaning: 'Hai dòng trong cùng bảng có nội dung giống nhau.',
    fix: 'Xoá một trong hai dòng, hoặc sửa nội dung nếu đó là hai nhiệm vụ khác nhau.',
  },
  lead_in_partners: {
    title: 'Cơ quan vừa chủ trì vừa phối hợp',
    meaning: 'Cùng một cơ quan được ghi ở cả cột chủ trì và cột phối hợp.',
    fix: 'Xoá tên cơ quan đó khỏi cột cơ quan phối hợp.',
  },
  negative_amount: {
    title: 'Kinh phí âm',
    meaning: 'Một ô kinh phí có giá trị âm.',
    fix: 'Ghi số không âm; nếu là khoản giảm, trao đổi với Sở Khoa học và Công nghệ về cách ghi.',
  },
  unknown_section: {
    title: 'Mục không có trong khung của đợt',
    meaning: 'Dòng được xếp vào một mục hoặc tiểu mục không có trong khung mục mà cán bộ điều phối đã lập cho đợt này.',
    fix: 'Chọn một mục có trong danh sách; nếu cần thêm mục, đề nghị cán bộ điều phối bổ sung khung mục.',
  },
  document_issuer: {
    title: 'Ký hiệu văn bản không khớp đơn vị đề xuất',
    meaning: 'Ký hiệu cơ quan ban hành trong số văn bản khác với đơn vị đề xuất nhiệm vụ.',
    fix: 'Kiểm tra lại số, ký hiệu văn bản hoặc tên đơn vị đề xuất.',
  },
  document_format: {
    title: 'Không đọc được số, ký hiệu văn bản',
    meaning: 'Số, ký hiệu văn bản không theo mẫu thông thường.',
    fix: 'Ghi theo mẫu: 184-BC/ĐU ngày 23/3/2026 hoặc 1209/SYT-NVY ngày 25/3/2026.',
  },
  invalid_text: {
    title: 'Ký tự không hợp lệ trong ô',
    meaning:
      'Ô chứa ký tự NUL hoặc nửa ký tự bị cắt, thường lẫn vào khi sao chép từ phần mềm khác; hệ thống không lưu được ký tự này.',
    fix: 'Xoá ký tự đó hoặc gõ lại nội dung ô, rồi kiểm tra lại.',
  },
  too_long: {
    title: 'Nội dung ô quá dài',
    meaning: 'Ô có hơn 4.000 ký tự, thường do dán nhầm cả một văn bản vào ô.',
    fix: 'Rút gọn nội dung ô; văn bản dài gửi kèm theo đường công văn.',
  },
  total_unchecked: {
    title: 'Chưa đối chiếu được dòng tổng',
    meaning:
      'Một ô kinh phí thuộc dòng tổng cộng (hoặc dòng mục) không đọc được số, nên chưa cộng được để đối chiếu với số ghi ở dòng tổng của cột đó.',
    fix: 'Sửa ô kinh phí được nêu tên (lỗi «Giá trị không đúng kiểu» trên ô đó); dòng tổng sẽ được đối chiếu lại khi kiểm tra.',
  },
  hidden_characters: {
    title: 'Tên cơ quan có ký tự ẩn',
    meaning:
      'Ô tên cơ quan có ký tự không nhìn thấy (ký tự đổi chiều chữ hoặc ký tự độ rộng bằng 0), thường lẫn vào khi sao chép từ trang web hoặc phần mềm khác; chúng làm tên trông giống mà không khớp với danh mục.',
    fix: 'Hệ thống tự bỏ các ký tự này khi lưu; có thể bấm gợi ý để sửa ngay trên ô.',
  },
  done_without_date: {
    title: 'Hoàn thành nhưng chưa ghi ngày',
    meaning: 'Dòng báo cáo tiến độ ghi tình trạng «Hoàn thành» nhưng ô «Ngày hoàn thành» để trống.',
    fix: 'Ghi ngày hoàn thành theo dạng ngày/tháng/năm, ví dụ 20/5/2026.',
  },
  date_in_future: {
    title: 'Ngày hoàn thành chưa tới',
    meaning: 'Ngày hoàn thành ghi trong báo cáo là một ngày sau hôm nay.',
    fix: 'Sửa lại ngày hoàn thành cho đúng; nếu nhiệm vụ chưa xong, chọn tình trạng «Đang triển khai» và xóa ngày.',
  },
  date_before_plan: {
    title: 'Ngày hoàn thành trước khi có kế hoạch',
    meaning: 'Ngày hoàn thành ghi trong báo cáo sớm hơn ngày bắt đầu của kế hoạch.',
    fix: 'Kiểm tra lại năm của ngày hoàn thành (thường là gõ nhầm năm).',
  },
  disbursed_over_plan: {
    title: 'Giải ngân vượt kế hoạch năm',
    meaning: 'Kinh phí đã giải ngân lũy kế trong năm lớn hơn kinh phí kế hoạch giao cho nhiệm vụ trong năm đó.',
    fix: 'Kiểm tra lại số đã giải ngân (đơn vị triệu đồng, lũy kế từ đầu năm); nếu số đúng, ghi lý do vào cột «Khó khăn, vướng mắc».',
  },
  done_without_result: {
    title: 'Hoàn thành nhưng chưa ghi kết quả',
    meaning: 'Dòng báo cáo ghi tình trạng «Hoàn thành» nhưng ô «Kết quả thực hiện» để trống.',
    fix: 'Ghi tóm tắt kết quả, sản phẩm đã đạt được (văn bản ban hành, hệ thống đưa vào sử dụng…).',
  },
  locked_cell: {
    title: 'Sửa nội dung của kế hoạch',
    meaning:
      'Bảng báo cáo tiến độ gửi lên có ô thuộc các cột lấy từ kế hoạch (nhiệm vụ, cơ quan chủ trì, thời gian thực hiện…) khác với kế hoạch.',
    fix: 'Trả lại nội dung của kế hoạch (bấm «Kiểm tra» để ngăn tác vụ tự trả lại); nếu kế hoạch cần sửa, đề nghị Sở Khoa học và Công nghệ sửa trong đợt kế hoạch.',
  },
  not_in_plan: {
    title: 'Dòng không có trong kế hoạch',
    meaning: 'Bảng báo cáo tiến độ có dòng không ứng với nhiệm vụ hay mục tiêu nào của kế hoạch được theo dõi.',
    fix: 'Xóa dòng thêm tay; dùng «Chèn bảng» để lấy đúng danh sách nhiệm vụ được giao.',
  },
  not_lead: {
    title: 'Báo cáo nhiệm vụ của cơ quan khác',
    meaning: 'Bảng báo cáo tiến độ có dòng của nhiệm vụ do cơ quan khác chủ trì báo cáo.',
    fix: 'Xóa dòng đó; cơ quan chủ trì báo cáo nhiệm vụ của mình, cơ quan phối hợp gửi thông tin cho cơ quan chủ trì.',
  },
};

export const FLAG_GUIDE: Readonly<Record<FlagCode, CodeGuide>> = {
  conflicting_amounts: {
    title: 'Số liệu kinh phí không thống nhất giữa các cơ quan',
    meaning:
      'Cùng một dòng kinh phí (cùng mục và số thứ tự, hoặc cùng tên) có trong bảng của nhiều cơ quan với số liệu khác nhau.',
    fix: 'Các cơ quan liên quan thống nhất một số liệu; cơ quan ghi sai sửa lại và đồng bộ. Chuyên viên thẩm định xác nhận khi đã thống nhất.',
  },
  conflicting_lead: {
    title: 'Cơ quan chủ trì không thống nhất',
    meaning:
      'Cùng một nhiệm vụ được các cơ quan ghi với cơ quan chủ trì khác nhau, hoặc dòng kinh phí ghi cơ quan chủ trì khác với nhiệm vụ tương ứng.',
    fix: 'Thống nhất cơ quan chủ trì theo văn bản giao nhiệm vụ rồi sửa các dòng ghi khác.',
  },
  possible_duplicate: {
    title: 'Có thể trùng nhiệm vụ',
    meaning: 'Hai cơ quan gửi các nhiệm vụ có tên gần giống nhau; có thể là một nhiệm vụ được ghi hai lần.',
    fix: 'Nếu là một nhiệm vụ, giữ dòng của cơ quan chủ trì và xoá dòng kia; nếu là hai nhiệm vụ khác nhau, chọn «Bỏ qua, số liệu đúng».',
  },
  submitter_not_involved: {
    title: 'Cơ quan gửi không liên quan đến nhiệm vụ',
    meaning: 'Dòng do một cơ quan gửi nhưng cơ quan đó không phải là cơ quan chủ trì hay phối hợp của nhiệm vụ.',
    fix: 'Kiểm tra lại cột chủ trì, phối hợp; nếu nhiệm vụ không thuộc cơ quan mình, xoá dòng khỏi bảng.',
  },
  declared_total_mismatch: {
    title: 'Tổng hợp khác số tổng đã công bố',
    meaning:
      'Tổng kinh phí cộng từ bảng của các cơ quan khác với tổng của kế hoạch (cả giai đoạn, theo năm hoặc theo nguồn vốn).',
    fix: 'Cán bộ điều phối xem các cảnh báo kinh phí khác của đợt để tìm dòng thiếu hoặc sai, rồi đề nghị cơ quan liên quan sửa.',
  },
  unlinked_budget: {
    title: 'Dòng kinh phí chưa gắn với nhiệm vụ',
    meaning: 'Một dòng kinh phí không khớp với nhiệm vụ nào trong bảng nhiệm vụ của đợt.',
    fix: 'Ghi tên và số thứ tự dòng kinh phí đúng như nhiệm vụ tương ứng, hoặc bổ sung nhiệm vụ vào bảng nhiệm vụ.',
  },
  missing_submission: {
    title: 'Chưa gửi báo cáo',
    meaning: 'Một cơ quan có trong danh sách phải gửi nhưng đến hạn vẫn chưa gửi bảng nào.',
    fix: 'Cán bộ điều phối đôn đốc cơ quan gửi; cơ quan mở Excel, chèn bảng, nhập và đồng bộ.',
  },
  overdue: {
    title: 'Nhiệm vụ quá hạn chưa hoàn thành',
    meaning:
      'Nhiệm vụ đã qua thời hạn hoàn thành theo kế hoạch mà chưa được báo cáo «Hoàn thành»; với nhiệm vụ thường kỳ (hằng tháng, hằng quý, hằng năm…), đã đến hạn của kỳ mà chưa có báo cáo kết quả kỳ đó.',
    fix: 'Cơ quan chủ trì cập nhật «Tình trạng», «Ngày hoàn thành» và «Kết quả thực hiện»; nếu còn chậm, ghi rõ nguyên nhân ở «Khó khăn, vướng mắc» và đề xuất ở «Đề xuất, kiến nghị».',
  },
  disbursed_over_plan: {
    title: 'Giải ngân vượt kế hoạch năm',
    meaning:
      'Kinh phí đã giải ngân mà cơ quan báo cáo cho một nhiệm vụ lớn hơn kinh phí kế hoạch năm của các dòng kinh phí gắn với nhiệm vụ đó, hoặc tổng giải ngân của toàn tỉnh vượt kinh phí kế hoạch của năm.',
    fix: 'Kiểm tra số giải ngân (ghi số lũy kế từ đầu năm, đơn vị triệu đồng); nếu số đúng, làm rõ nguồn kinh phí bổ sung trong «Khó khăn, vướng mắc» hoặc «Đề xuất, kiến nghị».',
  },
  status_regression: {
    title: 'Nhiệm vụ đã hoàn thành nay báo chưa hoàn thành',
    meaning: 'Kỳ trước cơ quan báo cáo nhiệm vụ «Hoàn thành», kỳ này lại ghi tình trạng khác.',
    fix: 'Nếu nhiệm vụ đã hoàn thành, sửa lại «Tình trạng»; nếu phải thực hiện tiếp, ghi lý do ở «Khó khăn, vướng mắc».',
  },
  target_behind: {
    title: 'Chỉ tiêu chậm so với tiến độ',
    meaning:
      'Giá trị đạt được của chỉ tiêu (tính theo tỷ lệ % hoặc số lượng) thấp hơn mức cần đạt nếu thực hiện đều từ đầu kế hoạch đến năm cuối kế hoạch.',
    fix: 'Kiểm tra lại «Giá trị đạt được»; nếu đúng, cơ quan theo dõi nêu giải pháp đẩy nhanh tiến độ ở «Ghi chú».',
  },
  late_submission: {
    title: 'Gửi báo cáo muộn',
    meaning: 'Cơ quan gửi báo cáo lần đầu của kỳ sau hạn gửi của đợt.',
    fix: 'Không cần sửa số liệu; cán bộ điều phối ghi nhận và nhắc cơ quan gửi đúng hạn ở kỳ sau.',
  },
  stale_report: {
    title: 'Báo cáo không thay đổi qua ba kỳ',
    meaning: 'Nhiệm vụ chưa hoàn thành nhưng nội dung báo cáo giữ nguyên qua ba kỳ liên tiếp.',
    fix: 'Cơ quan chủ trì cập nhật tình hình thực hiện của kỳ này; nếu thực sự chưa có chuyển biến, ghi rõ lý do ở «Khó khăn, vướng mắc».',
  },
};
