import { exitCodes } from './errors.js';
import { printNotice } from './output.js';

export interface InterruptHandling {
  /** Whether Ctrl-C was pressed since `handleInterrupts`. */
  interrupted(): boolean;
  /** Puts Node's own Ctrl-C handling back; call it once the work has ended. */
  dispose(): void;
}

export interface InterruptOptions {
  /** What an abrupt exit may leave for the next start to tidy up, said before quitting. */
  quitNotice?: string;
  /** Saves what the work has done so far, synchronously, before the process quits abruptly. */
  saveProgress?: () => void;
}

/**
 * Ctrl-C during long work: the first asks `stop` to end it cleanly (core then leaves nothing half
 * done, and the command reports how it ended); a second quits at once with exit code 130. SIGTERM
 * and SIGHUP (the terminal closed, a service manager stopping it) and a closed stdout (`| head`)
 * quit at once too. Every abrupt quit first saves the work's progress (`saveProgress`), so a reply
 * that was printed is stored, and says `quitNotice` if given.
 */
export function handleInterrupts(stop: () => void, options: InterruptOptions = {}): InterruptHandling {
  let interrupted = false;
  const quit = (code: number) => {
    options.saveProgress?.();
    if (options.quitNotice) printNotice(options.quitNotice);
    process.exit(code);
  };
  const onInterrupt = () => {
    if (interrupted) quit(exitCodes.interrupted);
    interrupted = true;
    stop();
  };
  const onTerminate = () => quit(exitCodes.terminated);
  const onStdoutError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') quit(exitCodes.pipeClosed);
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onTerminate);
  process.on('SIGHUP', onTerminate);
  process.stdout.on('error', onStdoutError);
  return {
    interrupted: () => interrupted,
    dispose: () => {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onTerminate);
      process.off('SIGHUP', onTerminate);
      process.stdout.off('error', onStdoutError);
    },
  };
}
