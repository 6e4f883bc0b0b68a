import type { MessageSource } from '../../shared/documents.js';
import type { ChatMessage, ModelInfo } from '../../shared/domain.js';
import type { Redaction } from '../../shared/remote.js';
import type { StreamingRestorer } from '../dlp/placeholders.js';
import type { FencedPassage, GenerationResult } from '../llm/host/protocol.js';
import type { ProviderEvents, ProviderTurn } from '../llm/provider.js';

/**
 * Streams one reply from whatever writes it (the local model host, a remote endpoint), into message
 * `messageId`; `passages`, for a local model only, go into the first turn as far as its context allows.
 */
export type ReplyStream = (
  turns: ProviderTurn[],
  events: ProviderEvents,
  signal: AbortSignal,
  messageId: string,
  passages?: FencedPassage[],
) => Promise<GenerationResult>;

/** What every reply plan says, whoever writes the reply. */
interface ReplyPlanBase {
  /** Stored on the message so history says which model answered. */
  modelName: string;
  /** The chat's preset, recorded on the reply. */
  presetName: string | null;
  /** Why it went where it went (routing), shown on the message. */
  routeReason: string | null;
  /**
   * An array: passages found already (a remote plan needs them to check what would leave); null:
   * none. A local plan may also say `retrieve`: look the question up when the reply starts.
   */
  sources: MessageSource[] | null | 'retrieve';
  /** The turns exactly as they must be sent (already grounded and redacted); null: built from history. */
  turns: ProviderTurn[] | null;
  stream: ReplyStream;
}

/** A reply written by a local model in the model host. */
export interface LocalReplyPlan extends ReplyPlanBase {
  kind: 'local';
  /** The catalog model (its load progress is reported). */
  model: ModelInfo;
  /** Constrained to a JSON schema (structured output), recorded on the reply. */
  structured: boolean;
}

/** A reply written by a model on a remote endpoint, after the policy and DLP checks let it leave. */
export interface RemoteReplyPlan extends ReplyPlanBase {
  kind: 'remote';
  sources: MessageSource[] | null;
  endpointId: string;
  endpointName: string;
  /** Values replaced by placeholders before the request left. */
  redactions: Redaction[];
  /** Puts redacted values back into the reply shown and stored here; null when nothing was redacted. */
  restorer: (() => StreamingRestorer) | null;
  restoreText: ((text: string) => string) | null;
  /** Told how the reply ended, for the record of remote requests. */
  onFinished(message: ChatMessage): void;
}

/**
 * How a reply is to be written, decided before its row exists: who writes it (stored on the message
 * so history says which model and provider answered, and why), what it reads, and what happens to
 * its text on the way to the screen.
 */
export type ReplyPlan = LocalReplyPlan | RemoteReplyPlan;
