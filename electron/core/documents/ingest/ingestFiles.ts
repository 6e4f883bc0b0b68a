import type { AppError } from '../../../shared/errors.js';
import { toAppError } from '../../errors.js';
import { type IngestDeps, ingestDocument } from './ingestDocument.js';

/** What became of one file of a batch. */
export type IngestOutcome =
  | { filePath: string; status: 'indexed' | 'duplicate'; documentId: string; chunkCount: number }
  | { filePath: string; status: 'failed'; error: AppError }
  /** The batch was cancelled before or while this file was read; nothing of it was kept. */
  | { filePath: string; status: 'cancelled' };

/**
 * Ingests files one after another into a collection, listing every file's outcome in order. A file
 * that fails is recorded with its error and the batch goes on; cancelling (`deps.signal`) stops the
 * batch, and the file in progress and every later one come back as `cancelled`.
 */
export async function ingestFiles(deps: IngestDeps, filePaths: readonly string[], collectionId: string): Promise<IngestOutcome[]> {
  const outcomes: IngestOutcome[] = [];
  for (const filePath of filePaths) {
    if (deps.signal?.aborted) {
      outcomes.push({ filePath, status: 'cancelled' });
      continue;
    }
    try {
      outcomes.push({ filePath, ...(await ingestDocument(deps, filePath, collectionId)) });
    } catch (error) {
      const appError = toAppError(error);
      outcomes.push(
        appError.code === 'import-cancelled' && deps.signal?.aborted
          ? { filePath, status: 'cancelled' }
          : { filePath, status: 'failed', error: appError },
      );
    }
  }
  return outcomes;
}
