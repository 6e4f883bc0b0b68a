import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { PassageView } from '../../../shared/documents.js';
import { pluckedStatement, statement } from '../../db/statements.js';
import { EnclaveError } from '../../errors.js';
import type { ExtractedSection } from '../parse/types.js';

interface ChunkRow {
  id: number;
  ordinal: number;
  page: number | null;
  /** Absent in rows read without it; null when the page has no label of its own. */
  page_label?: string | null;
  section: string | null;
  char_start: number;
  char_end: number;
  text: string;
  /** Absent in rows read without it; null for text the document carries, else OCR's confidence. */
  ocr_confidence?: number | null;
}

/** Without pages, a passage is shown with this many chunks either side of it. */
const unpagedContextChunks = 8;

/**
 * The text around a chunk, rebuilt from the stored chunks so it needs neither the original file
 * (which may have moved or been deleted) nor a copy of the whole text: for paged formats the whole
 * page, otherwise the stretch of the same section around the chunk.
 */
export function readPassage(
  db: Database,
  where: number | { chunkId: number; documentId?: string | undefined; charStart?: number | undefined; charEnd?: number | undefined },
): PassageView {
  const { chunkId, documentId, charStart: sourceStart, charEnd: sourceEnd } = typeof where === 'number' ? { chunkId: where } : where;
  // After a re-index the chunk ids differ: the chunk now covering the source's start stands in for it.
  const currentId =
    documentId !== undefined && sourceStart !== undefined && !statement(db, 'SELECT 1 FROM chunks WHERE id = ?').get(chunkId)
      ? ((pluckedStatement(
          db,
          'SELECT id FROM chunks WHERE document_id = ? AND char_start <= ? AND char_end > ? ORDER BY char_start DESC LIMIT 1',
        ).get(documentId, sourceStart, sourceStart) as number | undefined) ?? chunkId)
      : chunkId;
  const target = statement(
    db,
    `SELECT c.id, c.ordinal, c.page, c.page_label, c.section, c.char_start, c.char_end, c.text, c.ocr_confidence, c.document_id,
            d.file_name, d.format, d.page_count
     FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.id = ?`,
  ).get(currentId) as (ChunkRow & { document_id: string; file_name: string; format: string; page_count: number | null }) | undefined;
  if (!target) {
    throw new EnclaveError('not-found', 'This passage is no longer in the library; its document was removed or re-indexed.');
  }
  const neighbours = (
    target.page !== null
      ? statement(db, 'SELECT * FROM chunks WHERE document_id = ? AND page = ? ORDER BY ordinal').all(target.document_id, target.page)
      : statement(db, 'SELECT * FROM chunks WHERE document_id = ? AND section IS ? AND ordinal BETWEEN ? AND ? ORDER BY ordinal').all(
          target.document_id,
          target.section,
          target.ordinal - unpagedContextChunks,
          target.ordinal + unpagedContextChunks,
        )
  ) as ChunkRow[];
  const { text, charStart } = stitch(neighbours);
  // The source's own offsets when the passage was found again after a re-index; else the chunk's.
  const [start, end] = currentId !== chunkId && sourceStart !== undefined ? [sourceStart, sourceEnd ?? target.char_end] : [target.char_start, target.char_end];
  return {
    chunkId: currentId,
    documentId: target.document_id,
    fileName: target.file_name,
    format: target.format,
    page: target.page,
    pageLabel: target.page_label ?? null,
    ocrConfidence: target.ocr_confidence ?? null,
    pageCount: target.page_count,
    section: target.section,
    text,
    highlightStart: Math.max(0, start - charStart),
    highlightEnd: Math.min(text.length, end - charStart),
  };
}

/**
 * A document's text as sections (runs of consecutive chunks sharing page and section), rebuilt from
 * its chunks: what re-indexing with another embedding model chunks again.
 */
export function readDocumentSections(db: Database, documentId: string): ExtractedSection[] {
  const rows = statement(db, 'SELECT * FROM chunks WHERE document_id = ? ORDER BY ordinal').all(documentId) as ChunkRow[];
  const sections: ExtractedSection[] = [];
  let run: ChunkRow[] = [];
  const close = () => {
    const first = run[0];
    if (!first) return;
    const { text, charStart } = stitch(run);
    sections.push({
      page: first.page,
      ...(first.page_label ? { pageLabel: first.page_label } : {}),
      section: first.section,
      text,
      charStart,
      // Re-indexing keeps the mark of text read by OCR (a page's chunks share its confidence).
      ...(typeof first.ocr_confidence === 'number' ? { ocrConfidence: first.ocr_confidence } : {}),
    });
    run = [];
  };
  for (const row of rows) {
    const previous = run.at(-1);
    if (previous && (previous.page !== row.page || previous.section !== row.section || row.char_start > previous.char_end + 2)) {
      close();
    }
    run.push(row);
  }
  close();
  return sections;
}

/**
 * Joins overlapping chunks back into one text. Chunks are slices of the extracted text at their
 * offsets, so each adds only what lies past the previous one's end; a gap (whitespace the chunker
 * trimmed) is filled with as many spaces (or line breaks, for a gap of two or more: a paragraph break)
 * so every offset stays in step with the source.
 */
export function stitch(rows: readonly ChunkRow[]): { text: string; charStart: number } {
  const charStart = rows[0]?.char_start ?? 0;
  let text = '';
  let cursor = charStart;
  for (const row of rows) {
    if (row.char_start > cursor) {
      const gap = row.char_start - cursor;
      text += (gap >= 2 ? '\n' : ' ').repeat(gap);
      cursor = row.char_start;
    }
    if (row.char_end > cursor) {
      text += row.text.slice(cursor - row.char_start);
      cursor = row.char_end;
    }
  }
  return { text, charStart };
}
