import fs from 'node:fs';
import path from 'node:path';
import { EnclaveError } from '../errors.js';
import { syncFile, syncFolder } from './atomicWrite.js';
import { ensureOwnerOnlyFile } from './ownerOnly.js';

/**
 * Writes an export to a file the user chose: owner-only (0600) from its first byte, as `<file>.partial`
 * beside it, flushed, then renamed over the name asked for, so a failed write never leaves half a file
 * there. Unlike writeFileAtomic, the folder is left as it is: it is the user's (Documents, a share).
 */
export function writeExportFile(file: string, content: string): void {
  const partial = `${file}.partial`;
  try {
    fs.rmSync(partial, { force: true });
    ensureOwnerOnlyFile(partial);
    fs.writeFileSync(partial, content);
    syncFile(partial);
    fs.renameSync(partial, file);
    syncFolder(path.dirname(file));
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw new EnclaveError('io-error', `Could not write ${file}: ${(error as Error).message}`, { cause: error });
  }
}
