import { z } from 'zod';
import type { AppError } from './errors.js';

/**
 * Documents, collections and grounded answers as every layer sees them. Offsets are characters into
 * the document's extracted text; pages are 1-based and null for formats without pages.
 */

/** File formats Enclave can index, by the extensions it picks up from a folder. */
export const documentExtensions = ['pdf', 'docx', 'txt', 'md', 'markdown', 'html', 'htm', 'csv'] as const;

/**
 * Pictures Enclave reads with OCR (a scanned page saved as an image). Offered in the file dialog, but
 * not picked up from folders: a folder of photos would be run through OCR picture by picture.
 */
export const imageExtensions = ['png', 'jpg', 'jpeg', 'tif', 'tiff'] as const;

export interface CollectionInfo {
  id: string;
  name: string;
  createdAt: number;
  documentCount: number;
  /** Set for the collection that holds files dropped into one chat; it is deleted with that chat. */
  chatId: string | null;
  /** Chats over a confidential collection stay on local models when the policy says so (the default). */
  confidential: boolean;
}

/** `indexing` until every chunk is stored; `error` keeps the row (and why) with no chunks. */
export type DocumentStatus = 'indexing' | 'ready' | 'error';

export interface DocumentInfo {
  id: string;
  collectionId: string;
  fileName: string;
  /** Where the file was imported from; the text lives in the database, the file may since be gone. */
  path: string;
  format: string;
  sizeBytes: number;
  pageCount: number | null;
  status: DocumentStatus;
  /** Why indexing failed, when `status` is `error`. */
  error: AppError | null;
  /** The embedding model its vectors come from; null when indexed for keyword search only. */
  embeddingModelId: string | null;
  addedAt: number;
  chunkCount: number;
  /**
   * What the user should know about a document that was indexed all the same, in words: pages that
   * stayed unreadable ("pages 6-40: no text found"), an owner's restriction on copying its text. Empty
   * for most documents; a few lines at most (`documentNoticesSchema`).
   */
  notices: string[];
}

/** A document's notices as stored and sent: a few short lines, however many pages a document has. */
export const documentNoticesSchema = z.array(z.string().min(1).max(600)).max(10);

const offset = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** One retrieved passage. The bounds only stop a runaway file (a chat export being imported). */
export const documentHitSchema = z.object({
  chunkId: z.number().int(),
  documentId: z.string().max(200),
  fileName: z.string().max(4096),
  page: z.number().int().nullable(),
  /**
   * The page's printed label from the PDF ("xii", "1109") where it differs from `page`; absent or
   * null otherwise, and in passages stored before labels were read.
   */
  pageLabel: z.string().max(200).nullable().optional(),
  section: z.string().max(10_000).nullable(),
  charStart: offset,
  charEnd: offset,
  text: z.string().max(1_000_000),
  /**
   * Set when the passage was read by OCR from a scan or a picture: Tesseract's mean confidence for
   * its page, 0 to 100. Null or absent for text the document itself carries (and in older snapshots).
   */
  ocrConfidence: z.number().min(0).max(100).nullable().optional(),
  /**
   * Relevance, 0 to 1, on the scale the relevance floor is set on (docs/retrieval.md): the embedder's
   * cosine similarity and the share of the question's words the passage holds, weighed half and half;
   * the words alone without an embedding model. 0 for a passage given because a chat's files fit whole.
   */
  score: z.number(),
});
export type DocumentHit = z.infer<typeof documentHitSchema>;

/**
 * A passage given to the model for one reply, under the number the reply cites it by. It is a
 * snapshot: it still reads the same after its document is removed, and travels in chat exports.
 */
export const messageSourceSchema = documentHitSchema.extend({
  number: z.number().int().min(1).max(10_000),
  /** Whether the reply cites it; sources the reply never cites are kept as "also retrieved". */
  cited: z.boolean(),
});
export type MessageSource = z.infer<typeof messageSourceSchema>;

/** A page (or, without pages, the stretch of text around a passage) with the passage to highlight. */
export interface PassageView {
  chunkId: number;
  documentId: string;
  fileName: string;
  format: string;
  page: number | null;
  /** The page's printed label where it differs from `page` (see `pageCitation`). */
  pageLabel: string | null;
  /** OCR's confidence (0-100) when the passage was read from a scan (see `ocrCitation`); null otherwise. */
  ocrConfidence?: number | null;
  pageCount: number | null;
  section: string | null;
  /** The page's text, rebuilt from the stored chunks. */
  text: string;
  /** The passage's position in `text`. */
  highlightStart: number;
  highlightEnd: number;
}

/**
 * Most bytes of an original PDF the viewer is given (`documents.original`): 256 MiB. The whole file
 * crosses IPC and pdf.js holds it in the window's memory; a larger one is shown as its stored text.
 */
export const maxOriginalPdfBytes = 256 * 1024 * 1024;

/** The file a PDF document was imported from, read again and found unchanged (the same SHA-256). */
export interface OriginalPdf {
  documentId: string;
  fileName: string;
  /** The file's bytes as it was indexed; structured-cloned over IPC, never a path. */
  bytes: Uint8Array;
}

export interface DocumentImportJob {
  jobId: string;
  collectionId: string;
  fileCount: number;
}

export interface DocumentImportProgress {
  jobId: string;
  collectionId: string;
  filePath: string;
  /** 0-based position of the file in the job. */
  fileIndex: number;
  fileCount: number;
  stage: 'hashing' | 'indexing';
  page: number | null;
  chunksStored: number;
}

/** What became of one file of an import. */
export type DocumentImportOutcome =
  | {
      filePath: string;
      status: 'indexed' | 'duplicate';
      documentId: string;
      chunkCount: number;
      /** The document's notices (`DocumentInfo.notices`), for the import summary to say; absent from older callers. */
      notices?: string[];
    }
  | { filePath: string; status: 'failed'; error: AppError }
  /** The import was cancelled before or while this file was read; nothing of it was kept. */
  | { filePath: string; status: 'cancelled' };

/**
 * What the stream of one import request delivers (`documents.import`, `documents.importPaths`,
 * `chats.attachFiles`): a report per file as it is read, then `end` with every file's outcome, last and
 * exactly once, whether the files were indexed, all failed, or the import was cancelled. Lists follow
 * the narrow `documents.changed` and `collections.changed` events instead.
 */
export type DocumentImportEvent =
  | { type: 'progress'; progress: DocumentImportProgress }
  | { type: 'end'; jobId: string; collectionId: string; outcomes: DocumentImportOutcome[] };

/** Background re-indexing after the embedding model changed. */
export interface ReindexProgress {
  embeddingModelId: string | null;
  documentsDone: number;
  documentsTotal: number;
  /** The document being re-indexed now, if any. */
  fileName: string | null;
}

/** How a re-index run ended. */
export interface ReindexOutcome {
  embeddingModelId: string | null;
  reindexed: number;
  failed: number;
  error: AppError | null;
}

export interface IndexStatus {
  embeddingModelId: string | null;
  /** Ready documents whose vectors come from another model (or none), waiting to be re-indexed. */
  staleDocuments: number;
  reindex: ReindexProgress | null;
  /** How the last re-index since Enclave started ended; null before one ends. */
  lastReindex: ReindexOutcome | null;
}

/** What a `documents.reindex` request's stream carries: progress per document, then how the run ended. */
export type ReindexEvent = { type: 'progress'; progress: ReindexProgress } | ({ type: 'end' } & ReindexOutcome);

export type DocumentEvent =
  | { type: 'collections.changed' }
  | { type: 'documents.changed'; collectionId: string }
  /** The index's state changed (a re-index started, moved on a document, or ended): windows read `documents.indexStatus` again. */
  | { type: 'documents.indexChanged' };

/**
 * How an answer's passages were fitted to the model's context, in words: "4 of 6 passages used
 * (context 2,048 tokens); passage 4 shortened". Null when every passage retrieved was given whole.
 */
export function describePassageFit(
  used: number,
  fit: { retrieved: number; shortened: number | null } | null,
  contextSize: number | null,
): string | null {
  if (fit === null) return null;
  const context = contextSize === null ? '' : ` (context ${contextSize.toLocaleString('en-US')} tokens)`;
  const shortened = fit.shortened === null ? '' : `; passage ${fit.shortened} shortened`;
  return `${used} of ${fit.retrieved} ${fit.retrieved === 1 ? 'passage' : 'passages'} used${context}${shortened}`;
}

/**
 * Where a passage is in its document's pages, as a citation says it: "p. 1109 (PDF page 1125)" when
 * the page has a printed label of its own, else "page 3"; with "OCR, 91 %" added when its text was read
 * by OCR ("page 6 (OCR, 91 %)", "p. xii (PDF page 14; OCR, 91 %)"), so a reader weighs a quote from a
 * scan accordingly. Null without a page.
 */
export function pageCitation(place: {
  page: number | null;
  pageLabel?: string | null | undefined;
  ocrConfidence?: number | null | undefined;
}): string | null {
  if (place.page === null) return null;
  const ocr = ocrCitation(place);
  const label = place.pageLabel?.trim();
  if (label && label !== String(place.page)) return `p. ${label} (PDF page ${place.page}${ocr === null ? '' : `; ${ocr}`})`;
  return `page ${place.page}${ocr === null ? '' : ` (${ocr})`}`;
}

/** "OCR, 91 %" for a passage read by OCR (rounded to a whole percent); null for text the document carries. */
export function ocrCitation(place: { ocrConfidence?: number | null | undefined }): string | null {
  const confidence = place.ocrConfidence;
  if (confidence === null || confidence === undefined || !Number.isFinite(confidence)) return null;
  return `OCR, ${Math.round(Math.min(100, Math.max(0, confidence)))} %`;
}
