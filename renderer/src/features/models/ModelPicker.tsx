import type { ModelInfo } from '@shared/domain.js';
import { baseModelNote, isBaseModel } from '@shared/models.js';
import { RemoteModelOptions, useHasRemoteModels } from '../remote/RemoteModelOptions.js';
import { useRemote } from '../remote/RemoteProvider.js';
import { parseRemoteOptionValue, remoteOptionValue } from '../remote/remoteTarget.js';
import './models.css';

interface ModelPickerProps {
  models: ModelInfo[];
  selected: ModelInfo | null;
  onSelect: (modelId: string) => void;
}

const flags: Record<ModelInfo['integrity'], string> = {
  ok: '',
  changed: ' — changed, will not load',
  missing: ' — file missing',
};

/**
 * A native select of the models found: keyboard and screen-reader friendly for free. Where the
 * machine policy allows remote endpoints, their models follow in a group per endpoint.
 */
export function ModelPicker({ models, selected, onSelect }: ModelPickerProps) {
  const remote = useRemote();
  const grouped = useHasRemoteModels();
  const local = models.map((model) => (
    <option key={model.id} value={model.id}>
      {model.name}
      {flags[model.integrity]}
      {isBaseModel(model) && ` — ${baseModelNote}`}
    </option>
  ));
  return (
    <label className="model-picker" data-integrity={remote?.selected ? 'ok' : selected?.integrity}>
      <span className="visually-hidden">Model</span>
      <select
        className="text-input"
        value={remote?.selected ? remoteOptionValue(remote.selected) : (selected?.id ?? '')}
        onChange={(event) => {
          const target = parseRemoteOptionValue(event.target.value);
          remote?.select(target);
          if (!target) onSelect(event.target.value);
        }}
      >
        {!remote?.selected && !selected && (
          <option value="" disabled>
            Pick a model
          </option>
        )}
        {grouped ? models.length > 0 && <optgroup label="On this computer">{local}</optgroup> : local}
        <RemoteModelOptions />
      </select>
    </label>
  );
}
