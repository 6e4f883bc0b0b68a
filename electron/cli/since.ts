import { UsageError } from './errors.js';

/**
 * `--since`: a date (YYYY-MM-DD, from its local midnight) or `<n>d`, the last n days with today
 * counted as one (so `1d` is today), matching per-day reports. A usage error (with `usage`) otherwise.
 */
export function parseSince(raw: string | undefined, usage: string): number | null {
  if (raw === undefined) return null;
  const days = /^(\d{1,5})d$/.exec(raw.trim());
  if (days) {
    const count = Number(days[1]);
    if (count < 1) throw new UsageError(`--since needs at least 1 day, not "${raw}"`, usage);
    const start = new Date();
    start.setHours(0, 0, 0, 0);
    start.setDate(start.getDate() - (count - 1));
    return start.getTime();
  }
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw.trim());
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const start = new Date(year, month - 1, day);
    if (start.getFullYear() === year && start.getMonth() === month - 1 && start.getDate() === day) return Math.max(0, start.getTime());
  }
  throw new UsageError(`--since must be a date (YYYY-MM-DD) or a number of days (30d), not "${raw}"`, usage);
}
