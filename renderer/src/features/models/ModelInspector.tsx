import type { ModelInfo } from '@shared/domain.js';
import { AdapterList } from './AdapterList.js';
import { IntegrityBadge } from './IntegrityBadge.js';
import { IntegrityNotice } from './IntegrityNotice.js';
import { ModelFacts } from './ModelFacts.js';
import { ModelMaintenance } from './ModelMaintenance.js';
import { ModelRunControls } from './ModelRunControls.js';
import { ModelSettingsForm } from './ModelSettingsForm.js';
import type { ModelRuntime } from './useModelRuntime.js';

interface ModelInspectorProps {
  model: ModelInfo;
  /** The whole library, to name a model that loading this one would unload. */
  models: ModelInfo[];
  runtime: ModelRuntime;
  onRemoved: () => void;
}

/** One model in full: what it is, how it runs here, its adapters, its file. */
export function ModelInspector({ model, models, runtime, onRemoved }: ModelInspectorProps) {
  const loaded = runtime.resident.some((info) => info.modelId === model.id);
  return (
    <article className="model-inspector" aria-labelledby="model-inspector-title">
      <header className="model-inspector-header">
        <h2 id="model-inspector-title">{model.name}</h2>
        <IntegrityBadge model={model} />
      </header>
      <IntegrityNotice model={model} />
      <ModelRunControls model={model} models={models} runtime={runtime} />
      <ModelSettingsForm key={model.id} model={model} loaded={loaded} />
      <AdapterList model={model} />
      <ModelFacts model={model} />
      <ModelMaintenance model={model} onRemoved={onRemoved} />
    </article>
  );
}
