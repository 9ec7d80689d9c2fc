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
  missing_idempotency_key: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  stale_version: 409,
  round_closed: 409,
  conflict: 409,
  payload_too_large: 413,
  validation_failed: 422,
  rows_rejected: 422,
  idempotency_key_reused: 422,
  internal: 500,
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
  if (err instanceof ApiError) return c.json(errorBody(c, err.code, err.message, err.details), err.status);
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
  console.error(`[${c.get('requestId') ?? '-'}]`, err);
  return c.json(errorBody(c, 'internal', defaultMessage('internal')), 500);
}

export function defaultMessage(code: ErrorCode): string {
  switch (code) {
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
