import { z } from 'zod';
import { samplingSettingsSchema } from './presets.js';

/**
 * A preset ("assistant"): a name, a system prompt, sampling settings, a default model and default
 * collections, and optionally a JSON schema its replies are constrained to. Models and collections
 * are named, not referenced by id, so a preset file IT hands out works on every machine.
 */
export const presetSchema = z
  .object({
    name: z.string().trim().min(1, 'a preset needs a name').max(100),
    description: z.string().max(1000).default(''),
    systemPrompt: z.string().max(20_000).default(''),
    sampling: samplingSettingsSchema.partial().default({}),
    /** A catalog model id, file name or display name; null uses the chat's choice. */
    defaultModel: z.string().max(300).nullable().default(null),
    /** Collection names attached to a chat when the preset is chosen. */
    defaultCollections: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
    jsonSchema: z.record(z.string(), z.unknown()).nullable().default(null),
  })
  .strict();

export type PresetDefinition = z.output<typeof presetSchema>;
export type PresetInput = z.input<typeof presetSchema>;

export interface PresetInfo extends PresetDefinition {
  id: string;
  /** Shipped with Enclave: it can be used and copied, not changed or deleted. */
  builtin: boolean;
  createdAt: number;
  updatedAt: number;
}

/** The file presets are exported to and imported from. */
export const presetFileFormat = 'enclave-presets';
export const presetFileVersion = 1;

export interface PresetImportReport {
  imported: string[];
  /** Presets whose name is taken already: left as they are here. */
  skipped: string[];
  /** Entries that are not valid presets, by position and name when readable, with the reason. */
  invalid: { index: number; name: string | null; reason: string }[];
}
