/**
 * Every Vietnamese word the console shows for a code: flag codes, severities, statuses, roles,
 * audit actions, agency kinds. One table per closed set, keyed by the set's own type, so a new
 * value that lacks a label fails to compile.
 */
import {
  type AgencyKind,
  FLAG_LABELS,
  type FlagCode,
  type FlagSeverity,
  TABLE_LABELS,
  TABLE_NAMES,
} from '../../domain/index.js';
import type { FlagStatus, ReviewAction } from '../flags/review.js';

/** From the registry of flag rules, where each rule is declared with its label. */
export const FLAG_CODE_LABELS: Readonly<Record<FlagCode, string>> = FLAG_LABELS;

export const SEVERITY_LABELS: Record<FlagSeverity, string> = { error: 'Lỗi', warning: 'Cảnh báo', info: 'Lưu ý' };

export const STATUS_LABELS: Record<FlagStatus, string> = {
  open: 'Chưa xử lý',
  returned: 'Đã trả lại cơ quan',
  accepted: 'Đã xác nhận có sai sót',
  dismissed: 'Đã bỏ qua, số liệu đúng',
};

export const ACTION_LABELS: Record<ReviewAction, string> = {
  accept: 'Xác nhận có sai sót',
  dismiss: 'Bỏ qua, số liệu đúng',
  return: 'Trả lại cơ quan',
};

/** What the reviewer confirms after each action. */
export const ACTION_DONE: Record<ReviewAction, string> = {
  accept: 'Đã xác nhận cảnh báo này: số liệu có sai sót.',
  dismiss: 'Đã bỏ qua cảnh báo (số liệu đúng). Cảnh báo sẽ tự mở lại nếu các dòng liên quan thay đổi.',
  return: 'Đã trả lại cho cơ quan. Ý kiến sẽ hiện bên cạnh các dòng này trong Excel của cơ quan.',
};

/**
 * A label inside a sentence: its first letter lowered, the rest as written, so that proper names
 * in it keep their capitals ("Cán bộ điều phối (Sở Khoa học và Công nghệ)" → "cán bộ điều phối (Sở Khoa học
 * và Công nghệ)", "Ngân sách Trung ương…" → "ngân sách Trung ương…").
 */
export function inSentence(label: string): string {
  return label.charAt(0).toLocaleLowerCase('vi') + label.slice(1);
}

export { ROLE_LABELS, TABLE_LABELS } from '../../domain/index.js';

/** A table as a column names it: «Phụ lục II», the part of the official title before its dash. */
export function tableShortLabel(table: string): string {
  const title = (TABLE_LABELS as Record<string, string | undefined>)[table];
  return title ? title.split(' — ')[0]! : table;
}

/**
 * Where a flag's rows are, each table named with its sections: «Phụ lục II · I/C; Phụ lục III ·
 * VII». A section path alone would not say which appendix it is in.
 */
export function flagPlace(flag: { row_refs: unknown; table_name: string | null }, max = 3): string {
  const rowRefs = (flag.row_refs ?? []) as readonly { table: string; section: string }[];
  // A round-wide flag (a declared total) names its table and no rows.
  const refs = rowRefs.length > 0 ? rowRefs : flag.table_name ? [{ table: flag.table_name, section: '' }] : [];
  const byTable = new Map<string, string[]>();
  for (const r of refs) {
    const list = byTable.get(r.table) ?? [];
    if (!list.includes(r.section)) list.push(r.section);
    byTable.set(r.table, list);
  }
  if (byTable.size === 0) return '—';
  const rank = (t: string) => (TABLE_NAMES as readonly string[]).indexOf(t);
  return [...byTable]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([table, sections]) => {
      const shown = sections.filter(Boolean);
      const list = shown.slice(0, max).join(', ') + (shown.length > max ? '…' : '');
      return list ? `${tableShortLabel(table)} · ${list}` : tableShortLabel(table);
    })
    .join('; ');
}

export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  province: 'Cơ quan cấp tỉnh',
  department: 'Sở, ngành',
  board: 'Ban quản lý, ban chỉ đạo',
  party: 'Cơ quan Đảng',
  mass_org: 'Mặt trận, đoàn thể, hội',
  public_unit: 'Đơn vị sự nghiệp',
  security: 'Công an, quân sự, biên phòng',
  central: 'Cơ quan Trung ương',
  enterprise: 'Doanh nghiệp',
  commune: 'Xã',
  ward: 'Phường',
  group: 'Nhóm cơ quan',
};

/** Audit-trail actions as a reader would name them. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  insert: 'Thêm dòng',
  update: 'Sửa dòng',
  delete: 'Xóa dòng',
  restore: 'Khôi phục dòng',
  flag_accept: 'Xác nhận có sai sót',
  flag_dismiss: 'Bỏ qua, số liệu đúng',
  flag_return: 'Trả lại cơ quan',
  sheet_submit: 'Gửi chính thức',
  sheet_accept: 'Chấp nhận bảng',
  sheet_return: 'Trả lại bảng',
  sheet_reopen: 'Mở lại bảng',
  round_create: 'Mở đợt',
  round_update: 'Sửa thiết lập đợt',
  agency_insert: 'Thêm cơ quan vào danh mục',
  agency_update: 'Sửa cơ quan trong danh mục',
  token_create: 'Cấp mã truy cập',
  token_revoke: 'Thu hồi mã truy cập',
  name_request: 'Đề nghị bổ sung tên vào danh mục',
  name_request_accept: 'Nhận tên đề nghị vào danh mục',
  name_request_reject: 'Không nhận tên đề nghị',
};

const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** "23/11/2026 14:05", Vietnam time. */
export function formatDateTime(at: Date | string | null | undefined): string {
  if (at === null || at === undefined) return '—';
  const parts = Object.fromEntries(dateTime.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** "2026-12-15" → "15/12/2026". */
export function formatDate(iso: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '—';
}
