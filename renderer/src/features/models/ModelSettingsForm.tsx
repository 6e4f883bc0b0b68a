import { type SubmitEvent, useId, useState } from 'react';
import { type ChatTemplateName, chatTemplateLabels, chatTemplateNames, type FlashAttentionMode, type ModelInfo } from '@shared/domain.js';
import type { AppError } from '@shared/errors.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave, settle } from '../../lib/api.js';
import { formatTokenCount } from '../../lib/format.js';
import { FitEstimateView } from './FitEstimateView.js';
import { fieldsFromSettings, numericSettings, parseFields, sameSettings, type NumericSetting } from './settingsFields.js';
import { type FitEstimateState, useFitEstimate } from './useFitEstimate.js';

interface ModelSettingsFormProps {
  model: ModelInfo;
  /** Whether the model is in memory now: saving unloads it so the new settings take effect. */
  loaded: boolean;
}

/** Per-model overrides (each `auto` when empty), with a live estimate of what they need. Mount with `key={model.id}`. */
export function ModelSettingsForm({ model, loaded }: ModelSettingsFormProps) {
  const [fields, setFields] = useState(() => fieldsFromSettings(model.settings));
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const parsed = parseFields(fields);
  const revision = JSON.stringify([model.sha256, model.adapters.map((adapter) => [adapter.id, adapter.scale])]);
  const fit = useFitEstimate(model.id, parsed.settings, revision);
  const dirty = parsed.settings === null || !sameSettings(parsed.settings, model.settings);
  // Thinking is read with each reply; any other change loads the model again.
  const reloads = parsed.settings === null || !sameSettings({ ...parsed.settings, thinking: model.settings.thinking }, model.settings);
  const formId = useId();

  function change(update: Partial<typeof fields>) {
    setFields((current) => ({ ...current, ...update }));
    setSaved(false);
  }

  async function save(event: SubmitEvent) {
    event.preventDefault();
    const { settings } = parsed;
    if (!settings) return;
    setSaving(true);
    const result = await settle(() => enclave().models.updateSettings({ modelId: model.id, settings }));
    setSaving(false);
    setSaved(result.ok);
    setError(result.ok ? null : result.error);
  }

  return (
    <section className="inspector-section" aria-labelledby={`${formId}-title`}>
      <h3 id={`${formId}-title`} className="details-heading">
        Run settings
      </h3>
      <form className="settings-form" onSubmit={(event) => void save(event)} noValidate>
        <div className="settings-grid">
          {numericSettings.map((setting) => (
            <div key={setting.key} className="setting-field">
              <label htmlFor={`${formId}-${setting.key}`}>{setting.label}</label>
              <input
                className="text-input"
                id={`${formId}-${setting.key}`}
                type="text"
                inputMode="numeric"
                placeholder="Auto"
                value={fields[setting.key]}
                aria-invalid={parsed.errors[setting.key] ? true : undefined}
                aria-describedby={`${formId}-${setting.key}-hint`}
                onChange={(event) => change({ [setting.key]: event.target.value })}
              />
              <p id={`${formId}-${setting.key}-hint`} className={parsed.errors[setting.key] ? 'field-error' : 'field-hint'}>
                {parsed.errors[setting.key] ?? autoHint(setting.key, fields[setting.key], fit, setting.unit)}
              </p>
            </div>
          ))}
        </div>
        <div className="setting-field">
          <label htmlFor={`${formId}-flashAttention`}>Flash attention</label>
          <select
            className="text-input"
            id={`${formId}-flashAttention`}
            value={String(fields.flashAttention)}
            aria-describedby={`${formId}-flashAttention-hint`}
            onChange={(event) => change({ flashAttention: flashAttentionChoice(event.target.value) })}
          >
            <option value="auto">Auto</option>
            <option value="true">On</option>
            <option value="false">Off</option>
          </select>
          <p id={`${formId}-flashAttention-hint`} className="field-hint">
            Faster prompt reading and less memory for long contexts; Auto uses it where the backend supports it.
          </p>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={fields.thinking} onChange={(event) => change({ thinking: event.target.checked })} />
          Thinking <span className="muted">(a reasoning model thinks before it answers; its thoughts are shown folded)</span>
        </label>
        <div className="setting-field">
          <label htmlFor={`${formId}-chatTemplate`}>Chat template</label>
          <select
            className="text-input"
            id={`${formId}-chatTemplate`}
            value={fields.chatTemplate}
            aria-describedby={`${formId}-chatTemplate-hint`}
            onChange={(event) => change({ chatTemplate: chatTemplateNames.find((name) => name === event.target.value) ?? 'auto' })}
          >
            {chatTemplateNames.map((name) => (
              <option key={name} value={name}>
                {chatTemplateLabels[name]}
              </option>
            ))}
          </select>
          <p id={`${formId}-chatTemplate-hint`} className="field-hint">
            {chatTemplateHint(fields.chatTemplate, model.hasChatTemplate)}
          </p>
        </div>
        <FitEstimateView state={fit} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={!dirty || saving || parsed.settings === null}>
            {saving ? 'Saving…' : 'Save settings'}
          </button>
          <span role="status" className="muted">
            {saved ? 'Saved.' : dirty && loaded && reloads ? 'Saving unloads the model; it loads again with these settings.' : ''}
          </span>
        </div>
        {error && <InlineAlert error={error} prefix="Could not save the settings" />}
      </form>
    </section>
  );
}

/** What the chosen chat format means for this model. */
function chatTemplateHint(choice: ChatTemplateName, hasChatTemplate: boolean): string {
  if (choice === 'auto') return hasChatTemplate ? 'The template in the model file.' : 'The file has none: a plain User: / Assistant: transcript.';
  if (choice === 'plain') return 'A plain transcript, no special tokens: for base models.';
  return `${chatTemplateLabels[choice]}'s own template, for a model of that family whose file lacks one (or has a broken one).`;
}

/** What an empty field will mean, from the estimate where it says (layers, context). */
function autoHint(key: NumericSetting, text: string, fit: FitEstimateState, unit: string): string {
  if (text.trim() !== '') return ' ';
  const estimate = fit.estimate;
  if (estimate && key === 'contextSize') return `Auto: ${formatTokenCount(estimate.contextSize)} ${unit} now`;
  if (estimate && key === 'gpuLayers') return `Auto: ${estimate.gpuLayers} of ${estimate.totalLayers} ${unit} now`;
  return 'Automatic';
}

function flashAttentionChoice(value: string): FlashAttentionMode {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return 'auto';
}
