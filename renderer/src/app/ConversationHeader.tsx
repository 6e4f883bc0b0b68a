import { ModelLoadStatus } from '../features/models/ModelLoadStatus.js';
import { ModelPicker } from '../features/models/ModelPicker.js';
import type { ModelCatalogState } from '../features/models/useModelCatalog.js';
import type { ModelRuntime } from '../features/models/useModelRuntime.js';

interface ConversationHeaderProps {
  title: string;
  models: ModelCatalogState;
  runtime: ModelRuntime;
  detailsOpen: boolean;
  onToggleDetails(): void;
}

/** The bar above the conversation: the chat's title, the model picker and its status, the details toggle. */
export function ConversationHeader({ title, models, runtime, detailsOpen, onToggleDetails }: ConversationHeaderProps) {
  const available = models.catalog?.models ?? [];
  return (
    <header className="conversation-header">
      <h1 className="conversation-title">{title}</h1>
      <div className="conversation-tools">
        {available.length > 0 && (
          <ModelPicker models={available} selected={models.selectedModel} onSelect={models.select} />
        )}
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
        <ModelLoadStatus runtime={runtime} models={available} />
      </div>
    </header>
  );
}
