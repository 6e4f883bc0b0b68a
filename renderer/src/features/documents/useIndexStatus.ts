import { useCallback, useEffect, useRef, useState } from 'react';
import type { IndexStatus } from '@shared/documents.js';
import type { AppError } from '@shared/errors.js';
import { enclave, settle } from '../../lib/api.js';
import { useEnclaveEvents } from '../../lib/useEnclaveEvents.js';

/** How the last background re-index ended. */
export interface ReindexOutcome {
  embeddingModelId: string | null;
  reindexed: number;
  failed: number;
  error: AppError | null;
}

export interface IndexState {
  /** null until the first answer. */
  status: IndexStatus | null;
  error: AppError | null;
  lastReindex: ReindexOutcome | null;
  reload: () => Promise<void>;
}

/** Which embedding model the library is indexed with, and a background re-index as it runs. */
export function useIndexStatus(): IndexState {
  const [status, setStatus] = useState<IndexStatus | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [lastReindex, setLastReindex] = useState<ReindexOutcome | null>(null);
  // Core reports a run as going until just after its `reindex.finished`: an answer then is stale.
  const finishedFor = useRef<string | null | undefined>(undefined);

  const reload = useCallback(
    () =>
      settle(() => enclave().documents.indexStatus()).then((result) => {
        if (result.ok) {
          const over = result.value.reindex !== null && result.value.reindex.embeddingModelId === finishedFor.current;
          setStatus(over ? { ...result.value, reindex: null } : result.value);
        }
        setError(result.ok ? null : result.error);
      }),
    [],
  );

  useEffect(() => {
    void reload();
  }, [reload]);
  useEnclaveEvents((event) => {
    if (event.type === 'reindex.progress') {
      finishedFor.current = undefined;
      setLastReindex(null);
      setStatus((current) => ({
        embeddingModelId: event.progress.embeddingModelId,
        staleDocuments: current?.staleDocuments ?? 0,
        reindex: event.progress,
      }));
    } else if (event.type === 'reindex.finished') {
      const { embeddingModelId, reindexed, failed, error: failure } = event;
      finishedFor.current = embeddingModelId;
      setLastReindex({ embeddingModelId, reindexed, failed, error: failure });
      setStatus((current) => current && { ...current, reindex: null });
      void reload();
    } else if (event.type === 'collections.changed') {
      // An import's end (or a removal) changes what is stale; collections.changed comes with each.
      void reload();
    }
  });

  return { status, error, lastReindex, reload };
}
