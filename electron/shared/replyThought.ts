import { z } from 'zod';

/**
 * What a reasoning model (Qwen 3, DeepSeek R1, gpt-oss...) thought before it answered: kept with the
 * reply and shown folded apart from it, but never part of its answer: not cited from, not sent back to
 * the model with the history, not printed on a CLI's stdout.
 */
export const replyThoughtSchema = z.object({
  text: z.string(),
  /** How long the model thought, from its first thought to its answer (or the end of the reply). */
  durationMs: z.number().nonnegative().nullable(),
});
export type ReplyThought = z.infer<typeof replyThoughtSchema>;

/** Which part of a reply a streamed chunk belongs to: its answer (no segment) or its thoughts. */
export type ReplySegment = 'thought';
