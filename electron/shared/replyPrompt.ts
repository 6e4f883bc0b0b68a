import { z } from 'zod';

/**
 * What a reply's model was given, exactly: for a local model, the prompt as its chat template
 * rendered it (special tokens written out, after turns were dropped and passages shortened to fit);
 * for a remote one, the request body as it left, after data-loss prevention (never a key or header).
 */
export const replyPromptKinds = ['local-template', 'remote-request'] as const;
export type ReplyPromptKind = (typeof replyPromptKinds)[number];

export const replyPromptSchema = z.object({
  kind: z.enum(replyPromptKinds),
  text: z.string(),
  /** The prompt's tokens, counted by the local model's tokenizer; null for a remote request. */
  tokenCount: z.number().int().nonnegative().nullable(),
});
export type ReplyPrompt = z.infer<typeof replyPromptSchema>;
