/** When to try a failed remote request again, and after how long. */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  maxAttempts: number;
  /** The first backoff; each later one doubles, with up to 25% jitter. */
  baseDelayMs: number;
  /** No wait is longer than this, whatever Retry-After asks: a user is waiting on the reply. */
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 20_000 };

/** 429 and 5xx are worth another try; 4xx means the request itself is wrong and would fail again. */
export function isRetryableStatus(status: number | undefined): boolean {
  return status === 429 || status === 408 || (status !== undefined && status >= 500 && status <= 599);
}

/**
 * The wait before attempt `attempt + 1` (attempt counts from 1). A server's Retry-After (seconds or
 * an HTTP date; OpenAI's retry-after-ms too) wins over the backoff, within `maxDelayMs`.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, headers?: Headers | null, now = Date.now(), random = Math.random): number {
  const fromServer = retryAfterMs(headers, now);
  if (fromServer !== null) return Math.min(policy.maxDelayMs, Math.max(0, fromServer));
  const backoff = policy.baseDelayMs * 2 ** (attempt - 1);
  return Math.min(policy.maxDelayMs, Math.round(backoff * (1 + random() * 0.25)));
}

export function retryAfterMs(headers: Headers | null | undefined, now = Date.now()): number | null {
  const milliseconds = Number(headers?.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headers?.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * Waits `ms`, or stops as soon as `signal` aborts (a user pressing Stop does not wait out a backoff).
 * Resolves with whether the whole wait passed: false when it was cut short.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve(false);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
