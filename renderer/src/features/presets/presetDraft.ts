import { type PresetInfo, type PresetInput, presetSchema } from '@shared/presetDefinitions.js';
import { checkSchemaText } from '../chat/structuredSchema.js';

/**
 * A preset as its form edits it: every field as typed (numbers as text, empty meaning "the model's
 * default"), turned into a preset and checked with the same schema core uses, errors by field.
 */
export interface PresetDraft {
  name: string;
  description: string;
  systemPrompt: string;
  temperature: string;
  topP: string;
  topK: string;
  minP: string;
  repeatPenalty: string;
  maxTokens: string;
  seed: string;
  /** A catalog model id; '' for the chat's own choice. */
  defaultModel: string;
  /** Collection names. */
  defaultCollections: string[];
  /** JSON Schema text; '' for free text replies. */
  jsonSchema: string;
}

export const samplingFields = ['temperature', 'topP', 'topK', 'minP', 'repeatPenalty', 'maxTokens', 'seed'] as const;
export type SamplingField = (typeof samplingFields)[number];
export type DraftField = keyof PresetDraft;

export const emptyDraft: PresetDraft = {
  name: '',
  description: '',
  systemPrompt: '',
  temperature: '',
  topP: '',
  topK: '',
  minP: '',
  repeatPenalty: '',
  maxTokens: '',
  seed: '',
  defaultModel: '',
  defaultCollections: [],
  jsonSchema: '',
};

export function draftFromPreset(preset: PresetInfo, name = preset.name): PresetDraft {
  const sampling = Object.fromEntries(
    samplingFields.map((field) => [field, preset.sampling[field] === undefined ? '' : String(preset.sampling[field])]),
  ) as Record<SamplingField, string>;
  return {
    name,
    description: preset.description,
    systemPrompt: preset.systemPrompt,
    ...sampling,
    defaultModel: preset.defaultModel ?? '',
    defaultCollections: [...preset.defaultCollections],
    jsonSchema: preset.jsonSchema ? JSON.stringify(preset.jsonSchema, null, 2) : '',
  };
}

export type DraftCheck = { ok: true; preset: PresetInput } | { ok: false; errors: Partial<Record<DraftField, string>> };

export function presetFromDraft(draft: PresetDraft): DraftCheck {
  const errors: Partial<Record<DraftField, string>> = {};
  const sampling: Record<string, number> = {};
  for (const field of samplingFields) {
    const text = draft[field].trim();
    if (text === '') continue;
    const value = Number(text);
    if (!Number.isFinite(value)) errors[field] = 'Enter a number, or leave it empty for the default.';
    else sampling[field] = value;
  }
  let jsonSchema: Record<string, unknown> | null = null;
  if (draft.jsonSchema.trim() !== '') {
    const check = checkSchemaText(draft.jsonSchema);
    if (check.ok) jsonSchema = check.schema;
    else errors.jsonSchema = check.problem;
  }
  const preset: PresetInput = {
    name: draft.name.trim(),
    description: draft.description.trim(),
    systemPrompt: draft.systemPrompt,
    sampling,
    defaultModel: draft.defaultModel === '' ? null : draft.defaultModel,
    defaultCollections: draft.defaultCollections,
    jsonSchema,
  };
  const parsed = presetSchema.safeParse(preset);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [first, second] = issue.path;
      const field = (first === 'sampling' ? second : first) as DraftField | undefined;
      if (field && field in emptyDraft && !errors[field]) errors[field] = sentence(issue.message);
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, preset };
}

/** zod's "Too big: expected number to be <=2" as a sentence a person reads. */
function sentence(message: string): string {
  const bound = /expected \w+ to be ([<>]=?)\s*([\d.]+)/.exec(message);
  if (bound) {
    // Both groups always take part in a match; the defaults are for the type.
    const [, operator = '', limit = ''] = bound;
    const words: Record<string, string> = { '<=': 'at most', '<': 'below', '>=': 'at least', '>': 'above' };
    return `Must be ${words[operator] ?? operator} ${limit}.`;
  }
  if (/expected int/.test(message)) return 'Must be a whole number.';
  const text = message.trim();
  return text.charAt(0).toUpperCase() + text.slice(1) + (text.endsWith('.') ? '' : '.');
}
