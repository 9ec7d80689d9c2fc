/**
 * Office.js errors in the user's words. The pane shows every failure; nothing is swallowed in
 * the console.
 */

export class ExcelFailure extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ExcelFailure';
  }
}

const MESSAGES: Record<string, string> = {
  InvalidOperationInCellEditMode:
    'Excel đang ở chế độ sửa ô. Hãy nhấn Enter hoặc Esc để thoát khỏi ô đang sửa rồi thử lại.',
  ItemNotFound:
    'Không tìm thấy bảng hoặc trang tính cần dùng (có thể đã bị xóa hoặc đổi tên). Hãy bấm «Chèn bảng» để tạo lại.',
  AccessDenied:
    'Excel không cho phép sửa: sổ làm việc hoặc trang tính đang được bảo vệ, hoặc đang mở ở chế độ chỉ đọc.',
  InsertDeleteConflict: 'Thao tác chèn hoặc xóa vướng một bảng hay vùng dữ liệu khác trên trang tính.',
  RequestPayloadSizeLimitExceeded: 'Dữ liệu quá lớn cho một lần ghi vào Excel, kể cả khi đã chia nhỏ.',
  ResponsePayloadSizeLimitExceeded: 'Dữ liệu quá lớn cho một lần đọc từ Excel, kể cả khi đã chia nhỏ.',
  InvalidArgument: 'Excel từ chối dữ liệu ghi vào (sai kích thước vùng hoặc giá trị không hợp lệ).',
};

/** Any error from an Excel.run, as an ExcelFailure with a Vietnamese message. */
export function excelFailure(e: unknown): ExcelFailure {
  if (e instanceof ExcelFailure) return e;
  const err = e as { code?: string; message?: string; debugInfo?: { message?: string } } | null;
  const code = err?.code ?? 'GeneralException';
  const known = MESSAGES[code];
  const detail = err?.debugInfo?.message ?? err?.message ?? String(e);
  return new ExcelFailure(known ?? `Excel không thực hiện được thao tác (${code}): ${detail}`, code);
}
