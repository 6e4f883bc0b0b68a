import { useState } from 'react';
import type { LoadedModelInfo } from '../../../../electron/shared/domain.js';
import type { AppError } from '../../../../electron/shared/errors.js';
import { useEnclaveEvents } from '../../lib/useEnclaveEvents.js';

export interface ModelRuntime {
  /** Set while a model loads; progress is a fraction from 0 to 1. */
  loading: { modelId: string; progress: number } | null;
  /** How the last loaded model runs (CPU or GPU, threads, context). */
  loaded: LoadedModelInfo | null;
  failure: { modelId: string; error: AppError } | null;
}

/** Follows the model host through core's events: loading progress, what is loaded, what failed. */
export function useModelRuntime(): ModelRuntime {
  const [runtime, setRuntime] = useState<ModelRuntime>({ loading: null, loaded: null, failure: null });

  useEnclaveEvents((event) => {
    switch (event.type) {
      case 'model.loading':
        setRuntime((current) => ({ ...current, loading: { modelId: event.modelId, progress: event.progress }, failure: null }));
        return;
      case 'model.loaded':
        setRuntime({ loading: null, loaded: event.info, failure: null });
        return;
      case 'model.load-failed':
        setRuntime({ loading: null, loaded: null, failure: { modelId: event.modelId, error: event.error } });
        return;
      default:
        return;
    }
  });

  return runtime;
}
