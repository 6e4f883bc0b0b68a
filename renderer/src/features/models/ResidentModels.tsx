import { useState } from 'react';
import type { ModelInfo } from '@shared/domain.js';
import type { AppError } from '@shared/errors.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave, settle } from '../../lib/api.js';
import { formatTokenCount } from '../../lib/format.js';
import type { ModelRuntime } from './useModelRuntime.js';

/** Which models are in memory now, how they run, and a way to free each. */
export function ResidentModels({ runtime, models }: { runtime: ModelRuntime; models: ModelInfo[] }) {
  const [error, setError] = useState<AppError | null>(null);
  const nameOf = (modelId: string) => models.find((model) => model.id === modelId)?.name ?? modelId;
  const limit = runtime.settings?.maxResidentModels;

  async function unload(modelId: string) {
    const result = await settle(() => enclave().models.unload({ modelId }));
    setError(result.ok ? null : result.error);
    await runtime.refresh();
  }

  return (
    <section className="resident-models" aria-labelledby="resident-models-title">
      <h2 id="resident-models-title" className="details-heading">
        Loaded now
      </h2>
      {runtime.resident.length === 0 ? (
        <p className="muted">Nothing is loaded. A model loads when you chat with it or choose Load.</p>
      ) : (
        <ul className="resident-list">
          {runtime.resident.map((info) => (
            <li key={info.modelId}>
              <span className="resident-name">{nameOf(info.modelId)}</span>
              <span className="muted">
                {info.gpu ? `${info.gpu.toUpperCase()}, ${info.gpuLayers}/${info.totalLayers} layers` : 'CPU'} ·{' '}
                {formatTokenCount(info.contextSize)} tokens
              </span>
              <button type="button" className="button button-small" onClick={() => void unload(info.modelId)}>
                Unload<span className="visually-hidden"> {nameOf(info.modelId)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {limit !== undefined && (
        <p className="muted resident-limit">
          Up to {limit === 1 ? 'one model' : `${limit} models`} at a time; change this in Settings.
        </p>
      )}
      {error && <InlineAlert error={error} prefix="Could not unload" onDismiss={() => setError(null)} />}
    </section>
  );
}
