/**
 * One error path for the whole API: a closed set of codes, one code→status map, one body shape
 * `{error: {code, message, requestId, …details}}`. Messages are Vietnamese; codes are for programs.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './context.js';

export const ERROR_STATUS = {
  bad_request: 400,
  invalid_json: 400,
  invalid_encoding: 400,
  missing_idempotency_key: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  stale_version: 409,
  round_closed: 409,
  conflict: 409,
  payload_too_large: 413,
  sheet_locked: 423,
  validation_failed: 422,
  rows_rejected: 422,
  idempotency_key_reused: 422,
  submit_blocked: 422,
  invalid_text: 422,
  value_out_of_range: 422,
  too_many_requests: 429,
  database_busy: 409,
  internal: 500,
  database_unavailable: 503,
  database_timeout: 503,
} as const satisfies Record<string, ContentfulStatusCode>;
export type ErrorCode = keyof typeof ERROR_STATUS;

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
  get status(): ContentfulStatusCode {
    return ERROR_STATUS[this.code];
  }
}

export function errorBody(c: Context<AppEnv>, code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
  return { error: { code, message, requestId: c.get('requestId') ?? null, ...details } };
}

/** The app's `onError`: known errors keep their code; anything else is logged and becomes a plain 500. */
export function handleError(err: Error, c: Context<AppEnv>) {
  if (err instanceof ApiError) {
    if (typeof err.details.retryAfterSeconds === 'number')
      c.header('Retry-After', String(err.details.retryAfterSeconds));
    return c.json(errorBody(c, err.code, err.message, err.details), err.status);
  }
  if (err instanceof HTTPException) {
    if (err.status === 400 && /json/i.test(err.message))
      return c.json(errorBody(c, 'invalid_json', 'Nội dung gửi lên không phải JSON hợp lệ.'), 400);
    const code: ErrorCode =
      err.status === 413
        ? 'payload_too_large'
        : err.status === 401
          ? 'unauthorized'
          : err.status === 404
            ? 'not_found'
            : 'bad_request';
    return c.json(errorBody(c, code, defaultMessage(code)), ERROR_STATUS[code]);
  }
  const db = databaseErrorCode(err);
  if (db) {
    if (db === 'database_unavailable' || db === 'database_timeout') c.header('Retry-After', '5');
    console.warn(`[${c.get('requestId') ?? '-'}] ${db}: ${err.message}`);
    return c.json(errorBody(c, db, defaultMessage(db)), ERROR_STATUS[db]);
  }
  console.error(`[${c.get('requestId') ?? '-'}]`, err);
  return c.json(errorBody(c, 'internal', defaultMessage('internal')), 500);
}

/** SQLSTATE classes and socket errors that mean the database, not the request, failed. */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
]);
const UNAVAILABLE_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH']);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection is closed|Client has encountered a connection error|PGlite is closed|driver has already been destroyed|timeout exceeded when trying to connect|^timeout expired$/i;

/**
 * Maps what the database driver throws to one of the API's codes, or null for an error of our
 * own. Values PostgreSQL cannot store (NUL in text, numbers beyond their column) are refused at
 * the edge; their SQLSTATEs here only make sure a value the edge missed is still a 422, not a 500.
 */
export function databaseErrorCode(err: unknown): ErrorCode | null {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== 'object') return null;
  const code = typeof e.code === 'string' ? e.code : '';
  if (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SOCKET.has(code)) return 'database_unavailable';
  if (code === '57014') return 'database_timeout';
  if (code === '55P03' || code === '40P01' || code === '40001') return 'database_busy';
  if (code === '22P05' || code === '22021' || code === '22P02') return 'invalid_text';
  if (code === '22003') return 'value_out_of_range';
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return 'database_unavailable';
  return e.cause ? databaseErrorCode(e.cause) : null;
}

export function defaultMessage(code: ErrorCode): string {
  switch (code) {
    case 'database_unavailable':
      return 'Tạm thời không kết nối được cơ sở dữ liệu. Dữ liệu chưa được ghi; vui lòng thử lại sau ít phút (ngăn tác vụ sẽ tự gửi lại).';
    case 'database_timeout':
      return 'Cơ sở dữ liệu đang bận nên thao tác quá thời gian cho phép. Dữ liệu chưa được ghi; vui lòng thử lại sau ít phút.';
    case 'database_busy':
      return 'Bảng đang được một yêu cầu khác ghi. Dữ liệu chưa được ghi; vui lòng thử lại sau giây lát.';
    case 'invalid_text':
      return 'Dữ liệu gửi lên có ký tự không hợp lệ (ví dụ ký tự NUL hoặc ký tự bị cắt đôi khi sao chép). Hãy xoá ký tự đó rồi gửi lại.';
    case 'value_out_of_range':
      return 'Có giá trị số vượt quá giới hạn cho phép. Hãy kiểm tra lại số liệu.';
    case 'too_many_requests':
      return 'Có quá nhiều yêu cầu trong thời gian ngắn. Vui lòng chờ giây lát rồi thử lại.';
    case 'payload_too_large':
      return 'Dữ liệu gửi lên quá lớn. Hãy chia bảng thành nhiều lần gửi hoặc liên hệ quản trị hệ thống.';
    case 'unauthorized':
      return 'Chưa đăng nhập hoặc mã truy cập không hợp lệ.';
    case 'forbidden':
      return 'Tài khoản này không có quyền thực hiện thao tác này.';
    case 'not_found':
      return 'Không tìm thấy nội dung yêu cầu.';
    case 'internal':
      return 'Hệ thống gặp lỗi ngoài dự kiến. Dữ liệu chưa được ghi; vui lòng thử lại sau hoặc báo quản trị hệ thống.';
    default:
      return 'Yêu cầu không hợp lệ.';
  }
}
