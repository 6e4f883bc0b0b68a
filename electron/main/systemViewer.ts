import type { Shell } from 'electron';
import { EnclaveError } from '../core/errors.js';

/**
 * Opens a file in the application the system uses for its type (Electron's shell.openPath). Core
 * calls this only with a document's stored path, after checking it is still the file that was
 * indexed; a window never names the path. shell.openPath answers with an error message rather than
 * rejecting: an empty string means it opened.
 */
export function openInSystemViewer(shell: Pick<Shell, 'openPath'>): (filePath: string) => Promise<void> {
  return async (filePath) => {
    const failure = await shell.openPath(filePath);
    if (failure) throw new EnclaveError('io-error', `The system could not open the file: ${failure}`);
  };
}
