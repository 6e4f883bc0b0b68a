/**
 * A page of a document as the viewer names it: "Page 1109 (PDF page 1125 of 2,415)" where the page
 * has a printed label of its own, else "Page 3 of 4" (the citation's "p. 1109 (PDF page 1125)" and
 * "page 3", shared/documents.ts pageCitation, with the page count).
 */
export function pageHeading(page: number, label: string | null | undefined, pageCount: number | null): string {
  const of = pageCount ? ` of ${pageCount.toLocaleString('en-US')}` : '';
  const printed = label?.trim();
  if (printed && printed !== String(page)) return `Page ${printed} (PDF page ${page.toLocaleString('en-US')}${of})`;
  return `Page ${page.toLocaleString('en-US')}${of}`;
}
