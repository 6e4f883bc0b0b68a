import type { LoadedModelInfo, MessageRole, ModelInfo } from '../../shared/domain.js';
import type { GenerationResult } from './host/protocol.js';

export interface ProviderTurn {
  role: MessageRole;
  content: string;
}

export interface ProviderChatRequest {
  model: ModelInfo;
  turns: ProviderTurn[];
  maxTokens: number;
  temperature: number;
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
