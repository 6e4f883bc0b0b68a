import type { DocumentImportOutcome } from '../../../shared/documents.js';
import { toAppError } from '../../errors.js';
import { type IngestDeps, ingestDocument } from './ingestDocument.js';

/**
 * Ingests files one after another into a collection, listing every file's outcome in order. A file
 * that fails is recorded with its error and the batch goes on; cancelling (`deps.signal`) stops the
 * batch, and the file in progress and every later one come back as `cancelled`.
 */
export async function ingestFiles(deps: IngestDeps, filePaths: readonly string[], collectionId: string): Promise<DocumentImportOutcome[]> {
  const outcomes: DocumentImportOutcome[] = [];
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
