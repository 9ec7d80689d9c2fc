/**
 * Every closed set of values is declared once here; the TypeScript type, the zod enum and the
 * Excel dropdown list are all derived from the same array.
 */
export const TABLE_NAMES = ['targets', 'tasks', 'budget', 'priorities', 'progress', 'target-progress'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

export const SEVERITIES = ['error', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FINDING_CODES = [
  'required',
  'type',
  'sum_mismatch',
  'total_mismatch',
  'numbering',
  'unknown_agency',
  'agency_alias',
  'timeframe',
  'timeframe_out_of_period',
  'duplicate_row',
  'lead_in_partners',
  'negative_amount',
  'unknown_section',
  'document_issuer',
  'document_format',
  'invalid_text',
  'too_long',
  'total_unchecked',
  'hidden_characters',
  'done_without_date',
  'date_in_future',
  'date_before_plan',
  'disbursed_over_plan',
  'done_without_result',
  'locked_cell',
  'not_in_plan',
  'not_lead',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export const AGENCY_KINDS = [
  'province',
  'department',
  'board',
  'party',
  'mass_org',
  'public_unit',
  'security',
  'central',
  'enterprise',
  'commune',
  'ward',
  'group',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** Progress statuses, in the order a task moves through them. */
export const TASK_STATUSES = ['Chưa triển khai', 'Đang triển khai', 'Hoàn thành', 'Chậm tiến độ'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const ROLES = ['agency', 'validator', 'coordinator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The roles as people at the province call them (console, token labels). */
export const ROLE_LABELS: Record<Role, string> = {
  agency: 'Cơ quan, đơn vị',
  validator: 'Chuyên viên thẩm định',
  coordinator: 'Cán bộ điều phối (Sở Khoa học và Công nghệ)',
  admin: 'Quản trị hệ thống',
};

/** The kinds of row an official appendix contains. */
export const ROW_KINDS = ['column_numbers', 'grand_total', 'section', 'subsection', 'item', 'subitem'] as const;
export type RowKind = (typeof ROW_KINDS)[number];

/** What a sync did to each row of the sheet it was sent (the service answers, the task pane counts). */
export const ROW_STATUSES = ['inserted', 'updated', 'deleted', 'unchanged'] as const;
export type RowStatus = (typeof ROW_STATUSES)[number];
