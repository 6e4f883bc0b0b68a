import type { MessageSource } from '@shared/documents.js';

/** Where a passage is in its document: "page 3", "section Termination", or nothing for plain text. */
export function sourceLocation(source: Pick<MessageSource, 'page' | 'section'>): string | null {
  if (source.page !== null) return `page ${source.page}`;
  if (source.section) return `section ${source.section}`;
  return null;
}

/** "1: contract.pdf, page 3": a source as a screen reader names the button that opens it. */
export function describeSource(source: MessageSource): string {
  const location = sourceLocation(source);
  return `${source.number}: ${source.fileName}${location ? `, ${location}` : ''}`;
}
