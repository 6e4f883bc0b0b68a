import { exitCodes } from './errors.js';
import { printNotice } from './output.js';

export interface InterruptHandling {
  /** Whether Ctrl-C was pressed since `handleInterrupts`. */
  interrupted(): boolean;
  /** Puts Node's own Ctrl-C handling back; call it once the work has ended. */
  dispose(): void;
}

/**
 * Ctrl-C during long work: the first asks `stop` to end it cleanly (core then leaves nothing half
 * done, and the command reports how it ended); a second quits at once with exit code 130, after
 * `quitNotice` if given (what an abrupt exit may leave for the next start to tidy up).
 */
export function handleInterrupts(stop: () => void, quitNotice?: string): InterruptHandling {
  let interrupted = false;
  const onInterrupt = () => {
    if (interrupted) {
      if (quitNotice) printNotice(quitNotice);
      process.exit(exitCodes.interrupted);
    }
    interrupted = true;
    stop();
  };
  process.on('SIGINT', onInterrupt);
  return {
    interrupted: () => interrupted,
    dispose: () => process.off('SIGINT', onInterrupt),
  };
}
