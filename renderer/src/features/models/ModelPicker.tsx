import type { ModelInfo } from '../../../../electron/shared/domain.js';
import './models.css';

interface ModelPickerProps {
  models: ModelInfo[];
  selected: ModelInfo | null;
  onSelect(modelId: string): void;
}

const flags: Record<ModelInfo['integrity'], string> = {
  ok: '',
  changed: ' — changed, will not load',
  missing: ' — file missing',
};

/** A native select of the models found: keyboard and screen-reader friendly for free. */
export function ModelPicker({ models, selected, onSelect }: ModelPickerProps) {
  return (
    <label className="model-picker" data-integrity={selected?.integrity}>
      <span className="visually-hidden">Model</span>
      <select value={selected?.id ?? ''} onChange={(event) => onSelect(event.target.value)}>
        {models.map((model) => (
          <option key={model.id} value={model.id}>
            {model.name}
            {flags[model.integrity]}
          </option>
        ))}
      </select>
    </label>
  );
}
