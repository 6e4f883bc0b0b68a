import { useCallback, useEffect, useState } from 'react';
import type { CollectionInfo } from '../../../../electron/shared/documents.js';
import type { AppError, Result } from '../../../../electron/shared/errors.js';
import { enclave, settle } from '../../lib/api.js';
import { useEnclaveEvents } from '../../lib/useEnclaveEvents.js';

export interface Collections {
  /** Every collection, chat-owned ones included; null until the first list arrives. */
  all: CollectionInfo[] | null;
  error: AppError | null;
  create(name: string): Promise<Result<CollectionInfo>>;
  rename(collectionId: string, name: string): Promise<Result<CollectionInfo>>;
  remove(collectionId: string): Promise<Result<{ collectionId: string }>>;
}

/** The document collections, refreshed whenever core says they changed (an import, a rename, a chat deleted). */
export function useCollections(): Collections {
  const [all, setAll] = useState<CollectionInfo[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const refresh = useCallback(
    () =>
      settle(() => enclave().collections.list()).then((result) => {
        if (result.ok) setAll(result.value);
        setError(result.ok ? null : result.error);
      }),
    [],
  );

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEnclaveEvents((event) => {
    if (event.type === 'collections.changed') void refresh();
  });

  const afterChange = useCallback(
    async <T>(result: Result<T>) => {
      if (result.ok) await refresh();
      return result;
    },
    [refresh],
  );

  return {
    all,
    error,
    create: useCallback(async (name: string) => afterChange(await settle(() => enclave().collections.create({ name }))), [afterChange]),
    rename: useCallback(
      async (collectionId: string, name: string) =>
        afterChange(await settle(() => enclave().collections.rename({ collectionId, name }))),
      [afterChange],
    ),
    remove: useCallback(
      async (collectionId: string) => afterChange(await settle(() => enclave().collections.remove({ collectionId }))),
      [afterChange],
    ),
  };
}

/** Collections the user made, as opposed to the ones holding files dropped into a chat. */
export function isLibraryCollection(collection: CollectionInfo): boolean {
  return collection.chatId === null;
}
