import { type ReactNode, useState } from 'react';
import type { PassageView } from '@shared/documents.js';
import type { AppError } from '@shared/errors.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave, settle } from '../../lib/api.js';
import { pageHeading } from './pageHeading.js';
import { PdfPage } from './PdfPage.js';
import { useOriginalPdf } from './useOriginalPdf.js';

interface OriginalPagesProps {
  passage: PassageView;
  /** The stored text of the page with the passage marked: the other view, and the fallback. */
  storedText: ReactNode;
}

/**
 * The viewer's body: a PDF's page as drawn from the file it was imported from, with previous and next
 * page, a switch to the stored text, and "Open in system viewer". Without the file as it was indexed
 * (gone, changed, too large) or for a document that is not a PDF, the stored text is shown, and why.
 */
export function OriginalPages({ passage, storedText }: OriginalPagesProps) {
  const isPdf = passage.format === 'pdf' && passage.page !== null;
  const original = useOriginalPdf(isPdf ? passage.documentId : null);
  const [view, setView] = useState<'page' | 'text'>('page');
  const [pageNumber, setPageNumber] = useState(passage.page ?? 1);
  const [openError, setOpenError] = useState<AppError | null>(null);
  const drawn = original.phase === 'ready';
  const showPage = drawn && view === 'page';

  async function openInSystemViewer() {
    setOpenError(null);
    const result = await settle(() => enclave().documents.openOriginal({ documentId: passage.documentId }));
    if (!result.ok) setOpenError(result.error);
  }

  const pageCount = drawn ? original.pdf.numPages : passage.pageCount;
  const heading = pageHeading(pageNumber, drawn ? original.pageLabels?.[pageNumber - 1] : passage.pageLabel, pageCount);
  return (
    <>
      <div className="passage-viewer-toolbar">
        {drawn && (
          <div className="passage-viewer-views" role="group" aria-label="Show">
            <button type="button" className="button" aria-pressed={view === 'page'} onClick={() => setView('page')}>
              Page
            </button>
            <button type="button" className="button" aria-pressed={view === 'text'} onClick={() => setView('text')}>
              Stored text
            </button>
          </div>
        )}
        {showPage && (
          <div className="passage-viewer-pager" role="group" aria-label="Pages">
            <button
              type="button"
              className="icon-button"
              aria-label="Previous page"
              disabled={pageNumber <= 1}
              onClick={() => setPageNumber((page) => Math.max(1, page - 1))}
            >
              <span aria-hidden="true">‹</span>
            </button>
            <span className="passage-viewer-page" aria-live="polite">
              {heading}
            </span>
            <button
              type="button"
              className="icon-button"
              aria-label="Next page"
              disabled={pageNumber >= original.pdf.numPages}
              onClick={() => setPageNumber((page) => Math.min(original.pdf.numPages, page + 1))}
            >
              <span aria-hidden="true">›</span>
            </button>
          </div>
        )}
        <button type="button" className="button passage-viewer-open" onClick={() => void openInSystemViewer()}>
          Open in system viewer
        </button>
      </div>
      {openError && <InlineAlert error={openError} prefix="Could not open the file" onDismiss={() => setOpenError(null)} />}
      {original.phase === 'loading' && (
        <p role="status" className="muted">
          Opening the PDF…
        </p>
      )}
      {original.phase === 'failed' && (
        <p role="status" className="muted passage-viewer-fallback" data-error-code={original.error.code}>
          {original.error.message}
        </p>
      )}
      {showPage ? (
        <PdfPage
          pdf={original.pdf}
          pageNumber={pageNumber}
          passage={pageNumber === passage.page ? passage.text.slice(passage.highlightStart, passage.highlightEnd) : null}
          label={heading}
        />
      ) : (
        original.phase !== 'loading' && storedText
      )}
    </>
  );
}
