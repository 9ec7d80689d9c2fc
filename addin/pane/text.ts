/**
 * Every sentence the task pane shows, in one place. Findings' own messages come from the
 * domain's catalogue (domain/messages.ts), the service's from its error bodies.
 */
import { formatAmount } from '../../domain/parse/number.js';
import { ROLE_LABELS, type Role } from '../../domain/values.js';

export { TABLE_LABELS } from '../../domain/tables.js';

// Role names are the console's, so a user reads the same word for the same person everywhere.
export { ROLE_LABELS };

/** Every count and amount in the pane, grouped as Vietnamese writes them: «2.997». */
export const n = formatAmount;

/** "14:05 ngày 23/11/2025" */
export function viDateTime(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.getHours()}:${String(d.getMinutes()).padStart(2, '0')} ngày ${d.getDate()}/${d.getMonth() + 1}/${d.getFullYear()}`;
}

/** "15/12/2026" from "2026-12-15". */
export function viDay(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return y && m && d ? `${d}/${m}/${y}` : isoDate;
}

export const T = {
  appName: 'TổngHợp',
  tagline: 'Phụ lục kế hoạch — điền, kiểm tra, gửi ngay trong Excel',
  starting: 'Đang khởi động…',

  signInTitle: 'Đăng nhập',
  tokenLabel: 'Mã truy cập',
  tokenHint:
    'Mã do Sở Khoa học và Công nghệ cấp cho đơn vị (bắt đầu bằng th_). Mã chỉ lưu trên máy này, không lưu vào sổ làm việc.',
  remember: 'Ghi nhớ trên máy này',
  signIn: 'Đăng nhập',
  signingIn: 'Đang đăng nhập…',
  signOut: 'Đăng xuất',
  signOutHint: 'Đăng xuất và xóa mã truy cập đã ghi nhớ trên máy này',
  tokenMissing: 'Hãy nhập mã truy cập.',
  tokenRejected: 'Mã truy cập không đúng hoặc đã bị thu hồi. Hãy kiểm tra lại hoặc xin mã mới.',
  offlineAtStart:
    'Chưa kết nối được tới máy chủ TổngHợp; sẽ tự thử lại. Những lần gửi đang chờ vẫn được giữ và sẽ tự gửi khi có mạng.',

  roundLabel: 'Đợt',
  tableLabel: 'Bảng',
  noRounds: 'Chưa có đợt nào đang mở. Liên hệ Sở Khoa học và Công nghệ.',
  due: (d: string | null, open: boolean) =>
    `${d ? `Hạn gửi: ${viDay(d)}` : 'Chưa đặt hạn gửi'} · ${open ? 'đang mở' : 'đã khóa sổ'}`,
  agencyLine: (name: string | null, role: Role) => (name ? `${name} · ${ROLE_LABELS[role]}` : ROLE_LABELS[role]),
  notInWorkbook: 'Sổ làm việc chưa có bảng này.',
  inWorkbook: (sheet: string) => `Trong sổ làm việc: trang «${sheet}».`,
  lastSync: (version: number, at: string) => `Đồng bộ lần cuối: ${viDateTime(at)} (phiên bản ${version}).`,
  neverSynced: 'Chưa đồng bộ lần nào.',
  serverHolds: (version: number, rows: string, at: string | null) =>
    `Máy chủ đang giữ phiên bản ${version} của bảng này (${rows} dòng${at ? `, gửi lúc ${at}` : ''}).`,
  serverHoldsInsert: 'Bấm «Chèn bảng» để đưa các dòng đó vào sổ làm việc.',
  lockedHeader: (day: string | null, by: string | null) =>
    `Đã được chấp nhận${day ? ` ngày ${day}` : ''} bởi ${by ?? 'chuyên viên thẩm định'}; liên hệ cán bộ điều phối Sở Khoa học và Công nghệ để mở lại. Các ô của bảng đã được khóa, không sửa được.`,

  submittedHeader: (day: string | null) =>
    `Đã gửi chính thức${day ? ` ngày ${day}` : ''}; đang chờ chuyên viên thẩm định xem xét. Nếu còn sửa, đồng bộ lại rồi báo cán bộ điều phối.`,
  returnedHeader: (note: string | null) =>
    `Bảng được trả lại để sửa${note ? `: «${note}»` : ''}. Sửa, đồng bộ rồi bấm «Gửi chính thức» lại.`,

  insert: 'Chèn bảng',
  insertHint: 'Chèn bảng mẫu chính thức vào một trang tính riêng (chèn lại chỉ cập nhật định dạng, không mất dòng nào)',
  check: 'Kiểm tra',
  checkHint: 'Kiểm tra mọi dòng, đánh dấu ô có lỗi và liệt kê bên dưới',
  sync: 'Đồng bộ',
  syncHint: 'Kiểm tra lại rồi gửi cả bảng lên hệ thống',
  submit: 'Gửi chính thức',
  submitHint: 'Báo với Sở Khoa học và Công nghệ rằng bảng đã đồng bộ là số liệu chính thức của đơn vị',
  submitting: 'Đang gửi chính thức…',
  submitNeedsSync: 'Bảng chưa được đồng bộ từ sổ làm việc này: bấm «Đồng bộ» trước khi gửi chính thức.',
  submitBlockedByErrors: (errors: number) =>
    `Chưa gửi chính thức được: còn ${n(errors)} lỗi phải sửa. Các ô có lỗi đã được tô đỏ; xem danh sách bên dưới.`,
  submitUnsent: (rows: string) =>
    `Chưa gửi chính thức: sổ làm việc còn ${rows} dòng chưa đồng bộ. Bấm «Đồng bộ» trước, rồi gửi chính thức.`,
  submitRefused: (why: string) => `Hệ thống chưa nhận gửi chính thức: ${why}`,
  submitted: (version: number) =>
    `Đã gửi chính thức phiên bản ${version} của bảng. Chuyên viên thẩm định sẽ xem xét và chấp nhận hoặc trả lại kèm ý kiến.`,
  refresh: 'Làm mới',
  refreshHint: 'Lấy ý kiến thẩm định và phiên bản mới nhất từ hệ thống',
  merged: 'Lấy bảng tổng hợp',
  mergedHint: 'Ghi bảng tổng hợp toàn tỉnh vào một trang tính mới (lấy lại sẽ cập nhật đúng trang đó)',
  liveCheck: 'Kiểm tra ngay khi nhập',
  notesFallback:
    'Excel này chưa hỗ trợ ghi chú ô (ExcelApi 1.18): ô có lỗi được tô màu, nội dung lỗi xem ở danh sách dưới đây.',

  inserting: 'Đang chèn bảng…',
  checking: 'Đang kiểm tra…',
  syncing: 'Đang kiểm tra và gửi…',
  refreshing: 'Đang làm mới…',
  pulling: 'Đang lấy bảng tổng hợp…',
  reloading: 'Đang tải bảng từ hệ thống…',

  inserted: (sheet: string, rows: number, fromServer: boolean) =>
    fromServer
      ? `Đã chèn bảng vào trang «${sheet}» cùng ${n(rows)} dòng đơn vị đã gửi trước đây.`
      : `Đã chèn bảng vào trang «${sheet}». Hãy nhập từ dòng đầu tiên dưới tiêu đề.`,
  refreshed: (sheet: string, rows: number) =>
    `Trang «${sheet}» đã có bảng: đã cập nhật tiêu đề, định dạng và danh sách chọn; giữ nguyên ${n(rows)} dòng.`,
  rebuilt: (sheet: string, rows: number) =>
    `Đã dựng lại bảng trên trang «${sheet}» theo mẫu mới, chuyển sang đủ ${n(rows)} dòng.`,
  noTable: (label: string) => `Sổ làm việc chưa có bảng «${label}». Bấm «Chèn bảng» trước.`,
  checkedClean: (rows: number) => `Đã kiểm tra ${n(rows)} dòng: không có lỗi.`,
  checkedSome: (rows: number, errors: number, warnings: number, badRows: number) =>
    `Đã kiểm tra ${n(rows)} dòng: ${[errors ? `${n(errors)} lỗi` : null, warnings ? `${n(warnings)} cảnh báo` : null].filter(Boolean).join(', ')} ở ${n(badRows)} dòng.`,
  reissued: (k: number) => `${n(k)} dòng được sao chép từ dòng khác đã được cấp mã dòng mới để gửi thành dòng riêng.`,
  missingColumns: (headers: string[]) =>
    `Bảng thiếu cột ${headers.map((h) => `«${h}»`).join(', ')}. Bấm «Chèn bảng» để dựng lại bảng (không mất dữ liệu).`,
  blockedByErrors: (errors: number) =>
    `Chưa gửi: còn ${n(errors)} lỗi phải sửa. Các ô có lỗi đã được tô đỏ; xem danh sách bên dưới.`,
  emptySheet: 'Bảng chưa có dòng nào để gửi.',
  queued: 'Đang gửi lên hệ thống…',
  queuedUnpreviewed:
    'Chưa kết nối được tới máy chủ nên chưa xem trước được; bảng được giữ lại và sẽ tự gửi khi có mạng.',
  previewTitle: 'Xem trước khi gửi',
  previewSend: 'Gửi',
  previewSendRemoving: (k: number) => `Gửi và xóa ${n(k)} dòng`,
  previewSendHint: 'Gửi đúng các dòng đang xem trước lên hệ thống',
  previewCancel: 'Hủy',
  previewCancelHint: 'Không gửi; sổ làm việc giữ nguyên',
  previewCancelled: 'Chưa gửi: bảng trong sổ làm việc giữ nguyên, trên hệ thống không có gì thay đổi.',
  previewCells: 'Các ô sẽ thay đổi',
  previewMore: (k: number) => `… và ${n(k)} thay đổi khác.`,
  previewSmall: 'Xem trước cả khi chỉ sửa vài dòng',
  previewSmallHint: `Bỏ chọn để gửi ngay những lần đồng bộ sửa không quá 10 dòng và không xóa dòng nào`,
  removalTitle: (k: number) => `Lần gửi này sẽ xóa ${n(k)} dòng khỏi bảng trên hệ thống:`,
  removalStrong: (k: number, of: number, share: string) =>
    `Chú ý: lần gửi này xóa ${n(k)} trong số ${n(of)} dòng (${share}) của bảng trên hệ thống. Nếu không định xóa, hãy bấm «Hủy» và kiểm tra lại trang tính (có thể các dòng đã bị xóa hoặc lọc nhầm).`,
  removalMore: (k: number) => `… và ${n(k)} dòng khác.`,
  removalRestore: 'Dòng đã xóa vẫn khôi phục được bằng «Khôi phục dòng đã xóa».',
  restoreAction: 'Khôi phục dòng đã xóa',
  restoreActionHint: 'Xem các dòng đã bị xóa khỏi bảng trên hệ thống và đưa lại những dòng cần giữ',
  loadingRemoved: 'Đang lấy các dòng đã xóa…',
  noneRemoved: 'Bảng trên hệ thống không có dòng nào đã bị xóa.',
  removedTitle: 'Dòng đã xóa khỏi bảng',
  removedWhen: (at: string, by: string) => `xóa lúc ${viDateTime(at)} (${by})`,
  restoreSelected: (k: number) => (k > 0 ? `Khôi phục ${n(k)} dòng đã chọn` : 'Chọn dòng cần khôi phục'),
  restoreClose: 'Đóng',
  restoring: 'Đang khôi phục…',
  restoredRows: (k: number, version: number) =>
    `Đã khôi phục ${n(k)} dòng vào bảng trên hệ thống (phiên bản ${version}) và vào sổ làm việc.`,
  restoreStale:
    'Chưa khôi phục: bảng trên hệ thống đã thay đổi từ lần đồng bộ trước của sổ làm việc này. Hãy bấm «Làm mới» (hoặc đồng bộ) rồi khôi phục lại.',
  sent: (label: string, version: number, what: string) => `Đã đồng bộ «${label}» — phiên bản ${version}: ${what}.`,
  sentNothing: (label: string, version: number) =>
    `«${label}» không có gì thay đổi so với hệ thống (phiên bản ${version}).`,
  waiting: (seconds: number, error: string) => `${error} Sẽ tự gửi lại sau ${n(seconds)} giây.`,
  pending: (k: number) => `${n(k)} lần gửi đang chờ mạng; dữ liệu được giữ lại kể cả khi đóng sổ làm việc.`,
  pendingElsewhere: (k: number) => `${n(k)} lần gửi của sổ làm việc khác đang chờ; sẽ gửi khi mở lại sổ làm việc đó.`,
  discardElsewhere: 'Bỏ các lần gửi này',
  discardElsewhereHint: 'Bỏ các lần gửi đang chờ của sổ làm việc khác (chẳng hạn bản đã xóa hoặc đổi tên)',
  discardConfirm: (k: number) =>
    `Bỏ ${n(k)} lần gửi của sổ làm việc khác? Dữ liệu chưa gửi trong các lần đó sẽ mất; bảng trên hệ thống không thay đổi.`,
  discardYes: 'Bỏ, tôi đã hiểu',
  discardNo: 'Không bỏ',
  discarded: (k: number) => `Đã bỏ ${n(k)} lần gửi của sổ làm việc khác.`,
  notDurable: 'Trình duyệt này không cho lưu hàng đợi: nếu đóng ngăn tác vụ, lần gửi chưa xong sẽ mất.',
  retryNow: 'Thử lại ngay',
  queuedUntilSignIn:
    'Chưa gửi được vì chưa đăng nhập (hoặc mã truy cập đã bị thu hồi). Dữ liệu được giữ lại và sẽ gửi ngay khi đăng nhập.',
  rejected: (message: string) => `Hệ thống không nhận bảng: ${message}`,
  serverFindings: 'Lỗi hệ thống báo về',
  flagsTitle: 'Cảnh báo của hệ thống tổng hợp',
  newerOnServer: (server: number, local: number) =>
    `Trên hệ thống đã có phiên bản ${server} (bản trong sổ làm việc dựa trên phiên bản ${local}).`,
  upToDate: (version: number, comments: number) =>
    `Đã làm mới: bảng khớp phiên bản ${version} trên hệ thống${comments ? `, có ${n(comments)} dòng có ý kiến thẩm định` : ''}.`,
  reloaded: (sheet: string, rows: number, version: number) =>
    `Đã tải ${n(rows)} dòng của phiên bản ${version} vào trang «${sheet}».`,
  pulled: (sheet: string, rows: number, flagged: number) =>
    `Đã ghi bảng tổng hợp vào trang «${sheet}»: ${n(rows)} dòng${flagged ? `, ${n(flagged)} dòng có cảnh báo (tô màu)` : ''}.`,
  foreignSheet: (owner: string, mine: string) =>
    `Chưa gửi: bảng trong sổ làm việc này là của «${owner}» (đã đồng bộ bằng tài khoản của đơn vị đó), còn tài khoản đang đăng nhập thuộc «${mine}». Gửi bảng này sẽ ghi vào bảng của «${mine}». Hãy đăng nhập đúng tài khoản, hoặc chèn bảng trong một sổ làm việc khác.`,
  noAgencyForSheet: 'Tài khoản này không gắn với cơ quan nào nên không có bảng riêng để đồng bộ.',

  conflictTitle: 'Bảng trên hệ thống đã thay đổi',
  conflictIntro: (server: number, base: number, count: number) =>
    `Từ phiên bản ${base} bạn đang sửa, hệ thống đã lên phiên bản ${server} với ${n(count)} dòng thay đổi (có thể do đồng nghiệp gửi từ sổ làm việc khác). Chưa có gì bị ghi đè.`,
  conflictReload: 'Tải bảng từ hệ thống',
  conflictReloadHint: 'Thay các dòng trong sổ làm việc bằng bản trên hệ thống (mất những thay đổi chưa gửi)',
  conflictResend: 'Gửi đè bản của tôi',
  conflictResendHint: 'Gửi bản trong sổ làm việc lên, thay cho bản trên hệ thống',
  conflictMore: (k: number) => `… và ${n(k)} dòng khác.`,

  findingsTitle: 'Kết quả kiểm tra',
  row: (r: number) => `Dòng ${r}`,
  error: 'Lỗi',
  warning: 'Cảnh báo',
  info: 'Lưu ý',
  /**
   * What a suggestion's button does, in words: an amount as the sheet shows it («1.200»), a code
   * (TT «2.10») as it is, a lead taken out of the partners and an emptied cell said as such
   * rather than «Sửa thành «»».
   */
  apply: (s: string, columnKey?: string, code?: string, header?: string) => {
    if (code === 'lead_in_partners') return `Bỏ cơ quan chủ trì khỏi «${header ?? 'Cơ quan phối hợp'}»`;
    if (s.trim() === '') return 'Xóa nội dung ô';
    const shown = columnKey !== 'code' && /^-?\d+(\.\d+)?$/.test(s) ? n(Number(s)) : s;
    return `Sửa thành «${shown.length > 60 ? `${shown.slice(0, 57)}…` : shown}»`;
  },
  applyHint: 'Ghi giá trị gợi ý vào ô rồi kiểm tra lại',
  goToCell: 'Chọn ô này trong bảng',
  moreFindings: (k: number) => `Còn ${n(k)} dòng có lỗi khác; sửa bớt rồi kiểm tra lại để xem tiếp.`,
  commentsTitle: 'Ý kiến thẩm định',
  replyFixed: 'Đã sửa',
  replyFixedHint: 'Báo cho chuyên viên thẩm định là dòng đã được sửa theo ý kiến',
  replyLabel: 'Trả lời',
  replySend: 'Gửi trả lời',
  replying: 'Đang gửi trả lời…',
  replied: 'Đã gửi trả lời; chuyên viên thẩm định xem được trên trang của cảnh báo.',
  replyRefused: (message: string) => `Chưa gửi được trả lời: ${message}`,
  noComments: 'Chưa có ý kiến thẩm định nào cho bảng này.',

  unexpected: (message: string) => `Có lỗi: ${message}`,
  forbiddenAction: 'Tài khoản này không được làm thao tác này.',
} as const;
