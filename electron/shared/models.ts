import { z } from 'zod';
import type { AppError } from './errors.js';

/**
 * The model catalog as every layer sees it: files, their settings, adapters, imports, checks, and this
 * machine's fit for them. Split from domain.ts (which re-exports it), by the same rule: a type that
 * crosses IPC as a payload or comes back from the model host is the `z.infer` of its schema.
 */

/** How a model's file came to be in the catalog. */
export type ModelStorage = 'copied' | 'linked' | 'bundled';

/**
 * Whether the file still is what was imported: `changed` (its SHA-256 differs) and `missing` block
 * loading until the user accepts the new file or it comes back.
 */
export type ModelIntegrity = 'ok' | 'changed' | 'missing';

const positiveOrAuto = z.union([z.literal('auto'), z.number().int().positive().max(1_048_576)]);

/**
 * The chat formats a model's settings may choose: `auto` is the model's own template (plain text when it
 * has none), `plain` a "User:"/"Assistant:" transcript without special tokens, the others a family's
 * real template, for a model whose template is missing or broken.
 */
export const chatTemplateNames = ['auto', 'plain', 'chatml', 'llama3', 'gemma', 'mistral', 'phi'] as const;
export type ChatTemplateName = (typeof chatTemplateNames)[number];

/** How each choice is shown in the app and the CLI. */
export const chatTemplateLabels: Record<ChatTemplateName, string> = {
  auto: "The model's own",
  plain: 'Plain text (User: / Assistant:)',
  chatml: 'ChatML',
  llama3: 'Llama 3',
  gemma: 'Gemma',
  mistral: 'Mistral',
  phi: 'Phi',
};

export const chatTemplateNameSchema = z.enum(chatTemplateNames, {
  error: (issue) => `Unknown chat template ${JSON.stringify(issue.input)}: choose one of ${chatTemplateNames.join(', ')}.`,
});

/** Flash attention: on, off, or `auto` (llama.cpp decides by what the backend supports). */
export const flashAttentionSchema = z.union([z.literal('auto'), z.boolean()]);
export type FlashAttentionMode = z.infer<typeof flashAttentionSchema>;

/**
 * Per-model overrides, stored as JSON with the model; `auto` lets Enclave choose from the hardware
 * and the memory budget.
 */
export const modelSettingsSchema = z
  .object({
    /** Layers offloaded to the GPU; 0 runs on the CPU only. */
    gpuLayers: z.union([z.literal('auto'), z.number().int().nonnegative().max(10_000)]),
    /** The context window, in tokens. */
    contextSize: positiveOrAuto,
    threads: z.union([z.literal('auto'), z.number().int().positive().max(1024)]),
    /** Tokens evaluated per batch while reading the prompt. */
    batchSize: positiveOrAuto,
    /**
     * `auto` (the default, as in llama.cpp) turns it on where the backend supports it: on the CPU that
     * reads prompts about 1.2x faster (bench:chat) and needs less memory for long contexts.
     */
    flashAttention: flashAttentionSchema,
    /**
     * Lets a reasoning model think before it answers (on by default, as in llama.cpp); off renders its
     * template with `enable_thinking` false. A template that ignores that still thinks, shown apart.
     */
    thinking: z.boolean(),
    /** The chat format replies are written in (`chatTemplateNames`); `auto` keeps the model's own. */
    chatTemplate: chatTemplateNameSchema,
  })
  .strict();
export type ModelSettings = z.infer<typeof modelSettingsSchema>;

export const defaultModelSettings: ModelSettings = {
  gpuLayers: 'auto',
  contextSize: 'auto',
  threads: 'auto',
  batchSize: 'auto',
  flashAttention: 'auto',
  thinking: true,
  chatTemplate: 'auto',
};

/** A LoRA adapter attached to a base model, applied with `scale` when the model loads. */
export interface AdapterInfo {
  id: string;
  name: string;
  path: string;
  sha256: string;
  sizeBytes: number;
  scale: number;
}

/**
 * A short generation the user started to measure how fast a model runs on this machine: reported
 * by the model host and stored as JSON with the model.
 */
export const probeResultSchema = z.object({
  tokensPerSecond: z.number(),
  promptTokensPerSecond: z.number(),
  gpuLayers: z.number().int(),
  threads: z.number().int(),
  measuredAt: z.number(),
});
export type ProbeResult = z.infer<typeof probeResultSchema>;

/** What a model is for: writing replies, or embedding text for document search. */
export type ModelPurpose = 'chat' | 'embedding';

/**
 * A chat model whose file has no chat template is a base (pretrained) model: it continues the text it
 * is given instead of answering. Said wherever such a model is shown or picked, so nobody chats with
 * one unawares (it is still allowed: some people want exactly that).
 */
export const baseModelNote = 'no chat template: continues text, does not follow instructions';

/** Whether `model` is a base model (see `baseModelNote`); embedding models are not chatted with at all. */
export function isBaseModel(model: Pick<ModelInfo, 'hasChatTemplate' | 'purpose'>): boolean {
  return model.purpose === 'chat' && !model.hasChatTemplate;
}

/** What the catalog knows about a GGUF model from its header alone, without loading weights. */
export interface ModelInfo {
  /** First 16 hex digits of the file's SHA-256: the same file has the same id everywhere. */
  id: string;
  name: string;
  fileName: string;
  /** The file llama.cpp opens (the first part of a multi-part model). */
  path: string;
  /** Every file of the model, in order; one entry unless the model is split. */
  parts: string[];
  sizeBytes: number;
  sha256: string;
  architecture: string;
  parameterCount: number;
  quantization: string;
  contextLength: number | null;
  hasChatTemplate: boolean;
  /** `embedding` for a model that turns text into vectors (for document search) and cannot chat. */
  purpose: ModelPurpose;
  license: string | null;
  storage: ModelStorage;
  integrity: ModelIntegrity;
  importedAt: number;
  verifiedAt: number | null;
  settings: ModelSettings;
  adapters: AdapterInfo[];
  probe: ProbeResult | null;
}

/** A file in a models folder that could not be read as a model, listed so the user sees why. */
export interface UnreadableModelFile {
  id: string;
  fileName: string;
  path: string;
  error: AppError;
}

export interface ModelCatalog {
  models: ModelInfo[];
  /**
   * The models the machine policy does not let load (policy `models.allowed`: the model, or one of its
   * adapters, is not listed), by id; empty when the policy lets every model load.
   */
  unapproved: string[];
  unreadable: UnreadableModelFile[];
  folders: string[];
}

export interface ImportResult {
  imported: ModelInfo[];
  /** Files whose content is already in the catalog (same SHA-256); nothing was copied. */
  duplicates: Array<{ fileName: string; existingModelId: string }>;
  failed: Array<{ fileName: string; error: AppError }>;
  cancelled: boolean;
}

export interface ImportProgress {
  importId: string;
  fileName: string;
  phase: 'hashing' | 'copying';
  bytesDone: number;
  bytesTotal: number;
}

/**
 * What the stream of one model import request delivers (`models.import`, `models.importPaths`):
 * progress per file, then `end` with the import's result, last and exactly once (a cancelled import
 * too). The catalog follows the narrow `models.changed` event instead.
 */
export type ModelImportEvent = { type: 'progress'; progress: ImportProgress } | { type: 'end'; importId: string; result: ImportResult };

export interface VerifyResult {
  modelId: string;
  name: string;
  integrity: ModelIntegrity;
  /** The SHA-256 now on disk, when the file could be read. */
  sha256: string | null;
}

/** The memory a model needs with given settings, against what this machine can give it (from the model host). */
export const fitEstimateSchema = z.object({
  modelId: z.string(),
  fits: z.boolean(),
  gpuLayers: z.number().int(),
  totalLayers: z.number().int(),
  contextSize: z.number().int(),
  ramBytes: z.number(),
  vramBytes: z.number(),
  ramBudgetBytes: z.number(),
  vramBudgetBytes: z.number(),
  /** One or two plain sentences: what was chosen and why, or why it does not fit. */
  explanation: z.string(),
});
export type FitEstimate = z.infer<typeof fitEstimateSchema>;

/** This machine as the model host sees it. */
export const hardwareInfoSchema = z.object({
  cpu: z.object({
    model: z.string(),
    architecture: z.string(),
    logicalCores: z.number().int(),
    mathCores: z.number().int(),
    instructionSets: z.array(z.string()),
  }),
  memory: z.object({ totalBytes: z.number(), freeBytes: z.number() }),
  gpu: z.object({
    /** The llama.cpp backend in use: cuda, vulkan, metal, or null for CPU only. */
    backend: z.string().nullable(),
    devices: z.array(z.string()),
    vramTotalBytes: z.number(),
    vramFreeBytes: z.number(),
  }),
  os: z.object({ platform: z.string(), release: z.string() }),
  /**
   * The llama.cpp binary the host runs: `enclave-build`, compiled on this machine by `npm run
   * engine:build` (a persistent CPU threadpool: faster decoding), or node-llama-cpp's `prebuilt` one.
   */
  engine: z.enum(['enclave-build', 'prebuilt']),
});
export type HardwareInfo = z.infer<typeof hardwareInfoSchema>;

export interface ModelRecommendation {
  modelId: string;
  name: string;
  quantization: string;
  rating: 'good' | 'usable' | 'slow' | 'does-not-fit';
  /** Measured by a probe when there is one, otherwise estimated from size and hardware. */
  tokensPerSecond: number | null;
  source: 'probe' | 'estimate';
  reason: string;
}
