import type { AppError } from './errors.js';

/**
 * `streaming` only exists while a reply is being generated; on start-up core turns any row still in
 * that state (the app died mid-reply) into `interrupted`, so history never shows a reply as live.
 */
export const messageStatuses = ['streaming', 'complete', 'interrupted', 'error'] as const;
export type MessageStatus = (typeof messageStatuses)[number];

export const messageRoles = ['system', 'user', 'assistant'] as const;
export type MessageRole = (typeof messageRoles)[number];

export interface ChatSummary {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  messageCount: number;
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
}

export interface ChatDetail {
  chat: ChatSummary;
  messages: ChatMessage[];
}

/** What the catalog knows about a GGUF file from its header alone, without loading weights. */
export interface ModelInfo {
  id: string;
  name: string;
  fileName: string;
  path: string;
  sizeBytes: number;
  architecture: string;
  parameterCount: number;
  quantization: string;
  contextLength: number | null;
  hasChatTemplate: boolean;
  license: string | null;
  /** `bundled`: the development/installer models folder; `user`: the user data models folder. */
  location: 'bundled' | 'user';
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
  unreadable: UnreadableModelFile[];
  folders: string[];
}

/** How a loaded model is running, reported once loading finishes. */
export interface LoadedModelInfo {
  modelId: string;
  /** `false` when running on CPU, else the GPU backend name (cuda, vulkan, metal). */
  gpu: string | false;
  gpuLayers: number;
  contextSize: number;
  threads: number;
}

export interface GenerationStats {
  tokensIn: number;
  tokensOut: number;
  timeToFirstTokenMs: number | null;
  durationMs: number;
}

export interface AppStatus {
  version: string;
  dataDir: string;
  databasePath: string;
  /** Set when core could not start (database corrupt, or written by a newer Enclave). */
  startupError: AppError | null;
  threads: number;
}

/** Pushed from core to every window; the renderer never polls for these. */
export type EnclaveEvent =
  | { type: 'generation.started'; chatId: string; messageId: string; modelId: string }
  | { type: 'generation.token'; chatId: string; messageId: string; text: string }
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
  | { type: 'chats.changed' };
