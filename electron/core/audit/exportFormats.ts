import type { AuditEntry } from '../../shared/audit.js';
import type { ChannelPayload } from '../../shared/contract.js';
import { sealHex, toAuditEntry } from './auditEntries.js';
import type { AuditRow } from './store/auditLog.js';

export type AuditExportFormat = ChannelPayload<'audit.export'>['format'];

/**
 * Facility auth (4), severity notice (5): the trail records who did what with the data, which a
 * collector files with other security events (auth.log, a SIEM's security stream), not with debug chatter.
 */
const syslogPriority = 4 * 8 + 5;
/** Our structured-data ID, under the example enterprise number RFC 5424 itself uses (32473, RFC 5612). */
const structuredDataId = 'enclave@32473';
/** The last millisecond RFC 3339's four-digit year can write (9999-12-31T23:59:59.999Z). */
const latestTimestamp = 253_402_300_799_999;

/** The entries as one text: a line each, in the trail's order, ending with a newline. */
export function formatAuditExport(rows: readonly AuditRow[], format: AuditExportFormat, hostname: string): string {
  const lines = rows.map((row) => (format === 'jsonl' ? jsonLine(toAuditEntry(row), sealHex(row)) : syslogLine(toAuditEntry(row), hostname)));
  return lines.map((line) => `${line}\n`).join('');
}

/** JSON Lines: the entry as `audit.list` gives it, plus its seal (hex; null when the trail is not sealed). */
export function jsonLine(entry: AuditEntry, seal: string | null): string {
  return JSON.stringify({ ...entry, seal });
}

/**
 * One RFC 5424 message: `<37>1 TIMESTAMP HOSTNAME enclave - TYPE [enclave@32473 seq="…" actor="…"
 * hash="…"] {details}`. The details go in MSG as JSON with every non-ASCII character escaped, so MSG
 * is plain ASCII (no BOM needed) and a line is always one message.
 */
export function syslogLine(entry: AuditEntry, hostname: string): string {
  const parameters = Object.entries({ seq: String(entry.seq), actor: entry.actor, hash: entry.hash })
    .map(([name, value]) => `${name}="${parameterValue(value)}"`)
    .join(' ');
  const header = `<${String(syslogPriority)}>1 ${timestamp(entry.at)} ${headerField(hostname, 255)} enclave - ${headerField(entry.type, 32)}`;
  return `${header} [${structuredDataId} ${parameters}] ${asciiJson(entry.details)}`;
}

/** RFC 3339 in UTC with milliseconds; the NILVALUE for a time no four-digit year can write (a damaged entry). */
function timestamp(at: number): string {
  return Number.isInteger(at) && at >= 0 && at <= latestTimestamp ? new Date(at).toISOString() : '-';
}

/** HOSTNAME and MSGID are printable ASCII without spaces, bounded in length; the NILVALUE when empty. */
function headerField(value: string, maxLength: number): string {
  const printable = value.replace(/[^\x21-\x7e]/g, '_').slice(0, maxLength);
  return printable.length > 0 ? printable : '-';
}

/**
 * A PARAM-VALUE: `"`, `\` and `]` escaped with a backslash (RFC 5424 6.3.3). A control character, which
 * only a damaged entry could hold, becomes U+FFFD so that it cannot break the line.
 */
function parameterValue(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  return value.replace(/[\\"\]]/g, (character) => `\\${character}`).replace(/[\x00-\x1f\x7f]/g, '\uFFFD');
}

function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\x7f-\uffff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
