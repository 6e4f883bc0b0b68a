import { type MessageSource, ocrCitation, pageCitation } from '@shared/documents.js';

/**
 * Where a passage is in its document: "page 3", "p. xii (PDF page 14)" where the page has a printed
 * label of its own, "section Termination", or nothing for plain text; text read by OCR says so with
 * its confidence ("page 6 (OCR, 91 %)", or "OCR, 88 %" alone for a picture), so a quote from a scan
 * is weighed as one.
 */
export function sourceLocation(source: Pick<MessageSource, 'page' | 'pageLabel' | 'section' | 'ocrConfidence'>): string | null {
  const page = pageCitation(source);
  if (page !== null) return page;
  const ocr = ocrCitation(source);
  if (source.section) return `section ${source.section}${ocr === null ? '' : ` (${ocr})`}`;
  return ocr;
}

/** "1: contract.pdf, page 3": a source as a screen reader names the button that opens it. */
export function describeSource(source: MessageSource): string {
  const location = sourceLocation(source);
  return `${source.number}: ${source.fileName}${location ? `, ${location}` : ''}`;
}
