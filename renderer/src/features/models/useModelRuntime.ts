import { useCallback, useEffect, useState } from 'react';
import type { AppSettings, LoadedModelInfo } from '@shared/domain.js';
import type { AppError } from '@shared/errors.js';
import { enclave, settle } from '../../lib/api.js';
import { useEnclaveEvents } from '../../lib/useEnclaveEvents.js';

export interface ModelRuntime {
  /** Set while a model loads; progress is a fraction from 0 to 1. */
  loading: { modelId: string; progress: number } | null;
  /** The models in memory now, least recently used first, as `models.runtime` reports them. */
  resident: LoadedModelInfo[];
  /** The app settings that bound residency (how many at once, idle unload). */
  settings: AppSettings | null;
  failure: { modelId: string; error: AppError } | null;
  /** Asks core again what is resident (after a load or unload this window started). */
  refresh: () => Promise<void>;
}

/** Follows the model host: what is resident (asked, then kept current by events), loading progress, failures. */
export function useModelRuntime(): ModelRuntime {
  const [loading, setLoading] = useState<ModelRuntime['loading']>(null);
  const [resident, setResident] = useState<LoadedModelInfo[]>([]);
  const [settings, setSettings] = useState<AppSettings | null>(null);
  const [failure, setFailure] = useState<ModelRuntime['failure']>(null);

  const refresh = useCallback(
    () =>
      settle(() => enclave().models.runtime()).then((result) => {
        if (!result.ok) return;
        setResident(result.value.loaded);
        setSettings(result.value.settings);
      }),
    [],
  );

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEnclaveEvents((event) => {
    switch (event.type) {
      case 'model.loading':
        setLoading({ modelId: event.modelId, progress: event.progress });
        setFailure(null);
        return;
      case 'model.loaded':
        setLoading(null);
        setFailure(null);
        void refresh();
        return;
      case 'model.load-failed':
        setLoading(null);
        setFailure({ modelId: event.modelId, error: event.error });
        return;
      case 'model.unloaded':
        void refresh();
        return;
      default:
        return;
    }
  });

  const finishLoading = useCallback(async () => {
    setLoading(null);
    await refresh();
  }, [refresh]);

  return { loading, resident, settings, failure, refresh: finishLoading };
}
