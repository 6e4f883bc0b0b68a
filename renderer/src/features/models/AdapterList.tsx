import { useState } from 'react';
import type { AdapterInfo, ModelInfo } from '@shared/domain.js';
import type { AppError } from '@shared/errors.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave, settle } from '../../lib/api.js';
import { formatBytes } from '../../lib/format.js';

/** LoRA adapters on this model: attach (checked against the base by core), scale, remove. */
export function AdapterList({ model }: { model: ModelInfo }) {
  const [attaching, setAttaching] = useState(false);
  const [error, setError] = useState<{ prefix: string; error: AppError } | null>(null);

  async function attach() {
    setAttaching(true);
    const result = await settle(() => enclave().models.addAdapter({ modelId: model.id }));
    setAttaching(false);
    setError(result.ok ? null : { prefix: 'Could not attach that adapter', error: result.error });
  }

  async function remove(adapter: AdapterInfo) {
    const result = await settle(() => enclave().models.removeAdapter({ modelId: model.id, adapterId: adapter.id }));
    setError(result.ok ? null : { prefix: `Could not remove ${adapter.name}`, error: result.error });
  }

  return (
    <section className="inspector-section" aria-labelledby="adapters-title">
      <h3 id="adapters-title" className="details-heading">
        LoRA adapters
      </h3>
      {model.adapters.length === 0 ? (
        <p className="muted">None attached. An adapter is a small GGUF file that fine-tunes this model when it loads.</p>
      ) : (
        <ul className="adapter-list">
          {model.adapters.map((adapter) => (
            <AdapterRow
              key={`${adapter.id}:${adapter.scale}`}
              adapter={adapter}
              modelId={model.id}
              onError={setError}
              onRemove={() => void remove(adapter)}
            />
          ))}
        </ul>
      )}
      <div className="button-row">
        <button type="button" className="button" disabled={attaching} onClick={() => void attach()}>
          {attaching ? 'Checking the adapter…' : 'Attach adapter…'}
        </button>
      </div>
      {error && <InlineAlert error={error.error} prefix={error.prefix} onDismiss={() => setError(null)} />}
    </section>
  );
}

interface AdapterRowProps {
  adapter: AdapterInfo;
  modelId: string;
  onError: (error: { prefix: string; error: AppError } | null) => void;
  onRemove: () => void;
}

/** One adapter; the scale is saved when the slider is let go (or the number field is left). */
function AdapterRow({ adapter, modelId, onError, onRemove }: AdapterRowProps) {
  const [scale, setScale] = useState(adapter.scale);

  async function commit() {
    if (scale === adapter.scale) return;
    const result = await settle(() => enclave().models.updateAdapter({ modelId, adapterId: adapter.id, scale }));
    onError(result.ok ? null : { prefix: `Could not change the scale of ${adapter.name}`, error: result.error });
  }

  return (
    <li className="adapter-row">
      <div className="adapter-name">
        <span>{adapter.name}</span>
        <span className="muted">{formatBytes(adapter.sizeBytes)}</span>
      </div>
      <label className="adapter-scale">
        <span className="visually-hidden">Scale of {adapter.name}</span>
        <input
          type="range"
          min={0}
          max={2}
          step={0.05}
          value={scale}
          onChange={(event) => setScale(Number(event.target.value))}
          onPointerUp={() => void commit()}
          onKeyUp={() => void commit()}
        />
        <output className="adapter-scale-value">{scale.toFixed(2)}</output>
      </label>
      <button type="button" className="button button-small" onClick={onRemove}>
        Remove<span className="visually-hidden"> {adapter.name}</span>
      </button>
    </li>
  );
}
