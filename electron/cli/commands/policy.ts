import type { PolicySource } from '../../shared/policy.js';
import type { PolicyStatus } from '../../shared/remote.js';
import { expectOperands, parseCommand } from '../args.js';
import { exitCodes, UsageError } from '../errors.js';
import { printFields, printJson, printTable, printUsage } from '../output.js';
import { withSession } from '../session.js';
import { policyUsage } from '../usage.js';
import type { CommandContext } from './context.js';

/**
 * `enclave policy [show]`: the machine policy in force, where it was read from, and what it locks.
 * Exit 0 whatever the policy says, a missing or invalid file included: it reports, it does not judge.
 */
export async function policyCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, { json: { type: 'boolean' } }, policyUsage);
  if (values.help) return printUsage(policyUsage);
  const [action = 'show', ...operands] = positionals;
  if (action !== 'show') throw new UsageError(`unknown subcommand "policy ${action}"`, policyUsage);
  expectOperands(operands, 0, 0, 'policy show', policyUsage);
  const status = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, (session) => session.request('policy.status', {}));
  if (values.json) printJson(status);
  else printPolicy(status);
  return exitCodes.ok;
}

function printPolicy(status: PolicyStatus): void {
  const { source } = status;
  const network =
    status.networkMode === 'offline'
      ? 'offline: local models only, nothing leaves this machine'
      : `allowlist: requests only to the endpoints below, after the DLP checks`;
  const fields: [string, string][] = [
    ['Policy file', source.origin === 'environment' ? `${source.path} (from ENCLAVE_POLICY_FILE)` : source.path],
    ['Status', describeStatus(source)],
    ['Network', network],
  ];
  // Every source merged, when there is more than the one file (policy.d, the registry, managed preferences).
  const layers = source.layers ?? [];
  if (layers.length > 1) fields.splice(1, 0, ['Sources', layers.map((layer) => layer.location).join('\n')]);
  if (status.networkMode === 'allowlist') fields.push(['Allowed endpoints', status.allowedEndpoints.join('\n')]);
  printFields(fields);
  // An invalid file's reason is its error, printed just above.
  const reason = source.status === 'invalid' ? 'the defaults, until the policy file is fixed.' : status.locks.reason;
  process.stdout.write(`\nLocked settings: ${reason}\n\n`);
  printTable(
    ['SETTING', 'VALUE'],
    status.locks.settings.map((setting) => [setting.label, setting.value]),
  );
}

function describeStatus(source: PolicySource): string {
  switch (source.status) {
    case 'loaded':
      return 'loaded';
    case 'missing':
      return 'missing: Enclave stays offline (the default without a policy file)';
    case 'invalid':
      return `invalid: ${source.error ?? 'the file could not be used; Enclave stays offline.'}`;
  }
}
