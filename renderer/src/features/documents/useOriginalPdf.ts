import { useEffect, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { AppError } from '@shared/errors.js';
import { enclave, settle } from '../../lib/api.js';
import { openPdf } from './pdfDocument.js';

/**
 * A document's own PDF, opened for drawing its pages: `none` for a document that is not a PDF (its
 * stored text is all there is), `failed` when the file is gone, changed or too large (core says which,
 * and the viewer shows the stored text instead).
 */
export type OriginalPdfState =
  | { phase: 'none' }
  | { phase: 'loading' }
  | { phase: 'ready'; pdf: PDFDocumentProxy; pageLabels: readonly string[] | null }
  | { phase: 'failed'; error: AppError };

/** Reads the file through `documents.original` (by the document's id) and opens it with pdf.js; closed on unmount. */
export function useOriginalPdf(documentId: string | null): OriginalPdfState {
  const [state, setState] = useState<{ documentId: string; value: OriginalPdfState } | null>(null);
  useEffect(() => {
    if (documentId === null) return;
    // Ended when the viewer closes or moves to another document: a late answer is then dropped.
    const run = new AbortController();
    const current = () => !run.signal.aborted;
    let opened: PDFDocumentProxy | null = null;
    void (async () => {
      const result = await settle(() => enclave().documents.original({ documentId }));
      if (!current()) return;
      if (!result.ok) {
        setState({ documentId, value: { phase: 'failed', error: result.error } });
        return;
      }
      try {
        opened = await openPdf(result.value.bytes);
        const pageLabels = await opened.getPageLabels().catch(() => null);
        if (current()) setState({ documentId, value: { phase: 'ready', pdf: opened, pageLabels } });
        else void opened.destroy();
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        if (current()) {
          setState({ documentId, value: { phase: 'failed', error: { code: 'document-corrupt', message: `The PDF could not be drawn (${detail}); showing the text Enclave stored.` } } });
        }
      }
    })();
    return () => {
      run.abort();
      void opened?.destroy();
    };
  }, [documentId]);
  if (documentId === null) return { phase: 'none' };
  return state?.documentId === documentId ? state.value : { phase: 'loading' };
}
