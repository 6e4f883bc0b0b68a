const byteUnits = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1536 -> "1.5 KB"; decimal units, as file managers show model sizes. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < byteUnits.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 && unit > 0 ? 1 : 0)} ${byteUnits[unit]}`;
}

/** 1_100_000_000 -> "1.1B", 3_400_000 -> "3.4M": how model sizes are usually written. */
export function formatParameterCount(count: number): string {
  const steps: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, suffix] of steps) {
    if (count >= size) return `${(count / size).toFixed(count / size < 10 ? 1 : 0)}${suffix}`;
  }
  return String(count);
}

export function formatTokenCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** Fraction 0..1 -> whole percent, clamped. */
export function formatPercent(fraction: number): string {
  return `${Math.round(Math.min(1, Math.max(0, fraction)) * 100)}%`;
}

/** A moment as the user's locale writes a date and time, e.g. "22 Nov 2026, 14:05". */
export function formatDateTime(epochMs: number): string {
  return new Date(epochMs).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A moment to the second, as the user's locale writes it, e.g. "22 Nov 2026, 14:05:09": two acts in one minute stay apart. */
export function formatDateTimeSeconds(epochMs: number): string {
  return new Date(epochMs).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** Bytes per second -> "120 MB/s". */
export function formatByteRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** Tokens per second, to one decimal below 10 and whole above. */
export function formatTokensPerSecond(rate: number): string {
  return `${rate < 10 ? rate.toFixed(1) : Math.round(rate).toLocaleString('en-US')} tokens/s`;
}

/** Memory in binary units (1 GB = 1024³ bytes), the way core's estimates and the OS write RAM. */
export function formatMemory(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 10 * 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(0)} MB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}

/** 1, "passage" -> "1 passage"; 12 -> "12 passages"; a plural that is not just "s" can be given. */
export function formatCount(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : plural}`;
}

/** A day as the user's locale writes it, e.g. "22 Nov 2026". */
export function formatDate(epochMs: number): string {
  return new Date(epochMs).toLocaleDateString(undefined, { dateStyle: 'medium' });
}
