import { splitSubcommand } from '../args.js';
import { UsageError } from '../errors.js';
import { printUsage } from '../output.js';
import type { Command, CommandContext } from './context.js';

/**
 * Runs the subcommand that the first word of the arguments names (`list` in `enclave models list`)
 * with the rest of them; `--help` anywhere prints the command's usage instead.
 */
export async function runSubcommand(
  command: string,
  subcommands: Readonly<Record<string, Command>>,
  context: CommandContext,
  usage: string,
): Promise<number> {
  const { name, rest, help } = splitSubcommand(context.args);
  if (help) return printUsage(usage);
  if (name === undefined) throw new UsageError(`missing subcommand: ${Object.keys(subcommands).join(', ')}`, usage);
  const run = Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
  if (!run) throw new UsageError(`unknown subcommand "${command} ${name}"`, usage);
  return run({ args: rest, dataDir: context.dataDir });
}
