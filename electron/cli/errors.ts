/**
 * A mistake in how the command was typed (unknown command or option, missing argument, bad number).
 * The CLI answers it with exit code 2 and the usage of the command concerned, never a stack trace.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';

  constructor(
    message: string,
    /** The usage text to print under the message: the command's own, or the overview. */
    readonly usage: string,
  ) {
    super(message);
  }
}

/** Exit codes, as scripts and shells expect them. */
export const exitCodes = {
  ok: 0,
  failure: 1,
  usage: 2,
  /** 128 + SIGINT, what a shell reports for a command stopped with Ctrl-C. */
  interrupted: 130,
  /** 128 + SIGTERM: stopped by the system or a service manager (SIGHUP, a closed terminal, exits the same). */
  terminated: 143,
  /** 128 + SIGPIPE: whoever read the output stopped reading (`| head`). */
  pipeClosed: 141,
} as const;
