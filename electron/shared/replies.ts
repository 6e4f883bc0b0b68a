import type { MessageSource } from './documents.js';
import type { ChatMessage } from './domain.js';
import type { AppError } from './errors.js';

/**
 * How a reply ended, exactly one of these: the model finished (`complete`), the user stopped it
 * (`stopped`, with or without text), it reached its token limit (`token-limit`: it can be continued),
 * something outside the reply cut it short (`interrupted`: the model process died, the connection
 * dropped, the app closed), or it failed (`error`).
 */
export const replyEndings = ['complete', 'stopped', 'token-limit', 'interrupted', 'error'] as const;
export type ReplyEnding = (typeof replyEndings)[number];

/**
 * Where one reply is in its life. Core, the CLI and the window share this one machine:
 * queued -> loading (the model, with progress) -> generating -> ended. A reply may skip states (a
 * remote reply never loads a model; a resident model needs no load) but never goes back, and ends once.
 */
export type ReplyState =
  | { phase: 'queued' }
  | { phase: 'loading'; progress: number }
  | { phase: 'generating' }
  | { phase: 'ended'; ending: ReplyEnding; error: AppError | null };

/**
 * What the stream of one reply request delivers, in this order: `accepted` (both messages as
 * stored) first, then states, sources and text, and `end` (the reply as stored) last, exactly once.
 * Nothing else speaks for the reply: the caller needs no other event and no re-fetch.
 */
export type ReplyEvent =
  | { type: 'accepted'; userMessage: ChatMessage; assistantMessage: ChatMessage }
  | { type: 'state'; state: Exclude<ReplyState, { phase: 'ended' }> }
  | { type: 'sources'; sources: MessageSource[] }
  | { type: 'text'; text: string }
  /** A reasoning model's thoughts as they stream, before its answer; never part of the reply's text. */
  | { type: 'thought'; text: string }
  | { type: 'end'; message: ChatMessage; state: Extract<ReplyState, { phase: 'ended' }> };

/** How a stored reply ended; null while it is still being written (status `streaming`). */
export function replyEndingOf(message: Pick<ChatMessage, 'status' | 'stopReason'>): ReplyEnding | null {
  switch (message.status) {
    case 'streaming':
      return null;
    case 'complete':
      return message.stopReason === 'max-tokens' ? 'token-limit' : 'complete';
    case 'interrupted':
      // A stop the user asked for is stored with the generator's own reason; anything else cut it short.
      return message.stopReason === 'aborted' ? 'stopped' : 'interrupted';
    case 'error':
      return 'error';
  }
}

/** The state a stored message shows: ended as stored, or (still being written) generating. */
export function replyStateOf(message: Pick<ChatMessage, 'status' | 'stopReason' | 'error'>): ReplyState {
  const ending = replyEndingOf(message);
  return ending === null ? { phase: 'generating' } : { phase: 'ended', ending, error: message.error };
}

const phaseOrder: Record<ReplyState['phase'], number> = { queued: 0, loading: 1, generating: 2, ended: 3 };

/**
 * The next state, or the current one when `next` would go back (a late load report after the first
 * token) or the reply has ended already: an ended reply stays as it ended.
 */
export function advanceReply(current: ReplyState, next: ReplyState): ReplyState {
  if (current.phase === 'ended') return current;
  if (phaseOrder[next.phase] < phaseOrder[current.phase]) return current;
  return next;
}

/** Whether a stream event is the last one of its request: the transports stop listening after it. */
export function isStreamEnd(event: { type: string }): boolean {
  return event.type === 'end';
}
