/** What the entry point hands a command: its arguments and the global options written before it. */
export interface CommandContext {
  /** The arguments after the command name, for the command to parse. */
  args: string[];
  /** `--data-dir` when given before the command name; the command's own `--data-dir` wins. */
  dataDir: string | undefined;
}

/** A command or subcommand: parses its own arguments from the context, returns the exit code. */
export type Command = (context: CommandContext) => Promise<number>;
