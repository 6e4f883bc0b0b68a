import type { ReactNode } from 'react';
import type { ModelInfo } from '@shared/domain.js';
import type { PresetInfo } from '@shared/presetDefinitions.js';
import { samplingFields, type SamplingField } from './presetDraft.js';

const samplingNames: Record<SamplingField, string> = {
  temperature: 'Temperature',
  topP: 'Top-p',
  topK: 'Top-k',
  minP: 'Min-p',
  repeatPenalty: 'Repeat penalty',
  maxTokens: 'Max tokens',
  seed: 'Seed',
};

interface BuiltinPresetProps {
  preset: PresetInfo;
  models: ModelInfo[];
  /** Duplicate to edit, Export. */
  children: ReactNode;
}

/**
 * A built-in assistant, as text: it cannot be changed, so nothing here looks like a field. Its
 * settings are read, and "Duplicate to edit" makes a copy of yours with the form.
 */
export function BuiltinPreset({ preset, models, children }: BuiltinPresetProps) {
  const sampling = samplingFields.filter((field) => preset.sampling[field] !== undefined);
  const model = preset.defaultModel ? (models.find((candidate) => candidate.id === preset.defaultModel)?.name ?? `${preset.defaultModel} (not on this computer)`) : null;
  return (
    <div className="builtin-preset" aria-label={`Assistant ${preset.name}`} role="group">
      {preset.description && <p className="builtin-preset-description">{preset.description}</p>}
      <dl className="builtin-preset-facts">
        <div className="builtin-preset-fact builtin-preset-fact-block">
          <dt>System prompt</dt>
          <dd className="builtin-preset-prompt">{preset.systemPrompt || <span className="muted">None</span>}</dd>
        </div>
        <div className="builtin-preset-fact">
          <dt>Sampling</dt>
          <dd>
            {sampling.length === 0
              ? 'The model’s defaults'
              : sampling.map((field) => `${samplingNames[field]} ${String(preset.sampling[field])}`).join(' · ')}
          </dd>
        </div>
        <div className="builtin-preset-fact">
          <dt>Default model</dt>
          <dd>{model ?? 'The chat’s choice'}</dd>
        </div>
        {preset.defaultCollections.length > 0 && (
          <div className="builtin-preset-fact">
            <dt>Default collections</dt>
            <dd>{preset.defaultCollections.join(', ')}</dd>
          </div>
        )}
        {preset.jsonSchema && (
          <div className="builtin-preset-fact builtin-preset-fact-block">
            <dt>JSON Schema for replies</dt>
            <dd>
              <pre className="builtin-preset-schema">{JSON.stringify(preset.jsonSchema, null, 2)}</pre>
            </dd>
          </div>
        )}
      </dl>
      <div className="form-actions">{children}</div>
    </div>
  );
}
