import { z } from 'zod';
import { appErrorSchema } from '../../../shared/errors.js';
import type { ExtractedSection } from '../parse/types.js';

/**
 * Messages between core and the document reader process. Core pulls: `open` starts reading one file
 * and answers with its first batch of sections, each `next` answers with the following batch, and
 * `close` ends a read early (cancelled, or the file failed on core's side). Only one file is read at a
 * time, so the process never holds more than one batch ahead of what core has taken.
 */

const requestId = z.number().int();

export const parserRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('open'), requestId, filePath: z.string().min(1) }),
  z.object({ type: z.literal('next'), requestId }),
  z.object({ type: z.literal('close'), requestId }),
]);
export type ParserRequest = z.infer<typeof parserRequestSchema>;

export const extractedSectionSchema = z.object({
  page: z.number().int().nullable(),
  pageLabel: z.string().max(200).optional(),
  section: z.string().nullable(),
  text: z.string(),
  charStart: z.number().int().nonnegative(),
  ocrConfidence: z.number().min(0).max(100).optional(),
}) satisfies z.ZodType<ExtractedSection>;

export const parserReplySchema = z.discriminatedUnion('type', [
  /** Sent once at start, with the memory the process may use before its watchdog stops it. */
  z.object({ type: z.literal('ready'), memoryLimitBytes: z.number().int().positive() }),
  /** The next sections in order; `done` when the file has no more. */
  z.object({ type: z.literal('sections'), requestId, sections: z.array(extractedSectionSchema), done: z.boolean() }),
  /** The file cannot be read: its `document-*` error, with the message the user sees. */
  z.object({ type: z.literal('failed'), requestId, error: appErrorSchema }),
]);
export type ParserReply = z.infer<typeof parserReplySchema>;
