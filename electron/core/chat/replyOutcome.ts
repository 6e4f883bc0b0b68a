import type { AppError } from '../../shared/errors.js';
import type { GenerationResult } from '../llm/host/protocol.js';
import type { MessageOutcome } from './store/messages.js';

/** Errors that cut a reply short without it being the reply's fault: the text so far is kept as interrupted. */
const interruptingErrors = new Set(['model-host-crashed', 'remote-stream-cut', 'remote-timeout']);

/** The reply as its writer finished it: complete, at its token limit, or stopped. */
export function finishedOutcome(
  result: GenerationResult,
  streamed: string,
  restore: ((text: string) => string) | null,
  prefix = '',
): MessageOutcome {
  // The provider's final text is authoritative; what streamed is the fallback if it is empty.
  const content = result.text ? prefix + (restore ? restore(result.text) : result.text) : streamed;
  return {
    content,
    status: result.stopReason === 'aborted' ? 'interrupted' : 'complete',
    // Kept with the reply: one that reached its token limit is complete, yet can be continued.
    stopReason: result.stopReason,
    error: null,
    stats: {
      tokensIn: result.tokensIn,
      tokensOut: result.tokensOut,
      timeToFirstTokenMs: result.timeToFirstTokenMs,
      durationMs: result.durationMs,
    },
  };
}

/**
 * The user stopped the reply: whatever state it was in (queued, loading the model, writing), it ends
 * now as stopped with the text so far, which may be none. Never an error: the user asked for it.
 */
export function stoppedOutcome(streamed: string): MessageOutcome {
  return { content: streamed, status: 'interrupted', stopReason: 'aborted', error: null, stats: null };
}

/** A dead model process or a cut connection ends a reply early: that is an interruption, the text is kept. */
export function failureOutcome(error: AppError, streamed: string): MessageOutcome {
  const cutShort = interruptingErrors.has(error.code) && (error.code === 'model-host-crashed' || streamed.length > 0);
  return { content: streamed, status: cutShort ? 'interrupted' : 'error', error, stats: null, stopReason: null };
}
