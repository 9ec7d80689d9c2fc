/** The body of a sheet sync, validated with the table's own row schema. */
import { z } from 'zod';
import { type Period, sheetRowSchema, type TableName } from '../../domain/index.js';
import { ApiError } from '../errors.js';

/** Versions are stored as PostgreSQL `integer`. */
const INT32_MAX = 2_147_483_647;

export function syncBodySchema(table: TableName, period: Period) {
  return z.strictObject({
    baseVersion: z
      .number({ error: 'Thiếu phiên bản gốc (baseVersion)' })
      .int('Phiên bản gốc (baseVersion) phải là số nguyên')
      .min(0, 'Phiên bản gốc (baseVersion) không được là số âm')
      .max(INT32_MAX, 'Phiên bản gốc (baseVersion) lớn quá giới hạn'),
    rows: z.array(sheetRowSchema(table, period), { error: 'Thiếu danh sách dòng (rows)' }),
  });
}

export type SyncBody = {
  baseVersion: number;
  rows: ({ uid: string; section: string } & Record<string, string | number | null | undefined>)[];
};

/** Vietnamese explanation of the first few problems zod found, with the row they are on. */
export function explainZodError(error: z.ZodError): { message: string; issues: { path: string; message: string }[] } {
  const issues = error.issues.slice(0, 20).map((issue) => {
    const path = issue.path.map(String);
    let message = issue.message;
    if (issue.code === 'unrecognized_keys')
      message = `Cột không có trong bảng: ${issue.keys.map((k) => `«${k}»`).join(', ')}`;
    else if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && path[0] === 'rows')
      message = `Giá trị không đúng kiểu (cần chữ, số hoặc để trống)`;
    const where =
      path[0] === 'rows' && path[1] !== undefined
        ? `Dòng ${Number(path[1]) + 1}${path[2] ? `, cột «${path[2]}»` : ''}: `
        : path.length
          ? `${path.join('.')}: `
          : '';
    return { path: path.join('.'), message: `${where}${message}` };
  });
  return {
    message: `Dữ liệu gửi lên không đúng mẫu. ${issues
      .slice(0, 3)
      .map((i) => i.message)
      .join('; ')}.`,
    issues,
  };
}

/** The 400 answer to a request part that does not match its schema. */
export function validationFailed(error: z.ZodError): ApiError {
  const { message, issues } = explainZodError(error);
  return new ApiError('validation_failed', message, { issues });
}

/**
 * Keys of a row that GET …/sheets/{table} adds beside its cells and a sync ignores, so that a
 * sheet read, edited and written back goes through as it is: the service works them out again.
 */
export const READ_ONLY_ROW_KEYS = ['findings'] as const;

/** The body with each row's read-only keys (READ_ONLY_ROW_KEYS) left out; other shapes as sent. */
function withoutReadOnlyKeys(body: unknown): unknown {
  const rows = (body as { rows?: unknown } | null)?.rows;
  if (
    !Array.isArray(rows) ||
    !rows.some((r) => r !== null && typeof r === 'object' && READ_ONLY_ROW_KEYS.some((k) => k in r))
  )
    return body;
  return {
    ...(body as object),
    rows: rows.map((r) => {
      if (r === null || typeof r !== 'object' || Array.isArray(r)) return r;
      const row = { ...(r as Record<string, unknown>) };
      for (const key of READ_ONLY_ROW_KEYS) delete row[key];
      return row;
    }),
  };
}

export function parseSyncBody(table: TableName, period: Period, body: unknown): SyncBody {
  const parsed = syncBodySchema(table, period).safeParse(withoutReadOnlyKeys(body));
  if (!parsed.success) throw validationFailed(parsed.error);
  const seen = new Map<string, number>();
  const repeated: string[] = [];
  parsed.data.rows.forEach((r, i) => {
    if (seen.has(r.uid)) repeated.push(`«${r.uid}» (dòng ${seen.get(r.uid)! + 1} và ${i + 1})`);
    else seen.set(r.uid, i);
  });
  if (repeated.length > 0) {
    throw new ApiError(
      'validation_failed',
      `Mã dòng (uid) bị trùng: ${repeated.slice(0, 5).join(', ')}. Mỗi dòng phải có mã riêng; hãy cấp lại mã cho các dòng sao chép.`,
      { duplicateUids: [...seen.keys()].filter((u) => repeated.some((r) => r.includes(`«${u}»`))) },
    );
  }
  return parsed.data as SyncBody;
}
