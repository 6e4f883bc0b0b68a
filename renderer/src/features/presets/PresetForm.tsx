import { type ReactNode, useId, useState } from 'react';
import type { CollectionInfo } from '@shared/documents.js';
import type { ModelInfo } from '@shared/domain.js';
import type { PresetInput } from '@shared/presetDefinitions.js';
import { isChatModel } from '../models/useModelCatalog.js';
import { type DraftField, type PresetDraft, presetFromDraft, type SamplingField } from './presetDraft.js';

interface PresetFormProps {
  initial: PresetDraft;
  /** The library; only models that can chat are offered as the default. */
  models: ModelInfo[];
  collections: CollectionInfo[];
  submitLabel: string;
  /** Resolves with an error sentence to show, or null when saved. */
  onSubmit: (preset: PresetInput) => Promise<string | null>;
  /** Buttons after Save (Duplicate, Export, Delete). */
  children?: ReactNode;
}

const samplingLabels: Array<{ field: SamplingField; label: string; hint: string; step: string }> = [
  { field: 'temperature', label: 'Temperature', hint: '0 to 2; 0 always picks the likeliest word.', step: '0.05' },
  { field: 'topP', label: 'Top-p', hint: 'Above 0, up to 1 (off).', step: '0.05' },
  { field: 'topK', label: 'Top-k', hint: 'Whole number; 0 is off.', step: '1' },
  { field: 'minP', label: 'Min-p', hint: '0 (off) to 1.', step: '0.01' },
  { field: 'repeatPenalty', label: 'Repeat penalty', hint: '1 (off) to 2.', step: '0.05' },
  { field: 'maxTokens', label: 'Max tokens', hint: 'The longest reply.', step: '1' },
  { field: 'seed', label: 'Seed', hint: 'Same seed, same reply.', step: '1' },
];

/** A preset of the user's, as a form (built-ins are shown as text, by BuiltinPreset): who it is (name, description, system prompt), how it samples, what it defaults to. */
export function PresetForm({ initial, models, collections, submitLabel, onSubmit, children }: PresetFormProps) {
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<Partial<Record<DraftField, string>>>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const id = useId();
  const fieldId = (field: DraftField) => `${id}-${field}`;
  const set = <K extends DraftField>(field: K, value: PresetDraft[K]) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setSaved(false);
  };
  // A default collection named in the preset but missing here is still listed, so saving keeps it.
  const chatModels = models.filter(isChatModel);
  const collectionNames = [...new Set([...collections.map((collection) => collection.name), ...draft.defaultCollections])];

  async function submit() {
    const check = presetFromDraft(draft);
    if (!check.ok) {
      setErrors(check.errors);
      return;
    }
    setErrors({});
    setSaving(true);
    const problem = await onSubmit(check.preset);
    setSaving(false);
    setSaveError(problem);
    setSaved(problem === null);
  }

  const describedBy = (field: DraftField) => `${fieldId(field)}-note`;
  const note = (field: DraftField, hint?: string) => (
    <p id={describedBy(field)} className={errors[field] ? 'field-error' : 'field-hint'}>
      {errors[field] ?? hint ?? ''}
    </p>
  );
  const text = (field: 'name' | 'description', label: string, hint?: string) => (
    <div className="setting-field setting-field-wide">
      <label htmlFor={fieldId(field)}>{label}</label>
      <input
        className="text-input"
        id={fieldId(field)}
        value={draft[field]}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={describedBy(field)}
        onChange={(event) => set(field, event.target.value)}
      />
      {note(field, hint)}
    </div>
  );

  return (
    <form
      className="preset-form settings-form"
      aria-label="Assistant settings"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {text('name', 'Name')}
      {text('description', 'Description', 'One line: what this assistant is for.')}
      <div className="setting-field setting-field-wide">
        <label htmlFor={fieldId('systemPrompt')}>System prompt</label>
        <textarea
          id={fieldId('systemPrompt')}
          className="preset-textarea"
          rows={6}
          value={draft.systemPrompt}
          aria-describedby={describedBy('systemPrompt')}
          onChange={(event) => set('systemPrompt', event.target.value)}
        />
        {note('systemPrompt', 'Sent before every conversation with this assistant.')}
      </div>
      <fieldset className="preset-fieldset">
        <legend>Sampling</legend>
        <p className="field-hint">Leave a field empty for the default.</p>
        <div className="settings-grid">
          {samplingLabels.map(({ field, label, hint, step }) => (
            <div key={field} className="setting-field">
              <label htmlFor={fieldId(field)}>{label}</label>
              <input
                className="text-input"
                id={fieldId(field)}
                type="number"
                inputMode="decimal"
                step={step}
                value={draft[field]}
                aria-invalid={errors[field] ? true : undefined}
                aria-describedby={describedBy(field)}
                onChange={(event) => set(field, event.target.value)}
              />
              {note(field, hint)}
            </div>
          ))}
        </div>
      </fieldset>
      <div className="settings-grid settings-grid-wide">
        <div className="setting-field">
          <label htmlFor={fieldId('defaultModel')}>Default model</label>
          <select
            className="text-input"
            id={fieldId('defaultModel')}
            value={draft.defaultModel}
            onChange={(event) => set('defaultModel', event.target.value)}
          >
            <option value="">The chat’s choice</option>
            {chatModels.map((model) => (
              <option key={model.id} value={model.id}>
                {model.name}
              </option>
            ))}
            {draft.defaultModel !== '' && !chatModels.some((model) => model.id === draft.defaultModel) && (
              <option value={draft.defaultModel}>{draft.defaultModel} (not on this computer)</option>
            )}
          </select>
          {note('defaultModel', 'Picked when the assistant is chosen for a chat.')}
        </div>
        <fieldset className="setting-field preset-collections">
          <legend>Default collections</legend>
          {collectionNames.length === 0 && <p className="field-hint">No collections yet.</p>}
          {collectionNames.map((name) => (
            <label key={name} className="checkbox">
              <input
                type="checkbox"
                checked={draft.defaultCollections.includes(name)}
                onChange={(event) =>
                  set(
                    'defaultCollections',
                    event.target.checked ? [...draft.defaultCollections, name] : draft.defaultCollections.filter((other) => other !== name),
                  )
                }
              />
              {name}
            </label>
          ))}
        </fieldset>
      </div>
      <div className="setting-field setting-field-wide">
        <label htmlFor={fieldId('jsonSchema')}>JSON Schema for replies (optional)</label>
        <textarea
          id={fieldId('jsonSchema')}
          className="preset-textarea preset-schema"
          rows={draft.jsonSchema ? 8 : 3}
          spellCheck={false}
          value={draft.jsonSchema}
          aria-invalid={errors.jsonSchema ? true : undefined}
          aria-describedby={describedBy('jsonSchema')}
          onChange={(event) => set('jsonSchema', event.target.value)}
        />
        {note('jsonSchema', 'With a schema, a local model’s replies are JSON that follows it, shown as a table.')}
      </div>
      {saveError && (
        <p className="field-error" role="alert">
          {saveError}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? 'Saving…' : submitLabel}
        </button>
        {children}
        <span role="status" className="muted">
          {saved ? 'Saved' : ''}
        </span>
      </div>
    </form>
  );
}
