import type { LoadedModelInfo, MessageRole, ModelInfo } from '../../shared/domain.js';
import type { SamplingTuning } from '../../shared/presets.js';
import type { ReplyPrompt } from '../../shared/replyPrompt.js';
import type { FencedPassage, GenerationResult } from './host/protocol.js';

export interface ProviderTurn {
  role: MessageRole;
  content: string;
}

export interface ProviderChatRequest {
  model: ModelInfo;
  /**
   * The conversation, ending with a user turn; or with an assistant turn holding a cut-off reply,
   * which the model then continues (the result's text is only the new part).
   */
  turns: ProviderTurn[];
  maxTokens: number;
  temperature: number;
  /**
   * Top-p, top-k, min-p, repeat penalty and seed; each left out keeps the engine's default. A preset's
   * whole `SamplingSettings` may be passed: its max tokens and temperature are the fields above.
   */
  sampling?: SamplingTuning;
  /**
   * Constrains the reply to JSON matching this schema (the subset `describeSchemaProblem` accepts;
   * otherwise the request fails with `schema-invalid`). A structured reply cannot be continued.
   */
  jsonSchema?: Record<string, unknown>;
  /**
   * Passages for an answer from documents, best first, for the turns' first (system) turn: as many
   * as fit the model's context are sent, and the result says how many (`passagesUsed`).
   */
  passages?: FencedPassage[];
  /** Texts that end the reply where the model writes one (left out of the reply), as OpenAI's `stop`. */
  stop?: string[];
}

export interface ProviderEvents {
  /** The answer as it streams. */
  onText: (text: string) => void;
  /** A reasoning model's thoughts as they stream, before its answer; never part of `onText`'s text. */
  onThought?: (text: string) => void;
  onModelLoading?: (progress: number) => void;
  onModelLoaded?: (info: LoadedModelInfo) => void;
  /** The exact prompt as it leaves (a remote request's body, after data-loss prevention), before any answer. */
  onPrompt?: (prompt: ReplyPrompt) => void;
}

/**
 * What the chat service needs to have a local reply written: the local provider, which runs GGUF
 * models in the model host (remote replies are streamed by remote/remoteClient.ts through a plan).
 */
export interface ReplyWriter {
  /** Streams one reply. Aborting the signal ends it early and resolves with what was written. */
  streamChat(request: ProviderChatRequest, events: ProviderEvents, signal: AbortSignal): Promise<GenerationResult>;
}
