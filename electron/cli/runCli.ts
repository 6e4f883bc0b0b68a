/**
 * The `enclave` command's dispatcher: one command line in, one exit code out. Exit codes: 0 success,
 * 1 error (one line on stderr, a stack trace only with --debug), 2 usage error (with the usage), 130
 * stopped with Ctrl-C. Two entries run it: index.ts (`npm run cli`, plain Node) and the installed
 * app's `Enclave --cli` (runInstalledCli below).
 */
import { toAppError } from '../core/errors.js';
import { splitCommand } from './args.js';
import { type CliHost, cliVersion, useCliHost } from './cliHost.js';
import type { Command } from './commands/context.js';
import { exitCodes, UsageError } from './errors.js';
import { printUsage } from './output.js';
import { configureKeySources } from './keySources.js';
import { commandUsages, mainUsage } from './usage.js';

/**
 * Each command is imported when it runs, not before: a command module pulls in core (the database,
 * every feature's handlers, the remote client), which `--version`, `help` and a usage error never need,
 * and one command never needs another's modules.
 */
const commands: Record<string, () => Promise<Command>> = {
  endpoints: async () => (await import('./commands/endpoints.js')).endpointsCommand,
  usage: async () => (await import('./commands/usage.js')).usageCommand,
  policy: async () => (await import('./commands/policy.js')).policyCommand,
  dlp: async () => (await import('./commands/dlp.js')).dlpCommand,
  models: async () => (await import('./commands/models.js')).modelsCommand,
  hardware: async () => (await import('./commands/hardware.js')).hardwareCommand,
  settings: async () => (await import('./commands/settings.js')).settingsCommand,
  chat: async () => (await import('./commands/chat.js')).chatCommand,
  chats: async () => (await import('./commands/chats.js')).chatsCommand,
  search: async () => (await import('./commands/search.js')).searchCommand,
  docs: async () => (await import('./commands/docs.js')).docsCommand,
  collections: async () => (await import('./commands/collections.js')).collectionsCommand,
  'search-docs': async () => (await import('./commands/searchDocs.js')).searchDocsCommand,
  ask: async () => (await import('./commands/ask.js')).askCommand,
  extract: async () => (await import('./commands/extract.js')).extractCommand,
  storage: async () => (await import('./commands/storage.js')).storageCommand,
  backup: async () => (await import('./commands/backup.js')).backupCommand,
  restore: async () => (await import('./commands/backup.js')).restoreCommand,
  audit: async () => (await import('./commands/audit.js')).auditCommand,
  serve: async () => (await import('./commands/serve.js')).serveCommand,
  prompt: async () => (await import('./commands/prompt.js')).promptCommand,
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
  const load = Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (!load) throw new UsageError(`unknown command "${command}"`, mainUsage);
  const run = await load();
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
