import { minOcrConfidence } from './pdfScan.js';
import type { DocumentNotice } from './types.js';

/** Page ranges named in one notice; a longer list ends with how many pages it leaves out. */
const maxRangesShown = 8;
/** Ranges kept per reason while reading: enough to show, with the rest only counted. */
const maxRangesKept = maxRangesShown + 1;

interface PageRange {
  first: number;
  last: number;
}

/** Page runs of one kind, merged as pages arrive in order, bounded however many pages a document has. */
class PageRuns {
  private readonly ranges: PageRange[] = [];
  private pagesNotKept = 0;
  add(page: number): void {
    const last = this.ranges.at(-1);
    if (last && (page === last.last || page === last.last + 1)) last.last = page;
    else if (this.ranges.length < maxRangesKept) this.ranges.push({ first: page, last: page });
    else this.pagesNotKept++;
  }

  get empty(): boolean {
    return this.ranges.length === 0;
  }

  /** "page 6", "pages 6-40", "pages 3, 6-40 and 52", "pages 1, 3, ... 15 and 57 more pages". */
  describe(): string {
    const shown = this.ranges.slice(0, maxRangesShown);
    const hiddenPages = this.ranges.slice(maxRangesShown).reduce((sum, range) => sum + range.last - range.first + 1, this.pagesNotKept);
    const parts = shown.map((range) => (range.first === range.last ? String(range.first) : `${range.first}-${range.last}`));
    const single = shown.length === 1 && hiddenPages === 0 && shown[0]?.first === shown[0]?.last;
    if (hiddenPages > 0) parts.push(`${hiddenPages} more ${hiddenPages === 1 ? 'page' : 'pages'}`);
    const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}` : (parts[0] ?? '');
    return `${single ? 'page' : 'pages'} ${list}`;
  }
}

/**
 * Collects what the reader noticed about a document while it is imported, and says it in a few
 * lines for `documents.notices`: consecutive unreadable pages collapse into ranges ("pages 6-40: no
 * text found"), and at most a handful of ranges are named, so a 2,000-page scan of blank pages makes
 * one short line, not 2,000.
 */
export class DocumentNoticeCollector {
  private copyRestricted = false;
  private readonly noText = new PageRuns();
  private readonly lowConfidence = new PageRuns();

  /** Takes one notice as the reader reports it; pages come in order. */
  add(notice: DocumentNotice): void {
    if (notice.kind === 'copy-restricted') {
      this.copyRestricted = true;
      return;
    }
    if (notice.reason === 'no-text') {
      this.noText.add(notice.page);
      return;
    }
    this.lowConfidence.add(notice.page);
  }

  /** The notices in words, the copy restriction first: at most three lines of bounded length. */
  notices(): string[] {
    const lines: string[] = [];
    if (this.copyRestricted) {
      lines.push(
        'Its owner restricts copying its text. Enclave indexed it so you can search and cite it on this computer; respect that restriction before quoting from it elsewhere.',
      );
    }
    if (!this.noText.empty) lines.push(`${this.noText.describe()}: no text found`);
    if (!this.lowConfidence.empty) {
      lines.push(`${this.lowConfidence.describe()}: too unclear for OCR to read (confidence under ${minOcrConfidence} %), not indexed`);
    }
    return lines;
  }
}
