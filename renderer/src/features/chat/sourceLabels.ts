import { type MessageSource, pageCitation } from '@shared/documents.js';

/**
 * Where a passage is in its document: "page 3", "p. xii (PDF page 14)" where the page has a printed
 * label of its own, "section Termination", or nothing for plain text.
 */
export function sourceLocation(source: Pick<MessageSource, 'page' | 'pageLabel' | 'section'>): string | null {
  const page = pageCitation(source);
  if (page !== null) return page;
  if (source.section) return `section ${source.section}`;
  return null;
}

/** "1: contract.pdf, page 3": a source as a screen reader names the button that opens it. */
export function describeSource(source: MessageSource): string {
  const location = sourceLocation(source);
  return `${source.number}: ${source.fileName}${location ? `, ${location}` : ''}`;
}
