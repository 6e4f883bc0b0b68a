import { z } from 'zod';
import { errorCodes } from '../../../shared/errors.js';

/**
 * Messages between core and the model-host process. Both sides parse what they receive: the host
 * runs native code that can misbehave, and core is the only thing the host should ever listen to.
 */

const chatTurn = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });

export const loadOptionsSchema = z.object({
  modelPath: z.string().min(1),
  modelId: z.string().min(1),
  /** Context window in tokens; capped by the model's trained context. */
  contextSize: z.number().int().positive(),
  threads: z.number().int().positive(),
  /** `auto` lets llama.cpp offload as many layers as fit in VRAM; 0 forces CPU. */
  gpuLayers: z.union([z.literal('auto'), z.number().int().nonnegative()]),
  /** Refuse a load whose estimated RAM use exceeds this; null means "what the OS reports free". */
  memoryBudgetBytes: z.number().positive().nullable(),
});
export type LoadOptions = z.infer<typeof loadOptionsSchema>;

export const generateOptionsSchema = z.object({
  turns: z.array(chatTurn).min(1),
  maxTokens: z.number().int().positive(),
  temperature: z.number().min(0).max(2),
  seed: z.number().int().nonnegative().optional(),
});
export type GenerateOptions = z.infer<typeof generateOptionsSchema>;

export const hostRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('load'), requestId: z.number().int(), options: loadOptionsSchema }),
  z.object({ type: z.literal('generate'), requestId: z.number().int(), options: generateOptionsSchema }),
  z.object({ type: z.literal('cancel'), requestId: z.number().int() }),
  z.object({ type: z.literal('unload'), requestId: z.number().int() }),
]);
export type HostRequest = z.infer<typeof hostRequestSchema>;

const appError = z.object({ code: z.enum(errorCodes), message: z.string() });

export const loadedInfoSchema = z.object({
  modelId: z.string(),
  gpu: z.union([z.string(), z.literal(false)]),
  gpuLayers: z.number().int(),
  contextSize: z.number().int(),
  threads: z.number().int(),
});

export const generationResultSchema = z.object({
  text: z.string(),
  stopReason: z.enum(['end', 'max-tokens', 'aborted']),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  timeToFirstTokenMs: z.number().nullable(),
  durationMs: z.number(),
});
export type GenerationResult = z.infer<typeof generationResultSchema>;

export const hostReplySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('load-progress'), requestId: z.number().int(), progress: z.number() }),
  z.object({ type: z.literal('loaded'), requestId: z.number().int(), info: loadedInfoSchema }),
  z.object({ type: z.literal('token'), requestId: z.number().int(), text: z.string() }),
  z.object({ type: z.literal('generated'), requestId: z.number().int(), result: generationResultSchema }),
  z.object({ type: z.literal('unloaded'), requestId: z.number().int() }),
  z.object({ type: z.literal('failed'), requestId: z.number().int(), error: appError }),
]);
export type HostReply = z.infer<typeof hostReplySchema>;
