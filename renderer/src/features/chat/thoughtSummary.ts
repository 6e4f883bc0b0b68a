import type { ReplyThought } from '@shared/replyThought.js';

/** "Thinking…" while the model thinks, then how long it thought ("Thought for 12 s"), when measured. */
export function thoughtSummary(thought: ReplyThought, thinking: boolean): string {
  if (thinking) return 'Thinking…';
  if (thought.durationMs === null) return 'Thought';
  const seconds = thought.durationMs / 1000;
  // Tenths matter for a short thought; a long one reads better whole.
  return `Thought for ${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds).toString()} s`;
}
