import type { ChatTemplateName, FlashAttentionMode, ModelSettings } from '@shared/domain.js';

export type NumericSetting = 'gpuLayers' | 'contextSize' | 'threads' | 'batchSize';
/** The form as typed: an empty field means `auto`. */
export type SettingsFields = Record<NumericSetting, string> & { flashAttention: FlashAttentionMode; thinking: boolean; chatTemplate: ChatTemplateName };

export const numericSettings: Array<{ key: NumericSetting; label: string; min: number; unit: string }> = [
  { key: 'gpuLayers', label: 'GPU layers', min: 0, unit: 'layers' },
  { key: 'contextSize', label: 'Context size', min: 1, unit: 'tokens' },
  { key: 'threads', label: 'CPU threads', min: 1, unit: 'threads' },
  { key: 'batchSize', label: 'Batch size', min: 1, unit: 'tokens' },
];

export function fieldsFromSettings(settings: ModelSettings): SettingsFields {
  const text = (value: 'auto' | number) => (value === 'auto' ? '' : String(value));
  return {
    gpuLayers: text(settings.gpuLayers),
    contextSize: text(settings.contextSize),
    threads: text(settings.threads),
    batchSize: text(settings.batchSize),
    flashAttention: settings.flashAttention,
    thinking: settings.thinking,
    chatTemplate: settings.chatTemplate,
  };
}

export interface ParsedFields {
  /** null while any field holds something that is not a whole number in range. */
  settings: ModelSettings | null;
  errors: Partial<Record<NumericSetting, string>>;
}

/** Reads the typed fields: empty is `auto`, anything else must be a whole number at least `min`. */
export function parseFields(fields: SettingsFields): ParsedFields {
  const errors: ParsedFields['errors'] = {};
  const values: Partial<Record<NumericSetting, 'auto' | number>> = {};
  for (const { key, min } of numericSettings) {
    const text = fields[key].trim();
    if (text === '') {
      values[key] = 'auto';
      continue;
    }
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > 1_048_576) {
      errors[key] = `Enter a whole number${min > 0 ? ` from ${min}` : ''}, or leave it empty for automatic.`;
    } else values[key] = value;
  }
  if (Object.keys(errors).length > 0) return { settings: null, errors };
  return {
    settings: {
      gpuLayers: values.gpuLayers ?? 'auto',
      contextSize: values.contextSize ?? 'auto',
      threads: values.threads ?? 'auto',
      batchSize: values.batchSize ?? 'auto',
      flashAttention: fields.flashAttention,
      thinking: fields.thinking,
      chatTemplate: fields.chatTemplate,
    },
    errors,
  };
}

export function sameSettings(a: ModelSettings, b: ModelSettings): boolean {
  return (
    a.gpuLayers === b.gpuLayers &&
    a.contextSize === b.contextSize &&
    a.threads === b.threads &&
    a.batchSize === b.batchSize &&
    a.flashAttention === b.flashAttention &&
    a.thinking === b.thinking &&
    a.chatTemplate === b.chatTemplate
  );
}
