import { useCallback, useEffect, useState } from 'react';
import type { ModelCatalog, ModelInfo } from '../../../../electron/shared/domain.js';
import type { AppError, Result } from '../../../../electron/shared/errors.js';
import { enclave, settle } from '../../lib/api.js';
import { readPreference, writePreference } from '../../lib/storage.js';

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
  /** Opens the file dialog and adds the chosen file; resolves null when the user cancels. */
  importWithDialog(): Promise<Result<ModelInfo | null>>;
}

/** The models in the models folders, and which one is picked (remembered across restarts). */
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

  const select = useCallback((modelId: string) => {
    setSelectedId(modelId);
    writePreference(selectedModelKey, modelId);
  }, []);

  const importWithDialog = useCallback(async () => {
    const result = await settle(() => enclave().models.importWithDialog());
    if (result.ok && result.value) {
      select(result.value.id);
      await refresh();
    }
    return result;
  }, [refresh, select]);

  const models = catalog?.models ?? [];
  const selectedModel = models.find((model) => model.id === selectedId) ?? models[0] ?? null;
  return { catalog, error, selectedModel, select, refresh, importWithDialog };
}
