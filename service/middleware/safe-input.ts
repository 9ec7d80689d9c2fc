/**
 * The text rule at the edge, for everything a request carries besides a sync's rows (which the
 * row checks judge cell by cell): path segments, query parameters, JSON bodies and form fields.
 * NUL and half surrogate pairs are refused with 422 naming the field, invalid UTF-8 and
 * malformed percent-escapes with 400, and bodies of routes other than the sync are kept small.
 * Refusing here means no handler, query or page ever sees such text.
 */
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { findTextFault, TEXT_FAULT_NAMES, type TextFault, textFault } from '../../domain/index.js';
import type { AppEnv } from '../context.js';
import { ApiError } from '../errors.js';

const SYNC_PATH = /^\/api\/v1\/rounds\/[^/]+\/sheets\/[^/]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function refuse(where: string, fault: TextFault): never {
  throw new ApiError(
    'invalid_text',
    `${where} có ký tự không hợp lệ (${TEXT_FAULT_NAMES[fault]}). Hãy xoá ký tự đó rồi gửi lại.`,
  );
}

function checkUrl(url: URL): void {
  for (const segment of url.pathname.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw new ApiError('bad_request', 'Đường dẫn có ký tự mã hoá sai (dấu % không đúng mẫu hoặc byte UTF-8 hỏng).');
    }
    const fault = textFault(decoded);
    if (fault) refuse('Đường dẫn', fault);
  }
  for (const [name, value] of url.searchParams) {
    const fault = textFault(name) ?? textFault(value);
    if (fault) refuse(`Tham số «${textFault(name) ? '?' : name}»`, fault);
  }
}

async function checkBody(c: Context<AppEnv>): Promise<void> {
  const type = c.req.header('content-type') ?? '';
  const json = /^application\/([\w.-]+\+)?json\b/i.test(type);
  const form = /^application\/x-www-form-urlencoded\b/i.test(type);
  if (!json && !form) return;
  const bytes = await c.req.arrayBuffer();
  // Later readers of the raw request (a sub-app's own body limit) find the body still there.
  c.req.raw = new Request(c.req.raw, { body: bytes });
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new ApiError('invalid_encoding', 'Nội dung gửi lên không phải văn bản UTF-8 hợp lệ (có byte bị hỏng).');
  }
  if (form) {
    for (const [name, value] of new URLSearchParams(text)) {
      const fault = textFault(name) ?? textFault(value);
      if (fault) refuse(`Ô «${textFault(name) ? '?' : name}» của biểu mẫu`, fault);
    }
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return; // the route's own validator answers 400 invalid_json
  }
  const hit = findTextFault(parsed);
  if (hit) refuse(hit.path.length > 0 ? `Trường «${hit.path.join('.')}»` : 'Nội dung gửi lên', hit.fault);
}

/** The body part of the rule alone, for a sub-app that sets its own limit (the console). */
export function safeBody() {
  return createMiddleware<AppEnv>(async function safeBody(c, next) {
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') await checkBody(c);
    await next();
  });
}

/** Bodies of every route but the sync, which has its own (larger) limit. */
export function smallBodyLimit(): number {
  const v = Number(process.env.TONGHOP_FORM_BODY_LIMIT);
  return Number.isFinite(v) && v > 0 ? v : 1024 * 1024;
}

export function safeInput() {
  const limit = bodyLimit({
    maxSize: smallBodyLimit(),
    onError: () => {
      throw new ApiError(
        'payload_too_large',
        'Dữ liệu gửi lên quá lớn so với thao tác này. Hãy kiểm tra lại nội dung hoặc liên hệ quản trị hệ thống.',
      );
    },
  });
  return createMiddleware<AppEnv>(async function safeInput(c, next) {
    checkUrl(new URL(c.req.url));
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
    const path = new URL(c.req.url).pathname;
    if (method === 'PUT' && SYNC_PATH.test(path)) return next();
    // The console limits and checks its forms itself, so that its answers are pages.
    if (path === '/console' || path.startsWith('/console/')) return next();
    return limit(c, async () => {
      await checkBody(c);
      await next();
    });
  });
}
