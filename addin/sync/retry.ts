/** When to try a failed send again: network failures and passing server trouble, with growing waits. */
import { ApiFailure, NetworkFailure } from './api.js';

export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 2_000, maxMs: 120_000 };

/**
 * Wait before attempt `attempt + 1` (attempt ≥ 1): base · 2^(attempt-1), capped, with ±20 %
 * jitter so that a province's worth of panes do not all come back at the same second.
 *
 * @example backoffMs(3, { baseMs: 1000, maxMs: 60000 }, () => 0.5) // 4000
 */
export function backoffMs(
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY,
  random: () => number = Math.random,
): number {
  const raw = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

/** Worth sending again unchanged: the request may not have arrived, or the service was briefly unable. */
export function isRetryable(e: unknown): boolean {
  if (e instanceof NetworkFailure) return true;
  return e instanceof ApiFailure && [408, 425, 429, 500, 502, 503, 504].includes(e.status);
}
