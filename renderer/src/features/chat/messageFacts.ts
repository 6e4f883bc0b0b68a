import { describePassageFit } from '@shared/documents.js';
import type { ChatMessage } from '@shared/domain.js';
import { formatCount, formatPercent, formatTokenCount, formatTokensPerSecond } from '../../lib/format.js';

/**
 * What the window says about how a reply was written: its details (model, preset, tokens, speed),
 * how much of the model's context it used, and what was left out of that context. Pure functions
 * over a message, so the figures are tested without a browser.
 */

export interface MessageFact {
  label: string;
  value: string;
}

/** How full the model's context was for this reply: prompt tokens against the context size. */
export interface ContextUsage {
  used: number;
  size: number;
  /** 0..1 */
  fraction: number;
}

export function contextUsage(message: Pick<ChatMessage, 'tokensIn' | 'contextSize'>): ContextUsage | null {
  const { tokensIn, contextSize } = message;
  if (tokensIn === null || contextSize === null || contextSize <= 0) return null;
  return { used: tokensIn, size: contextSize, fraction: tokensIn / contextSize };
}

/** "412 of 1,024 context tokens (40%)". */
export function describeContextUsage(usage: ContextUsage): string {
  return `${formatTokenCount(usage.used)} of ${formatTokenCount(usage.size)} context tokens (${formatPercent(usage.fraction)})`;
}

/**
 * How a reply ended early, when it has text to continue from: `interrupted` (stopped, or the app
 * closed mid-reply) or `token-limit` (it reached its maximum length, so it is complete yet cut off).
 * Null for anything that cannot be continued.
 */
export function cutOffReason(message: Pick<ChatMessage, 'role' | 'status' | 'stopReason' | 'content'>): 'interrupted' | 'token-limit' | null {
  if (message.role !== 'assistant' || message.content.trim().length === 0) return null;
  if (message.status === 'interrupted') return 'interrupted';
  if (message.status === 'complete' && message.stopReason === 'max-tokens') return 'token-limit';
  return null;
}

/** The notice over a reply whose history did not fit, or null when nothing was left out. */
export function droppedTurnsNotice(droppedTurns: number | null): string | null {
  if (droppedTurns === null || droppedTurns <= 0) return null;
  const what = droppedTurns === 1 ? '1 earlier message was' : `${formatTokenCount(droppedTurns)} earlier messages were`;
  return `${what} not sent: the conversation is longer than the model’s context.`;
}

/**
 * Tokens per second while writing: output tokens over the time after the first one arrived (the
 * wait for the first token is the prompt being read, reported on its own).
 */
export function generationSpeed(message: Pick<ChatMessage, 'tokensOut' | 'durationMs' | 'timeToFirstTokenMs'>): number | null {
  const { tokensOut, durationMs, timeToFirstTokenMs } = message;
  if (tokensOut === null || durationMs === null || tokensOut < 2) return null;
  const writingMs = durationMs - (timeToFirstTokenMs ?? 0);
  // The first token's time is in the wait, so the rest were written in the remaining time.
  return writingMs > 0 ? ((tokensOut - 1) * 1000) / writingMs : null;
}

/** 420 -> "420 ms", 1530 -> "1.5 s". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** The details of a reply, in reading order; a fact core did not record is left out rather than shown as "unknown". */
export function replyFacts(message: ChatMessage): MessageFact[] {
  const facts: MessageFact[] = [];
  const add = (label: string, value: string | null) => {
    if (value !== null) facts.push({ label, value });
  };
  add('Model', message.modelName);
  add('Assistant', message.presetName);
  add('Tokens in', message.tokensIn === null ? null : formatTokenCount(message.tokensIn));
  add('Tokens out', message.tokensOut === null ? null : formatTokenCount(message.tokensOut));
  add('Time to first token', message.timeToFirstTokenMs === null ? null : formatDuration(message.timeToFirstTokenMs));
  const speed = generationSpeed(message);
  add('Speed', speed === null ? null : formatTokensPerSecond(speed));
  add('Total time', message.durationMs === null ? null : formatDuration(message.durationMs));
  const usage = contextUsage(message);
  add('Context used', usage === null ? null : describeContextUsage(usage));
  add('Left out of the context', message.droppedTurns ? formatCount(message.droppedTurns, 'earlier message') : null);
  add('Sources', describePassageFit(message.sources.length, message.passageFit, message.contextSize) ?? (message.sources.length > 0 ? formatCount(message.sources.length, 'passage') : null));
  return facts;
}

/**
 * The one quiet line under a finished reply: how long it is, how fast it was written, how full the
 * context was, and how many retrieved passages fitted when not all did ("101 tokens · 50 tokens/s ·
 * 40% of context · 3 of 6 passages used"). The rest is in its details. Null when nothing was recorded.
 */
export function replyStatusLine(message: ChatMessage): string | null {
  const parts: string[] = [];
  if (message.tokensOut !== null) parts.push(formatCount(message.tokensOut, 'token'));
  const speed = generationSpeed(message);
  if (speed !== null) parts.push(formatTokensPerSecond(speed));
  const usage = contextUsage(message);
  if (usage !== null) parts.push(`${formatPercent(usage.fraction)} of context`);
  const fit = message.passageFit;
  if (fit && fit.retrieved > message.sources.length) parts.push(`${message.sources.length} of ${formatCount(fit.retrieved, 'passage')} used`);
  return parts.length > 0 ? parts.join(' · ') : null;
}
