/** One piece of a document's text, with where it came from. */
export interface ExtractedSection {
  /** 1-based page for PDFs; null for formats without pages. */
  page: number | null;
  /** The page's printed label (PDF page labels: "xii", "1109") where it differs from `page`. */
  pageLabel?: string | undefined;
  /** A heading path ("Terms > Termination"), or a CSV row range ("rows 1-200"), where the format has one; else null. */
  section: string | null;
  /** The text, trimmed, never empty. */
  text: string;
  /**
   * Offset of `text` within the whole extracted document text, in UTF-16 code units (JavaScript string
   * indices). The whole text is every section's `text` joined with "\n\n".
   */
  charStart: number;
  /** Set when the text was recognised by OCR (a scanned page, an image): Tesseract's mean confidence, 0-100. */
  ocrConfidence?: number | undefined;
}

/** What `extractDocument` yields before offsets are assigned: the format readers' output. */
export type RawSection = Omit<ExtractedSection, 'charStart'>;

export type DocumentFormat = 'pdf' | 'docx' | 'txt' | 'markdown' | 'html' | 'csv' | 'image';

export interface ExtractOptions {
  /** Stops extraction between sections (PDF pages, text chunks) with an `import-cancelled` error. */
  signal?: AbortSignal;
  /** Most text the document may yield before it fails with `document-too-large`; `maxDocumentTextChars` by default. */
  maxTextChars?: number;
  /** The Tesseract languages OCR reads in (installed `@tesseract.js-data` packages); English by default. */
  ocrLanguages?: readonly string[] | undefined;
  /** Hears what a reader noticed about a document it reads all the same (notices.ts collects them). */
  onNotice?: ((notice: DocumentNotice) => void) | undefined;
}

/**
 * Something the user should know about a document that is imported anyway: its owner forbids copying
 * its text, or a page stayed unreadable: a scan where OCR found no text (`no-text`), or only text it
 * was too unsure of to index (`low-confidence`, with that confidence, 0-100).
 */
export type DocumentNotice =
  | { kind: 'copy-restricted' }
  | { kind: 'page-unreadable'; page: number; reason: 'no-text' }
  | { kind: 'page-unreadable'; page: number; reason: 'low-confidence'; ocrConfidence: number };

/** How much text a document may still yield: the PDF reader stops inside a page that would go past it. */
export interface TextBudget {
  readonly maxChars: number;
  /** Characters yielded so far. */
  readonly usedChars: number;
}
