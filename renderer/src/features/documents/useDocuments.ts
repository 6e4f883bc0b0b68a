import { useCallback } from 'react';
import type { DocumentInfo } from '@shared/documents.js';
import type { AppError, Result } from '@shared/errors.js';
import { enclave } from '../../lib/api.js';
import { useLiveQuery } from '../../lib/useLiveQuery.js';

export interface CollectionDocuments {
  /** null until the first list arrives. */
  documents: DocumentInfo[] | null;
  error: AppError | null;
  remove: (documentId: string) => Promise<Result<{ documentId: string }>>;
}

/** One collection's documents, refreshed as imports and re-indexing change them. Mount with `key={collectionId}`. */
export function useDocuments(collectionId: string): CollectionDocuments {
  const listDocuments = useCallback(() => enclave().documents.list({ collectionId }), [collectionId]);
  const { value: documents, error, change } = useLiveQuery(
    listDocuments,
    (event) => event.type === 'documents.changed' && event.collectionId === collectionId,
  );
  return {
    documents,
    error,
    remove: useCallback((documentId: string) => change(() => enclave().documents.remove({ documentId })), [change]),
  };
}
