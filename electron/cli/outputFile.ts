import fs from 'node:fs';
import { EnclaveError } from '../core/errors.js';
import { displayPath } from './documentText.js';

/**
 * Writes an export (`--out <file>`) owner-only (0600) whatever the umask, as the pieces come, to
 * `<file>.partial`, then renames it: an interrupted export leaves no half file under the name. Only
 * the file is touched, never the folder the user chose (files/ownerOnly.ts; Windows uses the folder's ACL).
 */
export function writeFileWhole(file: string, pieces: Iterable<string>): void {
  const partial = `${file}.partial`;
  try {
    const descriptor = fs.openSync(partial, 'w', 0o600);
    try {
      if (process.platform !== 'win32') fs.fchmodSync(descriptor, 0o600);
      for (const piece of pieces) fs.writeSync(descriptor, piece);
    } finally {
      fs.closeSync(descriptor);
    }
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    if (error instanceof EnclaveError) throw error;
    throw new EnclaveError('io-error', `Could not write ${displayPath(file)}: ${(error as Error).message}`, { cause: error });
  }
}
