import { useCallback, useEffect, useState } from 'react';
import type { DocumentInfo } from '../../../../electron/shared/documents.js';
import type { AppError, Result } from '../../../../electron/shared/errors.js';
import { enclave, settle } from '../../lib/api.js';
import { useEnclaveEvents } from '../../lib/useEnclaveEvents.js';

export interface CollectionDocuments {
  /** null until the first list arrives. */
  documents: DocumentInfo[] | null;
  error: AppError | null;
  remove(documentId: string): Promise<Result<{ documentId: string }>>;
}

/** One collection's documents, refreshed as imports and re-indexing change them. Mount with `key={collectionId}`. */
export function useDocuments(collectionId: string): CollectionDocuments {
  const [documents, setDocuments] = useState<DocumentInfo[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const refresh = useCallback(
    () =>
      settle(() => enclave().documents.list({ collectionId })).then((result) => {
        if (result.ok) setDocuments(result.value);
        setError(result.ok ? null : result.error);
      }),
    [collectionId],
  );

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEnclaveEvents((event) => {
    if (event.type === 'documents.changed' && event.collectionId === collectionId) void refresh();
  });

  return {
    documents,
    error,
    remove: useCallback(
      async (documentId: string) => {
        const result = await settle(() => enclave().documents.remove({ documentId }));
        if (result.ok) await refresh();
        return result;
      },
      [refresh],
    ),
  };
}
