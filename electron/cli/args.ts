import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './errors.js';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** Options every command accepts, before or after its name. */
export const globalOptions = {
  'data-dir': { type: 'string' },
  // Read by keySources.ts from the whole command line; here so every command accepts them.
  'passphrase-file': { type: 'string' },
  'recovery-key-file': { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionsConfig;

const leadingOptions = { ...globalOptions, version: { type: 'boolean' } } as const satisfies OptionsConfig;

export interface SplitCommand {
  /** The global options written before the command name. */
  leading: { 'data-dir'?: string | undefined; 'passphrase-file'?: string | undefined; 'recovery-key-file'?: string | undefined; debug?: boolean | undefined; help?: boolean | undefined; version?: boolean | undefined };
  command: string | undefined;
  /** Everything after the command name, for the command to parse with its own options. */
  rest: string[];
}

/**
 * Finds the command name: the first word that is not a global option or its value. What comes before
 * it must be global options only (so `enclave --model x chat` is an error, not a command named "x").
 */
export function splitCommand(args: string[], usage: string): SplitCommand {
  const { tokens } = parseArgs({ args, options: leadingOptions, strict: false, allowPositionals: true, tokens: true });
  const first = tokens.find((token) => token.kind === 'positional');
  const end = first?.index ?? args.length;
  const { values } = strictParse({ args: args.slice(0, end), options: leadingOptions, strict: true }, usage);
  return { leading: values, command: first?.value, rest: args.slice(end + 1) };
}

export interface SplitSubcommand {
  /** The subcommand word (`list` in `enclave models list`), if any. */
  name: string | undefined;
  /** The arguments without the subcommand word, for the subcommand to parse with its own options. */
  rest: string[];
  /** `--help` or `-h` was given anywhere (before a `--`). */
  help: boolean;
}

/**
 * Finds a command's subcommand: its first positional word, global options may come before it
 * (`enclave models --data-dir d list`). The subcommand then parses the rest strictly.
 */
export function splitSubcommand(args: string[]): SplitSubcommand {
  const { tokens } = parseArgs({ args, options: globalOptions, strict: false, allowPositionals: true, tokens: true });
  const first = tokens.find((token) => token.kind === 'positional');
  const help = tokens.some((token) => token.kind === 'option' && token.name === 'help');
  if (!first) return { name: undefined, rest: args, help };
  return { name: first.value, rest: [...args.slice(0, first.index), ...args.slice(first.index + 1)], help };
}

type CommandConfig<O extends OptionsConfig> = {
  args: string[];
  options: typeof globalOptions & O;
  strict: true;
  allowPositionals: true;
};

/** A command's parsed arguments: typed values for its options and the global ones, and positionals. */
export type ParsedCommand<O extends OptionsConfig> = ReturnType<typeof parseArgs<CommandConfig<O>>>;

/** Parses a command's arguments strictly: its own options, the global ones, and positionals. */
export function parseCommand<const O extends OptionsConfig>(args: string[], options: O, usage: string): ParsedCommand<O> {
  return strictParse({ args, options: { ...globalOptions, ...options }, strict: true, allowPositionals: true }, usage);
}

function strictParse<const T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(describeParseError(error), usage);
  }
}

/** Node's messages carry a long hint about `--`; the first sentence says what is wrong. */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstSentence = message.split(/\.\s/)[0] ?? message;
  return firstSentence.replace(/\.$/, '');
}

/** A whole number of at least 1, or a usage error naming the option. */
export function positiveInteger(option: string, raw: string | undefined, usage: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`--${option} must be a whole number of at least 1, not "${raw}"`, usage);
  }
  return value;
}

/** A sampling temperature between 0 and 2, or a usage error. */
export function temperature(raw: string | undefined, usage: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 2) {
    throw new UsageError(`--temperature must be a number from 0 to 2, not "${raw}"`, usage);
  }
  return value;
}

/** `auto`, or a whole number (of at least `minimum`), for a setting Enclave can choose itself. */
export function autoOrInteger(option: string, raw: string | undefined, usage: string, minimum = 1): 'auto' | number | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim().toLowerCase() === 'auto') return 'auto';
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < minimum) {
    const least = minimum === 0 ? 'a whole number' : `a whole number of at least ${minimum}`;
    throw new UsageError(`--${option} must be "auto" or ${least}, not "${raw}"`, usage);
  }
  return value;
}

/** `on` or `off` (also yes/no, true/false), or a usage error. */
export function onOff(option: string, raw: string | undefined, usage: string): boolean | undefined {
  if (raw === undefined) return undefined;
  const word = raw.trim().toLowerCase();
  if (['on', 'yes', 'true'].includes(word)) return true;
  if (['off', 'no', 'false'].includes(word)) return false;
  throw new UsageError(`--${option} must be "on" or "off", not "${raw}"`, usage);
}

/** `auto`, or on/off as `onOff` reads them. */
export function onOffAuto(option: string, raw: string | undefined, usage: string): boolean | 'auto' | undefined {
  if (raw?.trim().toLowerCase() === 'auto') return 'auto';
  try {
    return onOff(option, raw, usage);
  } catch {
    throw new UsageError(`--${option} must be "auto", "on" or "off", not "${raw ?? ''}"`, usage);
  }
}

/** A LoRA adapter scale from 0 (switched off) to 4, or a usage error. */
export function adapterScale(raw: string | undefined, usage: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 4) {
    throw new UsageError(`the adapter scale must be a number from 0 to 4, not "${raw}"`, usage);
  }
  return value;
}

/** A whole number from `minimum` to `maximum`, or a usage error naming the option and the range. */
export function integerInRange(option: string, raw: string | undefined, minimum: number, maximum: number, usage: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < minimum || value > maximum) {
    throw new UsageError(`--${option} must be a whole number from ${minimum} to ${maximum}, not "${raw}"`, usage);
  }
  return value;
}

/** Checks a subcommand got between `minimum` and `maximum` operands; `form` is how to write it. */
export function expectOperands(operands: string[], minimum: number, maximum: number, form: string, usage: string): string[] {
  if (operands.length < minimum) throw new UsageError(`missing argument: enclave ${form}`, usage);
  if (operands.length > maximum) throw new UsageError(`unexpected argument "${operands[maximum]}"`, usage);
  return operands;
}
