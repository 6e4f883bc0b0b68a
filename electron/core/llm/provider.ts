import type { LoadedModelInfo, MessageRole, ModelInfo } from '../../shared/domain.js';
import type { SamplingTuning } from '../../shared/presets.js';
import type { GenerationResult } from './host/protocol.js';

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
}

export interface ProviderEvents {
  onText(text: string): void;
  onModelLoading?(progress: number): void;
  onModelLoaded?(info: LoadedModelInfo): void;
}

/**
 * What the chat service needs from anything that writes replies. The local provider runs GGUF models
 * in the model host; a remote OpenAI-compatible provider implements the same interface.
 */
export interface ChatProvider {
  readonly kind: 'local' | 'remote';
  /** Streams one reply. Aborting the signal ends it early and resolves with what was written. */
  streamChat(request: ProviderChatRequest, events: ProviderEvents, signal: AbortSignal): Promise<GenerationResult>;
  dispose(): Promise<void>;
}
