import { basename } from 'node:path';
import { EnclaveError } from '../../errors.js';

/** The file name as the user knows it; messages never show full paths. */
export function displayName(filePath: string): string {
  return basename(filePath);
}

export function cancelledError(filePath: string): EnclaveError {
  return new EnclaveError('import-cancelled', `Import of ${displayName(filePath)} was cancelled.`);
}

export function throwIfAborted(filePath: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError(filePath);
}

export function emptyError(filePath: string): EnclaveError {
  return new EnclaveError(
    'document-empty',
    `${displayName(filePath)} is empty: there is no text to import. Check that you picked the right file.`,
  );
}

export function corruptError(filePath: string, what: string, cause?: unknown): EnclaveError {
  return new EnclaveError(
    'document-corrupt',
    `${displayName(filePath)} is damaged: ${what}. Open it in the program that made it, save a new copy, and import that.`,
    { cause },
  );
}

export function missingError(filePath: string, cause?: unknown): EnclaveError {
  return new EnclaveError(
    'document-missing',
    `${displayName(filePath)} was moved or deleted while Enclave was reading it. Put it back, or import it from its new place.`,
    { cause },
  );
}

/** Maps file-system failures to document errors; anything else passes through unchanged. */
export function toDocumentError(filePath: string, error: unknown): unknown {
  if (error instanceof EnclaveError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return missingError(filePath, error);
  if (code === 'EISDIR') {
    return new EnclaveError('document-unsupported', `${displayName(filePath)} is a folder, not a file.`, { cause: error });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new EnclaveError(
      'io-error',
      `Enclave is not allowed to read ${displayName(filePath)}. Check the file's permissions and try again.`,
      { cause: error },
    );
  }
  return error;
}

/** More text than one document may yield (limits.ts). */
export function tooMuchTextError(filePath: string, limitChars: number): EnclaveError {
  return new EnclaveError(
    'document-too-large',
    `${displayName(filePath)} has more text than Enclave indexes from one document (over ${megaChars(limitChars)} million characters), so none of it was indexed. Split it into smaller files and import those.`,
  );
}

/** More chunks than one document may be indexed as (limits.ts). */
export function tooManyChunksError(filePath: string, limitChunks: number): EnclaveError {
  return new EnclaveError(
    'document-too-large',
    `${displayName(filePath)} makes more than ${limitChunks.toLocaleString('en-US')} passages, more than Enclave indexes from one document, so none of it was indexed. Split it into smaller files and import those.`,
  );
}

/** The reader process ran out of its memory allowance (or was stopped) while reading this file. */
export function tooMuchMemoryError(filePath: string, limitBytes: number): EnclaveError {
  return new EnclaveError(
    'document-too-large',
    `${displayName(filePath)} used more memory than allowed while being read (over ${Math.round(limitBytes / 2 ** 20)} MB), so Enclave stopped reading it and indexed none of it. If it is an ordinary document, save a new copy (or split it into smaller files) and import that.`,
  );
}

function megaChars(chars: number): string {
  return (chars / 1_000_000).toFixed(0);
}
