import type { AuditCheckpoint, AuditFileWritten, AuditForwardingStatus, AuditValue, AuditVerification } from '@shared/audit.js';
import { formatCount, formatDateTimeSeconds } from '../../lib/format.js';

/** A verification in words: one summary sentence, and what the user should know or do next. */
export interface VerificationWords {
  ok: boolean;
  summary: string;
  notes: string[];
}

const unsealedNote =
  'The trail is not sealed, as the database is not encrypted: it was checked as a hash chain only, which does not catch ' +
  'someone who edits an entry and then recomputes the chain after it. Encrypt the database (Settings › Data) to seal it from then on.';

/** What `audit.verify` found, as the view says it. */
export function describeVerification(verification: AuditVerification): VerificationWords {
  const notes = verification.sealed ? [] : [unsealedNote];
  const bad = verification.firstBad;
  if (bad) {
    return {
      ok: false,
      summary: `Entry ${number(bad.seq)} does not hold: ${bad.reason}. ${entriesBefore(verification, bad.seq)}`,
      notes: [
        'Leave the database as it is and tell IT: “enclave audit verify” on this computer names the same entry, and an exported checkpoint shows what the trail held before.',
        ...notes,
      ],
    };
  }
  const { entries, firstSeq, lastSeq } = verification;
  if (entries === 0 || firstSeq === null || lastSeq === null) return { ok: true, summary: 'The trail holds no entries yet.', notes };
  const pruned = firstSeq > 1 ? '; older entries were pruned' : '';
  const seals = verification.sealed ? '; seals checked' : '';
  return {
    ok: true,
    summary:
      `The trail holds ${formatCount(entries, 'entry', 'entries')} (${number(firstSeq)} to ${number(lastSeq)}${pruned}) and verifies: ` +
      `no entry was edited, removed, inserted or reordered${seals}.`,
    notes,
  };
}

/** Which entries before the first bad one were found to hold (verify stops at the first that does not). */
function entriesBefore(verification: AuditVerification, badSeq: number): string {
  const first = verification.firstSeq;
  const last = Math.min(verification.lastSeq ?? 0, badSeq - 1);
  if (first === null || last < first) return 'No entry before it was left to check.';
  if (first === last) return `Entry ${number(first)} before it verifies.`;
  return `Entries ${number(first)} to ${number(last)} before it verify.`;
}

/** A detail's value as the table shows it after its key: identifiers and hashes as stored, counts as digits. */
export function detailValue(value: AuditValue): string {
  if (value === null) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  const parts = Object.entries(value).map(([name, count]) => `${name} ${String(count)}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** The dates of the filter (as a date input gives them, `2026-03-09`, or empty) as the request's range. */
export type DayRange = { since?: number; until?: number };

/**
 * The local days chosen as times: from the start of the first day to the end of the last, both
 * included, as the trail's `since` and `until` are. A "to" day before the "from" day is said, not sent.
 */
export function dayRange(fromDay: string, toDay: string): { range: DayRange } | { problem: string } {
  const since = fromDay ? localDayStart(fromDay) : undefined;
  const nextDay = toDay ? localDayStart(toDay, 1) : undefined;
  const until = nextDay === undefined ? undefined : nextDay - 1;
  if (since !== undefined && until !== undefined && until < since) return { problem: 'The “to” date is before the “from” date: choose a later one.' };
  return { range: { ...(since === undefined ? {} : { since }), ...(until === undefined ? {} : { until }) } };
}

/** Midnight (local) at the start of `day` (YYYY-MM-DD), `offset` days later. */
function localDayStart(day: string, offset = 0): number {
  const [year = 1970, month = 1, date = 1] = day.split('-').map(Number);
  return Math.max(0, new Date(year, month - 1, date + offset).getTime());
}

/** "Exported 1,234 entries to /home/ana/enclave-audit.jsonl." */
export function exportedText(written: AuditFileWritten): string {
  const what = written.entries === 0 ? 'no entries (none match the filters)' : formatCount(written.entries, 'entry', 'entries');
  return `Exported ${what} to ${written.path}.`;
}

/** A saved checkpoint: where it is, the head it vouches for, and what to do with it. */
export function checkpointText(saved: { path: string; checkpoint: AuditCheckpoint }): string {
  const { seq, hash, signature } = saved.checkpoint;
  const signed = signature === null ? ' It is not signed, as the database is not encrypted.' : '';
  return (
    `Saved a checkpoint at entry ${number(seq)} (hash ${shortHash(hash)}) to ${saved.path}. Keep a copy off this computer: ` +
    `“enclave audit verify --checkpoint <file>” then shows the trail still holds everything up to that entry.${signed}`
  );
}

/** The first 12 hex digits of a SHA-256, enough to compare by eye. */
export function shortHash(hash: string): string {
  return hash.length > 12 ? `${hash.slice(0, 12)}…` : hash;
}

function number(value: number): string {
  return value.toLocaleString('en-US');
}

/** Where forwarding to the policy's collector stands, in words: what it confirmed, what waits, the last failure. */
export function forwardingText(status: AuditForwardingStatus): string {
  const delivered =
    status.deliveredSeq === 0
      ? 'It has confirmed no entry yet.'
      : `It confirmed every entry up to number ${String(status.deliveredSeq)}${status.deliveredAt === null ? '' : ` (${formatDateTimeSeconds(status.deliveredAt)})`}.`;
  const waiting = status.waiting === 0 ? '' : ` ${formatCount(status.waiting, 'entry', 'entries')} wait${status.waiting === 1 ? 's' : ''} here until it takes them; none is dropped.`;
  const failed = status.lastError === null ? '' : ` The last attempt failed: ${status.lastError}.`;
  return `${delivered}${waiting}${failed}`;
}
