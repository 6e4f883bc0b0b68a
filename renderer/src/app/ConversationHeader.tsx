import type { ReactNode } from 'react';
import { Icon } from '../components/Icon.js';
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

/**
 * The bar above the conversation (the chat's title, the pickers, the details toggle), one header
 * height like every view's, and under it the model's status when there is one to show. When the
 * window narrows the pickers shrink first and the toggle drops its words; the title shrinks last.
 */
export function ConversationHeader({ title, models, runtime, detailsOpen, onToggleDetails, onOpenModels, assistantPicker }: ConversationHeaderProps) {
  const available = models.chatModels;
  const selected = models.selectedModel;
  const remoteAvailable = useRemoteModelsAvailable();
  return (
    <>
      <header className="view-header conversation-header">
        <h1 className="conversation-title" title={title}>
          {title}
        </h1>
        <div className="conversation-tools">
          {assistantPicker}
          {(available.length > 0 || remoteAvailable) && <ModelPicker models={available} selected={selected} onSelect={models.select} />}
          <button
            type="button"
            className="button button-quiet details-toggle"
            aria-expanded={detailsOpen}
            aria-controls="details-pane"
            title={detailsOpen ? 'Hide details' : 'Show details'}
            onClick={onToggleDetails}
          >
            <Icon name="panel" />
            <span className="details-toggle-label">{detailsOpen ? 'Hide details' : 'Show details'}</span>
          </button>
        </div>
      </header>
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
    </>
  );
}
