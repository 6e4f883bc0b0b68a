/**
 * The `enclave` command's dispatcher: one command line in, one exit code out. Exit codes: 0 success,
 * 1 error (one line on stderr, a stack trace only with --debug), 2 usage error (with the usage), 130
 * stopped with Ctrl-C. Two entries run it: index.ts (`npm run cli`, plain Node) and the installed
 * app's `Enclave --cli` (runInstalledCli below).
 */
import { toAppError } from '../core/errors.js';
import { splitCommand } from './args.js';
import { askCommand } from './commands/ask.js';
import { auditCommand } from './commands/audit.js';
import { backupCommand, restoreCommand } from './commands/backup.js';
import { chatCommand } from './commands/chat.js';
import { chatsCommand } from './commands/chats.js';
import { collectionsCommand } from './commands/collections.js';
import type { Command } from './commands/context.js';
import { dlpCommand } from './commands/dlp.js';
import { docsCommand } from './commands/docs.js';
import { endpointsCommand } from './commands/endpoints.js';
import { extractCommand } from './commands/extract.js';
import { hardwareCommand } from './commands/hardware.js';
import { modelsCommand } from './commands/models.js';
import { policyCommand } from './commands/policy.js';
import { searchCommand } from './commands/search.js';
import { searchDocsCommand } from './commands/searchDocs.js';
import { serveCommand } from './commands/serve.js';
import { settingsCommand } from './commands/settings.js';
import { storageCommand } from './commands/storage.js';
import { usageCommand } from './commands/usage.js';
import { exitCodes, UsageError } from './errors.js';
import { printUsage } from './output.js';
import { configureKeySources } from './keySources.js';
import { type CliHost, cliVersion, useCliHost } from './session.js';
import { commandUsages, mainUsage } from './usage.js';

const commands: Record<string, Command> = {
  endpoints: endpointsCommand,
  usage: usageCommand,
  policy: policyCommand,
  dlp: dlpCommand,
  models: modelsCommand,
  hardware: hardwareCommand,
  settings: settingsCommand,
  chat: chatCommand,
  chats: chatsCommand,
  search: searchCommand,
  docs: docsCommand,
  collections: collectionsCommand,
  'search-docs': searchDocsCommand,
  ask: askCommand,
  extract: extractCommand,
  storage: storageCommand,
  backup: backupCommand,
  restore: restoreCommand,
  audit: auditCommand,
  serve: serveCommand,
};

/**
 * The installed app's `--cli` mode (electron/main/cliMode.ts, which loads this module from the built
 * bundle): the same commands, over the app's policy, models and utilityProcess launchers.
 */
export function runInstalledCli(args: string[], host: CliHost): Promise<number> {
  useCliHost(host);
  closedOutputEndsQuietly();
  return runCli(args);
}

/** `enclave chat ... | head` closes stdout early: that is the reader's choice, not an error. */
export function closedOutputEndsQuietly(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(exitCodes.ok);
    throw error;
  });
}

/** Runs one command line and returns its exit code; only programming errors escape as exceptions. */
export async function runCli(args: string[]): Promise<number> {
  try {
    return await dispatch(args);
  } catch (error) {
    return reportError(error, wantsDebug(args));
  }
}

async function dispatch(args: string[]): Promise<number> {
  const { leading, command, rest } = splitCommand(args, mainUsage);
  configureKeySources(args);
  if (leading.version) {
    process.stdout.write(`enclave ${cliVersion()}\n`);
    return exitCodes.ok;
  }
  if (command === undefined || command === 'help') {
    const topic = command === 'help' ? rest[0] : undefined;
    if (command === undefined && !leading.help) throw new UsageError('missing command', mainUsage);
    if (topic !== undefined && !Object.hasOwn(commands, topic)) throw new UsageError(`unknown command "${topic}"`, mainUsage);
    return printUsage((topic && commandUsages[topic]) ?? mainUsage);
  }
  const run = Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (!run) throw new UsageError(`unknown command "${command}"`, mainUsage);
  return run({ args: leading.help ? ['--help', ...rest] : rest, dataDir: leading['data-dir'] });
}

function reportError(error: unknown, debug: boolean): number {
  if (error instanceof UsageError) {
    process.stderr.write(`enclave: ${error.message}\n\n${error.usage}\n`);
    return exitCodes.usage;
  }
  process.stderr.write(`enclave: ${toAppError(error).message}\n`);
  if (debug) process.stderr.write(`${describeForDebugging(error)}\n`);
  return exitCodes.failure;
}

function describeForDebugging(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause === undefined ? '' : `\nCaused by: ${describeForDebugging(error.cause)}`;
  return `${error.stack ?? error.message}${cause}`;
}

/** Read before parsing, so a usage error or a failure in parsing itself can still be debugged. */
function wantsDebug(args: string[]): boolean {
  const terminator = args.indexOf('--');
  return (terminator === -1 ? args : args.slice(0, terminator)).includes('--debug');
}
