import { useCallback, useEffect, useState } from 'react';
import type { ModelCatalog, ModelInfo } from '../../../../electron/shared/domain.js';
import type { AppError } from '../../../../electron/shared/errors.js';
import { enclave, settle } from '../../lib/api.js';
import { readPreference, writePreference } from '../../lib/storage.js';
import { useEnclaveEvents } from '../../lib/useEnclaveEvents.js';

const selectedModelKey = 'enclave.selectedModelId';

export interface ModelCatalogState {
  /** null until the first scan arrives. */
  catalog: ModelCatalog | null;
  error: AppError | null;
  /** The model new messages go to: the remembered choice if it still exists, else the first model. */
  selectedModel: ModelInfo | null;
  select(modelId: string): void;
  /** Scans the folders again, after the user copied a file in by hand. */
  refresh(): Promise<void>;
}

/**
 * The models in the catalog, and which one chats use (remembered across restarts). Refreshed
 * whenever core says the catalog changed: an import, a verify, a setting saved, an adapter attached.
 */
export function useModelCatalog(): ModelCatalogState {
  const [catalog, setCatalog] = useState<ModelCatalog | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(() => readPreference(selectedModelKey));

  const refresh = useCallback(
    () =>
      settle(() => enclave().models.list()).then((result) => {
        if (result.ok) setCatalog(result.value);
        setError(result.ok ? null : result.error);
      }),
    [],
  );

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEnclaveEvents((event) => {
    if (event.type === 'models.changed') void refresh();
  });

  const select = useCallback((modelId: string) => {
    setSelectedId(modelId);
    writePreference(selectedModelKey, modelId);
  }, []);

  const models = catalog?.models ?? [];
  const selectedModel = models.find((model) => model.id === selectedId) ?? models[0] ?? null;
  return { catalog, error, selectedModel, select, refresh };
}

/** Whether core will load the model: a changed or missing file is refused until the user acts. */
export function canLoad(model: ModelInfo): boolean {
  return model.integrity === 'ok';
}
