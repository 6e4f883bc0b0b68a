import { useState } from 'react';
import type { ChatSummary } from '@shared/domain.js';
import type { AppError } from '@shared/errors.js';
import type { PresetInfo } from '@shared/presetDefinitions.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave, settle } from '../../lib/api.js';
import './presets.css';

interface PresetPickerProps {
  chat: ChatSummary;
  presets: PresetInfo[];
  /** Called with the chosen preset, so its default model can be picked too. */
  onChosen: (preset: PresetInfo | null) => void;
}

/** The assistant a chat uses, in the conversation header: its system prompt, sampling and schema apply to new replies. */
export function PresetPicker({ chat, presets, onChosen }: PresetPickerProps) {
  const [error, setError] = useState<AppError | null>(null);
  const [pending, setPending] = useState<string | null>(null);

  async function choose(presetId: string | null) {
    setPending(presetId ?? '');
    const result = await settle(() => enclave().presets.setForChat({ chatId: chat.id, presetId }));
    setPending(null);
    setError(result.ok ? null : result.error);
    if (result.ok) onChosen(presets.find((preset) => preset.id === presetId) ?? null);
  }

  return (
    <>
      <label className="preset-picker">
        <span className="visually-hidden">Assistant</span>
        <select className="text-input" value={pending ?? chat.presetId ?? ''} onChange={(event) => void choose(event.target.value || null)}>
          <option value="">No assistant</option>
          {presets.map((preset) => (
            <option key={preset.id} value={preset.id}>
              {preset.name}
            </option>
          ))}
        </select>
      </label>
      {error && <InlineAlert error={error} prefix="Could not change the assistant" onDismiss={() => setError(null)} />}
    </>
  );
}

/** The catalog model a preset names (by id, file name or display name, as preset files from elsewhere do). */
export function presetModel<T extends { id: string; name: string; fileName: string }>(preset: PresetInfo, models: T[]): T | null {
  const wanted = preset.defaultModel?.trim().toLowerCase();
  if (!wanted) return null;
  return models.find((model) => [model.id, model.name, model.fileName].some((name) => name.toLowerCase() === wanted)) ?? null;
}
