import type { MessageSource } from '../../shared/documents.js';
import type { ChatMessage, ModelInfo } from '../../shared/domain.js';
import type { Redaction } from '../../shared/remote.js';
import type { StreamingRestorer } from '../dlp/placeholders.js';
import type { GenerationResult } from '../llm/host/protocol.js';
import type { ProviderEvents, ProviderTurn } from '../llm/provider.js';

/** Streams one reply from whatever writes it (the local model host, a remote endpoint). */
export type ReplyStream = (turns: ProviderTurn[], events: ProviderEvents, signal: AbortSignal) => Promise<GenerationResult>;

/**
 * How a reply is to be written, decided before its row exists: who writes it (stored on the message
 * so history says which model and provider answered, and why), what it reads, and what happens to
 * its text on the way to the screen.
 */
export interface ReplyPlan {
  provider: 'local' | 'remote';
  /** The catalog model for local replies (its load progress is reported). */
  localModel: ModelInfo | null;
  modelName: string;
  endpointId: string | null;
  endpointName: string | null;
  /** The chat's preset, recorded on the reply. */
  presetName?: string | null;
  /** Constrained to a JSON schema (structured output), recorded on the reply. */
  structured?: boolean;
  /** Why it went where it went (routing), shown on the message. */
  routeReason: string | null;
  redactions: Redaction[];
  stream: ReplyStream;
  /**
   * `retrieve`: look the question up in the chat's collections when the reply starts (local replies);
   * an array: passages found already (a remote plan needs them to check what would leave); null: none.
   */
  sources: MessageSource[] | null | 'retrieve';
  /** The turns exactly as they must be sent (already grounded and redacted); else built from history. */
  turns: ProviderTurn[] | null;
  /** Puts redacted values back into the reply shown and stored here. */
  restorer: (() => StreamingRestorer) | null;
  restoreText: ((text: string) => string) | null;
  /** Told how the reply ended, for the record of remote requests. */
  onFinished?: (message: ChatMessage, result: GenerationResult | null) => void;
}
