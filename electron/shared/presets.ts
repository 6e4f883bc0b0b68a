import { z } from 'zod';

/**
 * How a reply is sampled: what a preset stores and a request carries. Temperature and max tokens are
 * always set; every other field left out means llama.cpp's own default.
 */
export const samplingSettingsSchema = z
  .object({
    /** 0 always picks the most likely token; higher is more varied. */
    temperature: z.number().min(0).max(2),
    /** Sample only from the most likely tokens whose probabilities add up to this; 1 switches it off. */
    topP: z.number().gt(0).max(1).optional(),
    /** Sample only from this many most likely tokens; 0 switches it off. */
    topK: z.number().int().min(0).max(100_000).optional(),
    /** Drop tokens less likely than this fraction of the most likely one; 0 switches it off. */
    minP: z.number().min(0).max(1).optional(),
    /** How much a token seen in the last 64 tokens is held back; 1 switches it off. */
    repeatPenalty: z.number().min(1).max(2).optional(),
    /** The longest reply, in tokens. */
    maxTokens: z.number().int().positive().max(1_048_576),
    /** The same seed, prompt and settings give the same reply; left out, every reply differs. */
    seed: z.number().int().min(0).max(4_294_967_295).optional(),
  })
  .strict();
export type SamplingSettings = z.infer<typeof samplingSettingsSchema>;

/** The sampling settings beyond temperature and max tokens, which every request sets on its own. */
export const samplingTuningSchema = samplingSettingsSchema.omit({ temperature: true, maxTokens: true });
export type SamplingTuning = z.infer<typeof samplingTuningSchema>;
