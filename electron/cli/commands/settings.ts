import type { AppSettings } from '../../shared/domain.js';
import { expectOperands, integerInRange, parseCommand } from '../args.js';
import { exitCodes, UsageError } from '../errors.js';
import { printFields, printJson } from '../output.js';
import { withoutUndefined, withSession } from '../session.js';
import { settingsUsage } from '../usage.js';
import type { CommandContext } from './context.js';

const settingsOptions = {
  json: { type: 'boolean' },
  'max-resident': { type: 'string' },
  'idle-unload-minutes': { type: 'string' },
  'memory-budget-mb': { type: 'string' },
} as const;

/** `enclave settings [get]` and `enclave settings set ...`: how models share this machine's memory. */
export async function settingsCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, settingsOptions, settingsUsage);
  if (values.help) {
    process.stdout.write(`${settingsUsage}\n`);
    return exitCodes.ok;
  }
  const [action = 'get', ...operands] = positionals;
  const dataDir = values['data-dir'] ?? context.dataDir;
  const changes = withoutUndefined({
    maxResidentModels: integerInRange('max-resident', values['max-resident'], 1, 8, settingsUsage),
    idleUnloadMinutes: integerInRange('idle-unload-minutes', values['idle-unload-minutes'], 0, 24 * 60, settingsUsage),
    memoryBudgetMb: memoryBudget(values['memory-budget-mb']),
  });
  if (action === 'get') {
    expectOperands(operands, 0, 0, 'settings get', settingsUsage);
    if (Object.keys(changes).length > 0) throw new UsageError('to change settings: enclave settings set [options]', settingsUsage);
  } else if (action === 'set') {
    expectOperands(operands, 0, 0, 'settings set [options]', settingsUsage);
    if (Object.keys(changes).length === 0) {
      throw new UsageError('nothing to set: give --max-resident, --idle-unload-minutes or --memory-budget-mb', settingsUsage);
    }
  } else {
    throw new UsageError(`unknown subcommand "settings ${action}"`, settingsUsage);
  }
  const settings = await withSession({ dataDir }, (session) =>
    action === 'set' ? session.request('settings.update', changes) : session.request('settings.get', {}),
  );
  if (values.json) printJson(settings);
  else printSettings(settings);
  return exitCodes.ok;
}

/** `auto` (what the OS reports free, stored as null) or a number of megabytes. */
function memoryBudget(raw: string | undefined): number | null | undefined {
  if (raw?.trim().toLowerCase() === 'auto') return null;
  return integerInRange('memory-budget-mb', raw, 1, 16 * 1024 * 1024, settingsUsage);
}

function printSettings(settings: AppSettings): void {
  printFields([
    ['Models kept loaded', `at most ${settings.maxResidentModels} (--max-resident)`],
    [
      'Unload when idle',
      `${settings.idleUnloadMinutes === 0 ? 'never' : `after ${settings.idleUnloadMinutes} minutes`} (--idle-unload-minutes)`,
    ],
    [
      'Memory budget',
      `${settings.memoryBudgetMb === null ? 'auto: what the system reports free' : `${settings.memoryBudgetMb} MB`} (--memory-budget-mb)`,
    ],
  ]);
}
