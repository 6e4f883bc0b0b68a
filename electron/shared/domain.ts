import { z } from 'zod';
import type { DocumentEvent, MessageSource } from './documents.js';
import { flashAttentionSchema } from './models.js';
import type { AppError } from './errors.js';
import type { Redaction } from './remote.js';
import type { ReplyThought } from './replyThought.js';

/** The model catalog's types live in models.ts; every layer reads them from here as before. */
export * from './models.js';

/**
 * The domain as every layer sees it. A type that crosses IPC as a payload, comes back from the model
 * host, or is stored as JSON is the `z.infer` of its schema here, so the check and the type cannot
 * drift; types that are only ever results stay plain interfaces.
 */

/** An id as the contract accepts it (the app writes 32 hex digits; tests and imports use readable ones). */
export const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'ids are letters, digits, _ and -');

/**
 * `streaming` only exists while a reply is being generated; on start-up core turns any row still in
 * that state (the app died mid-reply) into `interrupted`, so history never shows a reply as live.
 */
export const messageStatuses = ['streaming', 'complete', 'interrupted', 'error'] as const;
export type MessageStatus = (typeof messageStatuses)[number];

/**
 * Why a reply's generation ended: the model finished (`end`), it reached the token limit
 * (`max-tokens`: cut off, and it can be continued), or it was stopped (`aborted`).
 */
export const stopReasons = ['end', 'max-tokens', 'aborted'] as const;
export const stopReasonSchema = z.enum(stopReasons);
export type StopReason = z.infer<typeof stopReasonSchema>;

export const messageRoles = ['system', 'user', 'assistant'] as const;
export type MessageRole = (typeof messageRoles)[number];

/**
 * The model a chat answers with: a local catalog model, or a model on a remote endpoint. Stored with
 * the chat at each send, so a chat reopens on its own model and never changes to another by itself.
 */
export const chatModelSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local'), modelId: z.string().min(1).max(64) }),
  z.object({ kind: z.literal('remote'), endpointId: z.string().min(1).max(64), model: z.string().min(1).max(200) }),
]);
export type ChatModel = z.infer<typeof chatModelSchema>;

export interface ChatSummary {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  messageCount: number;
  /** Collections the chat answers from (its own dropped-files collection included). */
  collectionIds: string[];
  /** The preset ("assistant") the chat uses; null for none. */
  presetId: string | null;
  /** The model the chat last sent to; null for a chat that has not sent yet. */
  model: ChatModel | null;
}

/** How an answer's passages were fitted to the model's context (see `ChatMessage.passageFit`). */
export interface PassageFit {
  retrieved: number;
  shortened: number | null;
}

export interface ChatMessage {
  id: string;
  chatId: string;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  /** Catalog id of the model that wrote an assistant message (null for user messages). */
  modelId: string | null;
  /** Display name of that model, kept so history reads well after the file is gone. */
  modelName: string | null;
  error: AppError | null;
  tokensIn: number | null;
  tokensOut: number | null;
  timeToFirstTokenMs: number | null;
  durationMs: number | null;
  createdAt: number;
  /** For answers from documents: the passages the model was given, numbered as the reply cites them. */
  sources: MessageSource[];
  /** Who wrote an assistant message: a local model or a remote endpoint. */
  provider: 'local' | 'remote';
  /** The remote endpoint's name, for remote replies. */
  endpointName: string | null;
  /** Why the reply came from where it did (routing), in one sentence; null when the user's choice simply applied. */
  routeReason: string | null;
  /** Values replaced by placeholders before the request left, shown here restored. */
  redactions: Redaction[];
  /** The message this one answers or follows; null for the first. */
  parentId: string | null;
  /** This message and its alternatives (edits, regenerations), oldest first: "2 / 3" and the arrows. */
  siblingIds: string[];
  /** The preset ("assistant") the chat used when this reply was written. */
  presetName: string | null;
  /** Earlier turns left out because the history did not fit the context; null when not measured. */
  droppedTurns: number | null;
  /** The context size the reply was written with (tokens), for "context used" figures. */
  contextSize: number | null;
  /**
   * A reply from documents whose model could not hold every passage retrieved: how many were retrieved
   * (the reply's `sources` are the ones it was given, best first) and the number of the one shortened
   * to fit, if any. Null when every passage was given whole, or for other messages.
   */
  passageFit: PassageFit | null;
  /**
   * Why the reply's generation ended, for replies written since this was recorded; null for user
   * messages, replies that failed or whose process died, and older replies.
   */
  stopReason: StopReason | null;
  /** A reply constrained to a JSON schema (structured output): its content is JSON, shown as a table. */
  structured: boolean;
  /** A reasoning model's thoughts before this reply, kept apart from its content; null when it wrote none. */
  thought: ReplyThought | null;
}

/**
 * What switching the branch shown changes: the messages through `keepThrough` (the last one both
 * branches share; null when none) stay as they are, and `messages` (the new branch below it) follow.
 */
export interface BranchChange {
  keepThrough: string | null;
  messages: ChatMessage[];
}

export interface ChatDetail {
  chat: ChatSummary;
  messages: ChatMessage[];
}

/**
 * A Tesseract language code: three lowercase letters, perhaps a script or variant (`chi_sim`,
 * `aze_cyrl`, `deu_latf`). Nothing else, since a code becomes part of a package name and a file name.
 */
export const ocrLanguageSchema = z
  .string()
  .regex(/^[a-z]{3}(_[a-z]{3,4})?$/, 'an OCR language is a Tesseract code such as eng, deu or chi_sim');

/** One to five OCR languages, each once: Tesseract slows with every language it weighs. */
export const ocrLanguagesSchema = z
  .array(ocrLanguageSchema)
  .min(1, 'choose at least one OCR language')
  .max(5, 'choose at most five OCR languages')
  .refine((codes) => new Set(codes).size === codes.length, 'each OCR language is listed once');

/** The app's settings, stored as JSON; `settings.update` takes any part of them. */
export const appSettingsSchema = z
  .object({
    /** How many models may stay loaded at once; the least recently used is unloaded beyond that. */
    maxResidentModels: z.number().int().min(1).max(8),
    /** Unload every model after this many idle minutes (0: never). */
    idleUnloadMinutes: z.number().int().min(0).max(24 * 60),
    /** RAM models may use, in MB; null: what the OS reports free. */
    memoryBudgetMb: z.number().int().positive().max(16 * 1024 * 1024).nullable(),
    /** Catalog id of the GGUF model that embeds document chunks; null indexes for keyword search only. */
    embeddingModelId: idSchema.nullable(),
    /** Passages retrieved for a question. */
    retrievalTopK: z.number().int().min(1).max(50),
    /** Minimum fused score (0 to 1) a passage needs to be given to the model. */
    relevanceFloor: z.number().min(0).max(1),
    /**
     * The languages OCR reads scanned pages and pictures in, as Tesseract codes (`eng`, `deu`,
     * `chi_sim`); each must be installed (core checks on save: `settings.ocrLanguages` lists them).
     */
    ocrLanguages: ocrLanguagesSchema,
  })
  .strict();
export type AppSettings = z.infer<typeof appSettingsSchema>;

export const defaultAppSettings: AppSettings = {
  maxResidentModels: 1,
  idleUnloadMinutes: 15,
  memoryBudgetMb: null,
  embeddingModelId: null,
  retrievalTopK: 6,
  relevanceFloor: 0.25,
  ocrLanguages: ['eng'],
};

/** How a loaded model is running, reported by the model host once loading finishes. */
export const loadedModelInfoSchema = z.object({
  modelId: z.string(),
  /** `false` when running on CPU, else the GPU backend name (cuda, vulkan, metal). */
  gpu: z.union([z.string(), z.literal(false)]),
  gpuLayers: z.number().int(),
  totalLayers: z.number().int(),
  contextSize: z.number().int(),
  threads: z.number().int(),
  batchSize: z.number().int(),
  /** As asked: `auto` leaves it to llama.cpp. */
  flashAttention: flashAttentionSchema,
  adapterIds: z.array(z.string()),
  /** Replies that may run on it at once, each with the whole context (fewer than asked when memory is short). */
  sequences: z.number().int().positive().optional(),
});
export type LoadedModelInfo = z.infer<typeof loadedModelInfoSchema>;

/** The figures of one generation, as the model host reports them with its result. */
export const generationStatsSchema = z.object({
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  timeToFirstTokenMs: z.number().nullable(),
  durationMs: z.number(),
});
export type GenerationStats = z.infer<typeof generationStatsSchema>;

export interface AppStatus {
  version: string;
  dataDir: string;
  databasePath: string;
  /** Set when core could not start (database corrupt, or written by a newer Enclave). */
  startupError: AppError | null;
  threads: number;
  /** Deleted text still waits in the file or its log for another program's reader to let go (erasure finishes by itself). */
  erasurePending: boolean;
}

/** Pushed from core to every window; the renderer never polls for these. */
export type EnclaveEvent =
  /**
   * A reply ended (any window's, the CLI's): a narrow change event for lists (usage, a chat shown in
   * another window). The reply's own text and states go only to its request's stream (shared/replies.ts).
   */
  | {
      type: 'generation.finished';
      chatId: string;
      messageId: string;
      status: Exclude<MessageStatus, 'streaming'>;
      error: AppError | null;
      stats: GenerationStats | null;
    }
  | { type: 'model.loading'; modelId: string; progress: number }
  | { type: 'model.loaded'; info: LoadedModelInfo }
  | { type: 'model.load-failed'; modelId: string; error: AppError }
  | { type: 'model.unloaded'; modelId: string; reason: 'requested' | 'idle' | 'evicted' | 'host-exited' }
  | { type: 'models.changed' }
  | { type: 'chats.changed' }
  /** An erasure another program's reader held up is waiting (true), or has now finished (false). */
  | { type: 'erasure.changed'; pending: boolean }
  /** The database was closed and opened again (unlocked, encrypted, re-keyed, restored): windows load afresh. */
  | { type: 'storage.changed' }
  /** A preset was saved, deleted or imported: every window's preset list and pickers refresh. */
  | { type: 'presets.changed' }
  /** The machine policy changed while the app runs (an administrator edited a source): windows read it again. */
  | { type: 'policy.changed' }
  /**
   * Sent by main to one window only, never by core: the page asked to leave for an http(s) URL
   * (`window.open`, a navigation). The window shows the URL and asks before sending `links.open`.
   */
  | { type: 'link.requested'; url: string }
  | DocumentEvent;
