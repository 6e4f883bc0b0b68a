import { z } from 'zod';
import {
  fitEstimateSchema,
  generationStatsSchema,
  hardwareInfoSchema,
  loadedModelInfoSchema,
  messageRoles,
  probeResultSchema,
  stopReasonSchema,
} from '../../../shared/domain.js';
import { appErrorSchema } from '../../../shared/errors.js';
import { chatTemplateNameSchema, flashAttentionSchema } from '../../../shared/models.js';
import { samplingTuningSchema } from '../../../shared/presets.js';
import { replyPromptSchema } from '../../../shared/replyPrompt.js';
import { replyThoughtSchema } from '../../../shared/replyThought.js';

/**
 * Messages between core and the model-host process. Both sides parse what they receive: the host
 * runs native code that can misbehave, and core is the only thing the host should ever listen to.
 */

/** The most sequences a model may be asked for: the policy's largest API concurrency, and one for the app. */
export const maxSequencesPerModel = 65;

const chatTurn = z.object({ role: z.enum(messageRoles), content: z.string() });
const positiveOrAuto = z.union([z.literal('auto'), z.number().int().positive()]);

export const adapterOptionsSchema = z.object({
  /** The adapter's catalog id, reported back in `LoadedModelInfo.adapterIds`. */
  id: z.string().min(1),
  filePath: z.string().min(1),
  /** 1 applies the adapter as trained; 0 leaves the base model unchanged. */
  scale: z.number().min(0),
});
export type AdapterOptions = z.infer<typeof adapterOptionsSchema>;

/** How one model should run; the host resolves every `auto` against the hardware and the budget. */
export const modelRunOptionsSchema = z.object({
  modelPath: z.string().min(1),
  modelId: z.string().min(1),
  /** `auto` lets llama.cpp offload as many layers as fit in VRAM; 0 forces CPU. */
  gpuLayers: z.union([z.literal('auto'), z.number().int().nonnegative()]),
  /** A number is used as given; `auto` is the largest context that fits the budget. */
  contextSize: positiveOrAuto,
  /** The largest context `auto` may choose (null: no cap); the model's trained context caps it further. */
  contextCap: z.number().int().positive().nullable(),
  threads: z.number().int().positive(),
  /** `auto` leaves llama.cpp's default (512, or the context size when smaller). */
  batchSize: positiveOrAuto,
  flashAttention: flashAttentionSchema,
  adapters: z.array(adapterOptionsSchema),
  /** RAM this model may use, in bytes; null means "what the OS reports free". */
  memoryBudgetBytes: z.number().positive().nullable(),
  /**
   * Replies that may run on the model at once, each on a sequence with the whole context (default 2).
   * Fewer are made when the memory does not hold them all; the context is never shrunk for them.
   */
  sequences: z.number().int().min(1).max(maxSequencesPerModel).optional(),
  /** The chat format of the model's replies (its `chatTemplate` setting); absent: `auto`, the model's own. */
  chatTemplate: chatTemplateNameSchema.optional(),
});
export type ModelRunOptions = z.infer<typeof modelRunOptionsSchema>;

export const loadOptionsSchema = modelRunOptionsSchema.extend({
  /** Loading beyond this many resident models unloads the least recently used first. */
  maxResidentModels: z.number().int().positive(),
});
export type LoadOptions = z.infer<typeof loadOptionsSchema>;

/** A passage for a grounded answer, between fence markers that are never cut; its text may be shortened. */
export const fencedPassageSchema = z.object({ opening: z.string(), text: z.string(), closing: z.string() });
export type FencedPassage = z.infer<typeof fencedPassageSchema>;

/** One fenced passage as the model reads it: the same text in core's prompt and in the host's fitting. */
export function passageText(passage: FencedPassage): string {
  return [passage.opening, passage.text, passage.closing].join('\n');
}

export const generateOptionsSchema = z.object({
  /** A model loaded earlier; generating with it makes it the most recently used. */
  modelId: z.string().min(1),
  /** Ends with a user turn, or with an assistant turn whose partial reply the model continues. */
  turns: z.array(chatTurn).min(1),
  maxTokens: z.number().int().positive(),
  temperature: z.number().min(0).max(2),
  /** Top-p, top-k, min-p, repeat penalty and seed; each left out keeps llama.cpp's default. */
  sampling: samplingTuningSchema.optional(),
  /** Constrains the reply to JSON matching this schema (of the subset `describeSchemaProblem` accepts). */
  jsonSchema: z.record(z.string(), z.unknown()).optional(),
  /**
   * Passages for an answer from documents, best first: the host appends as many as fit the context
   * to the first turn (a system turn holding the instructions), shortening the last one it keeps.
   */
  passages: z.array(fencedPassageSchema).optional(),
  /** Texts that end the reply where the model writes one; the text itself is left out of the reply. */
  stop: z.array(z.string().min(1).max(200)).max(16).optional(),
  /** False renders the template with `enable_thinking` false (the model setting `thinking`); absent: on. */
  thinking: z.boolean().optional(),
});
export type GenerateOptions = z.infer<typeof generateOptionsSchema>;

/** What `enclave prompt` shows: the model loaded as for a reply, and the turns (and passages) it would read. */
export const renderPromptOptionsSchema = loadOptionsSchema.extend({
  turns: z.array(chatTurn).min(1),
  thinking: z.boolean().optional(),
  passages: z.array(fencedPassageSchema).optional(),
  maxTokens: z.number().int().positive(),
});
export type RenderPromptOptions = z.infer<typeof renderPromptOptionsSchema>;

/** The embedding model a `tokenize-chunks` or `embed` request uses; it stays resident in its own slot. */
export const embeddingModelSchema = z.object({
  modelPath: z.string().min(1),
  threads: z.number().int().positive(),
});

export const chunkTextsOptionsSchema = embeddingModelSchema.extend({
  texts: z.array(z.string()),
  /** No chunk holds more tokens than this, counted by the model's own tokenizer. */
  maxTokens: z.number().int().positive(),
  /** About this many tokens at the end of a chunk start the next one. */
  overlapTokens: z.number().int().nonnegative(),
});
export type ChunkTextsOptions = z.infer<typeof chunkTextsOptionsSchema>;

export const embedOptionsSchema = embeddingModelSchema.extend({ texts: z.array(z.string()) });
export type EmbedOptions = z.infer<typeof embedOptionsSchema>;

const requestId = z.number().int();
/** Why a model left memory inside the host; idle and crash unloads are the client's to report. */
const hostUnloadReason = z.enum(['requested', 'evicted']);
export type HostUnloadReason = z.infer<typeof hostUnloadReason>;

export const hostRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('load'), requestId, options: loadOptionsSchema }),
  z.object({ type: z.literal('generate'), requestId, options: generateOptionsSchema }),
  z.object({ type: z.literal('cancel'), requestId }),
  /** Unloads one model, or every model when `modelId` is absent; `reason` is what gets reported. */
  z.object({
    type: z.literal('unload'),
    requestId,
    modelId: z.string().min(1).optional(),
    reason: hostUnloadReason.optional(),
  }),
  z.object({ type: z.literal('estimate'), requestId, options: modelRunOptionsSchema }),
  z.object({ type: z.literal('hardware'), requestId }),
  z.object({ type: z.literal('probe'), requestId, options: loadOptionsSchema }),
  z.object({ type: z.literal('tokenize-chunks'), requestId, options: chunkTextsOptionsSchema }),
  z.object({ type: z.literal('embed'), requestId, options: embedOptionsSchema }),
  z.object({ type: z.literal('render-prompt'), requestId, options: renderPromptOptionsSchema }),
]);
export type HostRequest = z.infer<typeof hostRequestSchema>;

export const generationResultSchema = generationStatsSchema.extend({
  text: z.string(),
  stopReason: stopReasonSchema,
  /** Local replies: the oldest turns left out so the conversation fits the context (0 when all fit). */
  droppedTurns: z.number().int().optional(),
  /** Local replies: the context size of the loaded model, in tokens. */
  contextSize: z.number().int().optional(),
  /** Local replies: the tokens the prompt (the turns sent, in the chat template) took of the context. */
  contextTokens: z.number().int().optional(),
  /** Local replies given passages: how many of them (best first) the prompt held. */
  passagesUsed: z.number().int().optional(),
  /** Local replies given passages: the number (1-based) of the passage whose text was shortened to fit. */
  passageShortened: z.number().int().optional(),
  /** The exact prompt the model read (rendered once per reply, as `enclave prompt` shows it), kept with the reply. */
  prompt: replyPromptSchema.optional(),
  /** A reasoning model's thoughts before its answer, never part of `text`; absent when it wrote none. */
  thought: replyThoughtSchema.optional(),
});
export type GenerationResult = z.infer<typeof generationResultSchema>;

export const hostReplySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  /**
   * Sent whenever a model leaves memory, during whichever request caused it: a load evicting the
   * least recently used model, a reload with other settings, or an unload.
   */
  z.object({ type: z.literal('model-unloaded'), modelId: z.string(), reason: hostUnloadReason }),
  z.object({ type: z.literal('load-progress'), requestId, progress: z.number() }),
  z.object({ type: z.literal('loaded'), requestId, info: loadedModelInfoSchema }),
  /** Streamed text of a reply: its answer, or (with `segment`) its thoughts; one stream per request. */
  z.object({ type: z.literal('token'), requestId, text: z.string(), segment: z.literal('thought').optional() }),
  z.object({ type: z.literal('generated'), requestId, result: generationResultSchema }),
  z.object({ type: z.literal('unloaded'), requestId, modelIds: z.array(z.string()) }),
  z.object({ type: z.literal('estimated'), requestId, estimate: fitEstimateSchema }),
  z.object({ type: z.literal('hardware'), requestId, info: hardwareInfoSchema }),
  z.object({ type: z.literal('probed'), requestId, result: probeResultSchema, info: loadedModelInfoSchema }),
  /** Per text, its chunks as character offsets `[start, end)` into it, with their token counts. */
  z.object({
    type: z.literal('chunked'),
    requestId,
    spans: z.array(z.array(z.object({ start: z.number().int(), end: z.number().int(), tokenCount: z.number().int() }))),
  }),
  /**
   * One unit-length vector per text, in order, as the bytes of one packed float32 array (the host and
   * core share a machine, so its byte order) in base64: a few hundred kilobytes of numbers in JSON
   * would cost more to write, send, parse and check than the embedding of small chunks.
   */
  z.object({
    type: z.literal('embedded'),
    requestId,
    count: z.number().int().nonnegative(),
    dimensions: z.number().int().nonnegative(),
    vectors: z.base64(),
  }),
  /** The exact prompt: its text with special tokens written out, and its token ids. */
  z.object({ type: z.literal('rendered'), requestId, prompt: z.string(), tokens: z.array(z.number().int()), info: loadedModelInfoSchema }),
  z.object({ type: z.literal('failed'), requestId, error: appErrorSchema }),
]);
export type HostReply = z.infer<typeof hostReplySchema>;
