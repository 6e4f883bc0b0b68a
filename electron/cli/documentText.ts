/** How the CLI words documents: where a passage is, a passage cut to a few lines, import outcomes. */
import path from 'node:path';
import {
  type DocumentHit,
  type DocumentImportOutcome,
  type DocumentImportProgress,
  ocrCitation,
  pageCitation,
} from '../shared/documents.js';

/**
 * "contract.pdf, page 3", "manual.pdf, p. 1109 (PDF page 1125)", "scan.pdf, page 6 (OCR, 91 %)",
 * "handbook.docx, section "Leave"", "photo.png (OCR, 88 %)", or the file name alone.
 */
export function passageLocation(hit: Pick<DocumentHit, 'fileName' | 'page' | 'pageLabel' | 'section' | 'ocrConfidence'>): string {
  const page = pageCitation(hit);
  if (page !== null) return `${hit.fileName}, ${page}`;
  const ocr = ocrCitation(hit);
  const mark = ocr === null ? '' : ` (${ocr})`;
  if (hit.section !== null && hit.section.length > 0) return `${hit.fileName}, section "${hit.section}"${mark}`;
  return `${hit.fileName}${mark}`;
}

/** A passage on at most `maxLines` lines of `width` characters, its whitespace collapsed, "…" where cut. */
export function excerptLines(text: string, maxLines = 3, width = 96): string[] {
  const words = text.split(/\s+/).filter((word) => word.length > 0);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line.length === 0 ? word : `${line} ${word}`;
    if (candidate.length <= width || line.length === 0) {
      line = candidate.length > width ? `${candidate.slice(0, width - 1)}…` : candidate;
      continue;
    }
    lines.push(line);
    line = word;
    if (lines.length === maxLines) break;
  }
  if (lines.length < maxLines && line.length > 0) return [...lines, line];
  const last = lines.at(-1);
  if (last !== undefined && !last.endsWith('…')) lines[lines.length - 1] = `${last.slice(0, width - 1)}…`;
  return lines;
}

/** The first line of a passage, for a list of sources. */
export function firstLine(text: string, width = 96): string {
  const line = text.split('\n').find((candidate) => candidate.trim().length > 0)?.trim() ?? '';
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

/** A path as the user would recognise it: relative to where they are when it is below it. */
export function displayPath(filePath: string): string {
  const relative = path.relative(process.cwd(), filePath);
  return relative.length > 0 && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : filePath;
}

/** "[2/5] contract.pdf: page 3, 12 chunks". */
export function importProgressText(progress: DocumentImportProgress): string {
  const position = `[${progress.fileIndex + 1}/${progress.fileCount}] ${path.basename(progress.filePath)}`;
  if (progress.stage === 'hashing') return `${position}: checking…`;
  const page = progress.page === null ? '' : `page ${progress.page}, `;
  return `${position}: ${page}${progress.chunksStored} ${progress.chunksStored === 1 ? 'chunk' : 'chunks'}`;
}

/**
 * One line for what became of a file; failures name their reason, duplicates the document they
 * repeat (`existingNames`: file names by document id).
 */
export function outcomeText(outcome: DocumentImportOutcome, collectionName: string, existingNames: ReadonlyMap<string, string>): string {
  const file = displayPath(outcome.filePath);
  switch (outcome.status) {
    case 'indexed':
      return `${file}: indexed, ${outcome.chunkCount} ${outcome.chunkCount === 1 ? 'chunk' : 'chunks'}${noticeLines(outcome.notices)}`;
    case 'duplicate': {
      const existing = existingNames.get(outcome.documentId) ?? `document ${outcome.documentId}`;
      return `${file}: duplicate: the same content as ${existing} in "${collectionName}", not indexed again`;
    }
    case 'failed':
      return `${file}: failed: ${outcome.error.message}`;
    case 'cancelled':
      return `${file}: cancelled, not indexed`;
  }
}

/** A document's notices, one indented line each under its outcome ("\n  note: pages 6-40: no text found"). */
export function noticeLines(notices: readonly string[] | undefined): string {
  return (notices ?? []).map((notice) => `\n  note: ${notice}`).join('');
}

/** "1 indexed, 1 duplicate, 2 failed". */
export function outcomeSummary(outcomes: readonly DocumentImportOutcome[]): string {
  const count = (status: DocumentImportOutcome['status']) => outcomes.filter((outcome) => outcome.status === status).length;
  const duplicates = count('duplicate');
  const parts = [`${count('indexed')} indexed`, `${duplicates} ${duplicates === 1 ? 'duplicate' : 'duplicates'}`, `${count('failed')} failed`];
  if (count('cancelled') > 0) parts.push(`${count('cancelled')} cancelled`);
  return parts.join(', ');
}
