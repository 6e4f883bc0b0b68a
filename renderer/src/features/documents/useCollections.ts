import { useCallback } from 'react';
import type { CollectionInfo } from '@shared/documents.js';
import type { EnclaveEvent } from '@shared/domain.js';
import type { AppError, Result } from '@shared/errors.js';
import { enclave } from '../../lib/api.js';
import { useLiveQuery } from '../../lib/useLiveQuery.js';

export interface Collections {
  /** Every collection, chat-owned ones included; null until the first list arrives. */
  all: CollectionInfo[] | null;
  error: AppError | null;
  create: (name: string) => Promise<Result<CollectionInfo>>;
  rename: (collectionId: string, name: string) => Promise<Result<CollectionInfo>>;
  remove: (collectionId: string) => Promise<Result<{ collectionId: string }>>;
}

const listCollections = () => enclave().collections.list();
const collectionsChanged = (event: EnclaveEvent) => event.type === 'collections.changed';

/** The document collections, refreshed whenever core says they changed (an import, a rename, a chat deleted). */
export function useCollections(): Collections {
  const { value: all, error, change } = useLiveQuery(listCollections, collectionsChanged);
  return {
    all,
    error,
    create: useCallback((name: string) => change(() => enclave().collections.create({ name })), [change]),
    rename: useCallback(
      (collectionId: string, name: string) => change(() => enclave().collections.rename({ collectionId, name })),
      [change],
    ),
    remove: useCallback((collectionId: string) => change(() => enclave().collections.remove({ collectionId })), [change]),
  };
}

/** Collections the user made, as opposed to the ones holding files dropped into a chat. */
export function isLibraryCollection(collection: CollectionInfo): boolean {
  return collection.chatId === null;
}
