import { useCallback, useMemo, useState } from 'react';
import type { EnclaveEvent, ModelCatalog, ModelInfo } from '@shared/domain.js';
import type { AppError } from '@shared/errors.js';
import { enclave } from '../../lib/api.js';
import { readPreference, writePreference } from '../../lib/storage.js';
import { useLiveQuery } from '../../lib/useLiveQuery.js';

const selectedModelKey = 'enclave.selectedModelId';
const listModels = () => enclave().models.list();
const catalogChanged = (event: EnclaveEvent) => event.type === 'models.changed';

export interface ModelCatalogState {
  /** null until the first scan arrives. */
  catalog: ModelCatalog | null;
  error: AppError | null;
  /** The models that can chat, for the chat's picker: embedding models (for document search) are left out. */
  chatModels: ModelInfo[];
  /** The model new messages go to: the remembered choice if it still exists and can chat, else the first that can. */
  selectedModel: ModelInfo | null;
  select: (modelId: string) => void;
  /** Scans the folders again, after the user copied a file in by hand. */
  refresh: () => Promise<void>;
}

/**
 * The models in the catalog, and which one chats use (remembered across restarts). Refreshed
 * whenever core says the catalog changed: an import, a verify, a setting saved, an adapter attached.
 */
export function useModelCatalog(): ModelCatalogState {
  const { value: catalog, error, reload: refresh } = useLiveQuery(listModels, catalogChanged);
  const [selectedId, setSelectedId] = useState<string | null>(() => readPreference(selectedModelKey));

  const select = useCallback((modelId: string) => {
    setSelectedId(modelId);
    writePreference(selectedModelKey, modelId);
  }, []);

  const chatModels = useMemo(() => (catalog?.models ?? []).filter(isChatModel), [catalog]);
  const selectedModel = chatModels.find((model) => model.id === selectedId) ?? chatModels[0] ?? null;
  return { catalog, error, chatModels, selectedModel, select, refresh };
}

/** Whether a model can write replies: an embedding model only turns text into vectors for document search. */
export function isChatModel(model: ModelInfo): boolean {
  return model.purpose === 'chat';
}

/** Whether core will load the model: a changed or missing file is refused until the user acts. */
export function canLoad(model: ModelInfo): boolean {
  return model.integrity === 'ok';
}
