import type { AuditForwardingStatus } from '../../shared/audit.js';
import { expectOperands, parseCommand } from '../args.js';
import { exitCodes } from '../errors.js';
import { formatTime, printFields, printJson } from '../output.js';
import { withSession } from '../session.js';
import { auditUsage as usage } from '../usageData.js';
import type { CommandContext } from './context.js';

/**
 * `audit forward [--status] [--json]`: sends what waits for the policy's syslog collector now (the
 * app does so on its own while it runs; a machine used only from the command line runs this from a
 * scheduled task), or with --status only says where forwarding stands. Exit 1 when the collector
 * does not take the entries; they wait in the database.
 */
export async function auditForwardCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, { status: { type: 'boolean' }, json: { type: 'boolean' } }, usage);
  expectOperands(positionals, 0, 0, 'audit forward [--status]', usage);
  const dataDir = values['data-dir'] ?? context.dataDir;
  if (values.status) {
    const status = await withSession({ dataDir }, (session) => session.request('audit.forwarding', {}));
    if (values.json) printJson(status);
    else if (status === null) process.stdout.write('The machine policy names no syslog collector (audit.collector): the audit trail is not forwarded.\n');
    else printForwarding(status);
    return exitCodes.ok;
  }
  const forwarded = await withSession({ dataDir }, (session) => session.request('audit.forward', {}));
  if (values.json) printJson(forwarded);
  else process.stdout.write(`Forwarded ${String(forwarded.delivered)} audit ${forwarded.delivered === 1 ? 'entry' : 'entries'} to ${forwarded.status.collector}.\n`);
  return exitCodes.ok;
}

function printForwarding(status: AuditForwardingStatus): void {
  printFields([
    ['Collector', status.collector],
    ['Delivered', status.deliveredSeq === 0 ? 'nothing yet' : `up to entry ${String(status.deliveredSeq)}${status.deliveredAt === null ? '' : `, ${formatTime(status.deliveredAt)}`}`],
    ['Waiting', `${String(status.waiting)} ${status.waiting === 1 ? 'entry' : 'entries'}`],
    ['Last attempt', status.lastAttemptAt === null ? 'none' : formatTime(status.lastAttemptAt)],
    ...(status.lastError === null ? [] : [['Last error', status.lastError] as const]),
  ]);
}
