/** Small helpers for benchmarks: medians, not means, because this shared machine is noisy. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  // An empty list has no median: NaN, as a missing value is everywhere here.
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN; // none when the list is empty
}

export function format(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

export interface StreamTiming {
  /** Request start to first text, ms. */
  timeToFirstTokenMs: number;
  /** Tokens after the first, per second of decoding. */
  tokensPerSecond: number;
  tokens: number;
}

/** Decode speed as both sides see it: tokens after the first over the time from first to last. */
export function streamTiming(startedAt: number, tokenTimes: readonly number[], tokens: number): StreamTiming {
  const first = tokenTimes[0] ?? Number.NaN;
  const last = tokenTimes.at(-1) ?? Number.NaN;
  return {
    timeToFirstTokenMs: first - startedAt,
    tokensPerSecond: tokens > 1 ? (tokens - 1) / ((last - first) / 1000) : Number.NaN,
    tokens,
  };
}
