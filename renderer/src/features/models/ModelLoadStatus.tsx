import type { ModelInfo } from '@shared/domain.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { formatPercent } from '../../lib/format.js';
import type { ModelRuntime } from './useModelRuntime.js';

interface ModelLoadStatusProps {
  runtime: ModelRuntime;
  models: ModelInfo[];
}

/** "Loading <model>… 40%" while a model loads, or why it failed; nothing once it runs. */
export function ModelLoadStatus({ runtime, models }: ModelLoadStatusProps) {
  const nameOf = (modelId: string) => models.find((model) => model.id === modelId)?.name ?? 'the model';
  if (runtime.loading) {
    const name = nameOf(runtime.loading.modelId);
    const percent = formatPercent(runtime.loading.progress);
    return (
      <div className="model-load-status" role="status">
        <span>
          Loading {name}… {percent}
        </span>
        <progress
          className="model-load-progress"
          aria-label={`Loading ${name}`}
          max={1}
          value={Math.min(1, Math.max(0, runtime.loading.progress))}
        />
      </div>
    );
  }
  if (runtime.failure) {
    return <InlineAlert error={runtime.failure.error} prefix={`Could not load ${nameOf(runtime.failure.modelId)}`} />;
  }
  return null;
}
