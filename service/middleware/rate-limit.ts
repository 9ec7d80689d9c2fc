/**
 * Rate limits: failed sign-ins and bearer tokens per client address and per token presented,
 * and syncs per token. Counts live in this process's memory (a fixed window per key): each
 * service process counts on its own, so N processes behind one address allow N times the limit.
 *
 * @example
 * const limits = new RateLimits(config.rateLimits, () => Date.now());
 * app.use('*', async (c, next) => { c.set('limits', limits); await next(); });
 * app.put('/api/v1/rounds/:round/sheets/:table', requireRole('agency'), limitSyncs(), handler);
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv, RateLimitConfig } from '../context.js';
import { ApiError } from '../errors.js';

/** Keys kept at most; an attacker cycling through random tokens cannot grow the map beyond it. */
const MAX_KEYS = 100_000;

/** How many events each key had in its current window. */
export class FixedWindow {
  private readonly counts = new Map<string, { count: number; resetAt: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Milliseconds until `key` may act again; 0 while it is under its limit. */
  waitMs(key: string): number {
    const entry = this.counts.get(key);
    if (!entry) return 0;
    const left = entry.resetAt - this.now();
    if (left <= 0) {
      this.counts.delete(key);
      return 0;
    }
    return entry.count >= this.limit ? left : 0;
  }

  record(key: string): void {
    const now = this.now();
    const entry = this.counts.get(key);
    if (entry && entry.resetAt > now) {
      entry.count++;
      return;
    }
    this.counts.delete(key);
    if (this.counts.size >= MAX_KEYS) this.sweep(now);
    this.counts.set(key, { count: 1, resetAt: now + this.windowMs });
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.counts) if (entry.resetAt <= now) this.counts.delete(key);
    // Still full: the oldest keys (a Map iterates in insertion order) make room.
    for (const key of this.counts.keys()) {
      if (this.counts.size < MAX_KEYS) break;
      this.counts.delete(key);
    }
  }
}

/** «45 giây», «3 phút»: how long to wait, as a person reads it. */
export function waitPhrase(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return seconds < 60 ? `${seconds} giây` : `${Math.ceil(seconds / 60)} phút`;
}

function tooMany(ms: number, message: string): ApiError {
  return new ApiError('too_many_requests', message, { retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) });
}

/** One process's limits; the app holds one instance, so each test's app counts on its own. */
export class RateLimits {
  private readonly failuresByAddress: FixedWindow;
  private readonly failuresByToken: FixedWindow;
  private readonly syncsByToken: FixedWindow;

  constructor(
    readonly config: RateLimitConfig,
    now: () => number,
  ) {
    this.failuresByAddress = new FixedWindow(config.authFailuresPerAddress, config.authFailureWindowMs, now);
    this.failuresByToken = new FixedWindow(config.authFailuresPerToken, config.authFailureWindowMs, now);
    this.syncsByToken = new FixedWindow(config.syncsPerToken, config.syncWindowMs, now);
  }

  /**
   * Whether this address or this token (its hash) has failed too often to be tried again now.
   * Checked before the token is looked up: a right guess must not be told apart from a wrong one.
   */
  authRefusal(address: string | null, tokenHash: string | null): ApiError | null {
    const byAddress = address ? this.failuresByAddress.waitMs(address) : 0;
    if (byAddress > 0)
      return tooMany(
        byAddress,
        `Máy của bạn đã dùng mã truy cập sai quá nhiều lần. Vui lòng chờ ${waitPhrase(byAddress)} rồi thử lại.`,
      );
    const byToken = tokenHash ? this.failuresByToken.waitMs(tokenHash) : 0;
    if (byToken > 0)
      return tooMany(
        byToken,
        `Mã truy cập này đã bị từ chối quá nhiều lần. Vui lòng chờ ${waitPhrase(byToken)} rồi thử lại, hoặc xin mã mới từ quản trị hệ thống.`,
      );
    return null;
  }

  authFailed(address: string | null, tokenHash: string | null): void {
    if (address) this.failuresByAddress.record(address);
    if (tokenHash) this.failuresByToken.record(tokenHash);
  }

  /** Counts one sync of this token, or refuses it when the token has sent its window's worth. */
  takeSync(tokenId: string): ApiError | null {
    const wait = this.syncsByToken.waitMs(tokenId);
    if (wait > 0)
      return tooMany(
        wait,
        `Mã truy cập này đã gửi ${this.config.syncsPerToken} lần đồng bộ trong ${waitPhrase(this.config.syncWindowMs)}. Dữ liệu lần này chưa được ghi; vui lòng chờ ${waitPhrase(wait)} rồi gửi lại.`,
      );
    this.syncsByToken.record(tokenId);
    return null;
  }
}

/**
 * The address the request came from: the socket's peer, or, behind a reverse proxy that the
 * configuration trusts, the last address of X-Forwarded-For (the one the proxy itself added).
 * Null for a request that came through no socket (`app.request` in-process).
 */
export function clientAddress(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for');
    const last = forwarded?.split(',').at(-1)?.trim();
    if (last) return last;
  }
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? null;
}

/** The sync route's limit per token; after authentication, before the body is read. */
export function limitSyncs() {
  return createMiddleware<AppEnv>(async function limitSyncs(c, next) {
    const refusal = c.get('limits').takeSync(c.get('principal').tokenId);
    if (refusal) throw refusal;
    await next();
  });
}
