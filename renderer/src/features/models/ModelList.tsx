import type { LoadedModelInfo, ModelInfo } from '@shared/domain.js';
import { formatBytes, formatParameterCount } from '../../lib/format.js';
import { IntegrityBadge, storageLabels } from './IntegrityBadge.js';

interface ModelListProps {
  models: ModelInfo[];
  /** Ids of the models the machine policy does not approve: they are listed, but will not load. */
  unapproved: readonly string[];
  resident: LoadedModelInfo[];
  selectedId: string | null;
  onSelect: (modelId: string) => void;
}

/** Every model in the catalog, one row each: what it is, how big, where it lives, whether it is sound. */
export function ModelList({ models, unapproved, resident, selectedId, onSelect }: ModelListProps) {
  return (
    <ul className="library-list model-list" aria-label="Models in your library">
      {models.map((model) => {
        const loaded = resident.some((info) => info.modelId === model.id);
        return (
          <li key={model.id} className="model-list-item" data-integrity={model.integrity}>
            <button
              type="button"
              className="library-row model-row"
              aria-current={model.id === selectedId ? 'true' : undefined}
              onClick={() => onSelect(model.id)}
            >
              <span className="library-row-name">{model.name}</span>
              <span className="library-row-meta">
                <span>{model.quantization}</span>
                <span>{formatParameterCount(model.parameterCount)} parameters</span>
                <span>{formatBytes(model.sizeBytes)}</span>
                <span>{storageLabels[model.storage]}</span>
              </span>
              <span className="model-row-badges">
                <IntegrityBadge model={model} />
                {unapproved.includes(model.id) && (
                  <span className="badge badge-danger" data-approval="not-approved" title="The machine policy allows only approved models; this one will not load.">
                    Not approved by policy
                  </span>
                )}
                {model.purpose === 'embedding' && (
                  <span className="badge" data-purpose="embedding" title="Embeds documents for search; it does not chat, so the chat’s model picker leaves it out.">
                    Embedding
                  </span>
                )}
                {loaded && <span className="badge badge-accent">Loaded</span>}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
