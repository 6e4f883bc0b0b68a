import { z } from 'zod';
import { appErrorSchema } from '../../../shared/errors.js';
import { ocrLanguagesSchema } from '../../../shared/domain.js';
import { documentNoticesSchema } from '../../../shared/documents.js';
import type { ExtractedSection } from '../parse/types.js';

/**
 * Messages between core and the document reader process. Core pulls: `open` starts reading one file
 * and answers with its first batch of sections, each `next` answers with the following batch, and
 * `close` ends a read early (cancelled, or the file failed on core's side). Only one file is read at a
 * time, so the process never holds more than one batch ahead of what core has taken. What the reader
 * noticed about the file (a copy restriction, unreadable pages) comes with the last batch, in words
 * and collapsed into a few lines (parse/documentNotices.ts), however many pages it concerns.
 */

const requestId = z.number().int();

export const parserRequestSchema = z.discriminatedUnion('type', [
  /** `ocrLanguages`: the Tesseract languages scanned pages are read in; English when absent. */
  z.object({ type: z.literal('open'), requestId, filePath: z.string().min(1), ocrLanguages: ocrLanguagesSchema.optional() }),
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
  /** The next sections in order; `done` when the file has no more, and then the file's `notices`. */
  z.object({
    type: z.literal('sections'),
    requestId,
    sections: z.array(extractedSectionSchema),
    done: z.boolean(),
    notices: documentNoticesSchema.optional(),
  }),
  /** The file cannot be read: its `document-*` error, with the message the user sees. */
  z.object({ type: z.literal('failed'), requestId, error: appErrorSchema }),
]);
export type ParserReply = z.infer<typeof parserReplySchema>;
