import { type AuditDetails, type AuditEntry, auditEventTypes } from '../../shared/audit.js';
import { expectOperands, integerInRange, parseCommand } from '../args.js';
import { displayPath } from '../documentText.js';
import { exitCodes, UsageError } from '../errors.js';
import { printJson, printNotice, printTable } from '../output.js';
import { writeFileWhole } from '../outputFile.js';
import { withSession } from '../session.js';
import { parseSince } from '../since.js';
import { auditUsage as usage } from '../usageData.js';
import { auditForwardCommand } from './auditForward.js';
import { auditCheckpointCommand, auditVerifyCommand } from './auditVerify.js';
import type { Command, CommandContext } from './context.js';
import { runSubcommand } from './subcommands.js';

const subcommands: Record<string, Command> = {
  list: listEntries,
  verify: auditVerifyCommand,
  checkpoint: auditCheckpointCommand,
  export: exportEntries,
  forward: auditForwardCommand,
};

/** `enclave audit <subcommand>`: the audit trail, read back, verified, signed and exported. */
export function auditCommand(context: CommandContext): Promise<number> {
  return runSubcommand('audit', subcommands, context, usage);
}

const rangeOptions = { since: { type: 'string' }, type: { type: 'string' } } as const;

/** `audit list [--since ...] [--type ...] [--limit N] [--json]`: in the trail's order, oldest first. */
async function listEntries(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, { ...rangeOptions, limit: { type: 'string' }, json: { type: 'boolean' } }, usage);
  expectOperands(positionals, 0, 0, 'audit list', usage);
  const filter = { ...range(values), limit: integerInRange('limit', values.limit, 1, 1_000_000, usage) };
  const entries = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, (session) => session.request('audit.list', filter));
  if (values.json) printJson(entries);
  else if (entries.length === 0) process.stdout.write('No audit entries match.\n');
  else printEntries(entries);
  return exitCodes.ok;
}

/** `audit export --format jsonl|syslog [--since ...] [--type ...] [--out <file>]`. */
async function exportEntries(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, { ...rangeOptions, format: { type: 'string' }, out: { type: 'string' } }, usage);
  expectOperands(positionals, 0, 0, 'audit export --format jsonl|syslog', usage);
  const format = values.format;
  if (format !== 'jsonl' && format !== 'syslog') {
    const given = format === undefined ? 'missing --format' : `--format must be jsonl or syslog, not "${format}"`;
    throw new UsageError(`${given}: enclave audit export --format jsonl|syslog`, usage);
  }
  const filter = range(values);
  const exported = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, (session) => session.request('audit.export', { ...filter, format }));
  if (values.out === undefined) {
    process.stdout.write(exported.content);
    return exitCodes.ok;
  }
  writeFileWhole(values.out, [exported.content]);
  printNotice(`exported ${String(exported.entries)} audit ${exported.entries === 1 ? 'entry' : 'entries'} to ${displayPath(values.out)}.`);
  return exitCodes.ok;
}

function range(values: { since?: string | undefined; type?: string | undefined }): { since?: number; type?: string } {
  const since = parseSince(values.since, usage);
  const type = values.type === undefined ? undefined : eventType(values.type);
  return { ...(since === null ? {} : { since }), ...(type === undefined ? {} : { type }) };
}

/** A type the trail records (`model.imported`) or a group of them (`model`): a typo is told, not answered with nothing. */
function eventType(raw: string): string {
  const given = raw.trim();
  const known = auditEventTypes.some((type) => type === given || type.startsWith(`${given}.`));
  if (!known) {
    const groups = [...new Set(auditEventTypes.map((type) => type.split('.')[0]))].join(', ');
    throw new UsageError(`--type must be an event type (model.imported) or a group of them (${groups}), not "${raw}"`, usage);
  }
  return given;
}

function printEntries(entries: readonly AuditEntry[]): void {
  printTable(
    ['SEQ', 'TIME', 'TYPE', 'ACTOR', 'DETAILS'],
    entries.map((entry) => [String(entry.seq), localSecond(entry.at), entry.type, entry.actor, detailsText(entry.details)]),
  );
}

/** `version=0.1.0 sealed=true`: a value with spaces or quotes in JSON quotes, counts per detector as JSON. */
function detailsText(details: AuditDetails): string {
  return Object.entries(details)
    .map(([key, value]) => {
      const text = typeof value === 'string' ? (/^[^\s"=]+$/.test(value) ? value : JSON.stringify(value)) : JSON.stringify(value);
      return `${key}=${text}`;
    })
    .join(' ');
}

/** Local date and time to the second ("2026-11-22 14:05:09"): two acts in the same minute stay apart. */
function localSecond(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${String(date.getFullYear())}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
