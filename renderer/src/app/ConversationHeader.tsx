import type { ReactNode } from 'react';
import { ModelLoadStatus } from '../features/models/ModelLoadStatus.js';
import { ModelPicker } from '../features/models/ModelPicker.js';
import type { ModelCatalogState } from '../features/models/useModelCatalog.js';
import type { ModelRuntime } from '../features/models/useModelRuntime.js';
import { useRemoteModelsAvailable } from '../features/remote/RemoteModelOptions.js';

interface ConversationHeaderProps {
  title: string;
  models: ModelCatalogState;
  runtime: ModelRuntime;
  detailsOpen: boolean;
  onToggleDetails: () => void;
  onOpenModels: (modelId: string) => void;
  /** The chat's assistant (preset) picker, before the model picker. */
  assistantPicker?: ReactNode;
}

/** The bar above the conversation: the chat's title, the model picker and its status, the details toggle. */
export function ConversationHeader({ title, models, runtime, detailsOpen, onToggleDetails, onOpenModels, assistantPicker }: ConversationHeaderProps) {
  const available = models.catalog?.models ?? [];
  const selected = models.selectedModel;
  const remoteAvailable = useRemoteModelsAvailable();
  return (
    <header className="conversation-header">
      <h1 className="conversation-title">{title}</h1>
      <div className="conversation-tools">
        {assistantPicker}
        {(available.length > 0 || remoteAvailable) && <ModelPicker models={available} selected={selected} onSelect={models.select} />}
        <button
          type="button"
          className="button button-quiet"
          aria-expanded={detailsOpen}
          aria-controls="details-pane"
          onClick={onToggleDetails}
        >
          {detailsOpen ? 'Hide details' : 'Show details'}
        </button>
      </div>
      <div className="conversation-status">
        {selected && selected.integrity !== 'ok' && (
          <div className="model-flag" role="alert">
            <span>
              {selected.integrity === 'changed'
                ? `${selected.name} changed since it was imported, so it will not load until you accept the new file.`
                : `The file of ${selected.name} is missing, so it cannot load.`}
            </span>
            <button type="button" className="button button-small" onClick={() => onOpenModels(selected.id)}>
              Open in Models
            </button>
          </div>
        )}
        <ModelLoadStatus runtime={runtime} models={available} />
      </div>
    </header>
  );
}
