/**
 * How much one document may be. Each limit fails the file with `document-too-large` and indexes none
 * of it; the numbers are stated in README.md.
 */

/** Most text one document may yield: 50 Mi characters (UTF-16 code units), about 25,000 pages of prose. */
export const maxDocumentTextChars = 50 * 1024 * 1024;

/** Most chunks one document may be indexed as: about 40 M characters of English at 256 tokens a chunk. */
export const maxDocumentChunks = 50_000;

/**
 * Memory the document reader process may use, resident set and all (pdf.js keeps each inflated stream
 * whole, outside the JavaScript heap): past this the process is stopped and the file fails.
 */
export const parserMemoryLimitBytes = 1024 * 1024 * 1024;

/** The reader's JavaScript heap cap in MB (`--max-old-space-size`), below the memory limit above. */
export const parserHeapLimitMb = 768;
