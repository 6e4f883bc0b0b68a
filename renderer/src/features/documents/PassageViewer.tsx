import * as Dialog from '@radix-ui/react-dialog';
import { useLayoutEffect, useRef } from 'react';
import { type MessageSource, ocrCitation, type PassageView } from '@shared/documents.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { OriginalPages } from './OriginalPages.js';
import { pageHeading } from './pageHeading.js';
import { usePassage } from './usePassage.js';
import './passage-viewer.css';

interface PassageViewerProps {
  source: MessageSource;
  /** Where keyboard focus goes back to when the viewer closes: the marker or source that opened it. */
  opener: HTMLElement;
  onClose: () => void;
}

/**
 * A source opened from an answer: its document at the page the passage is on, the passage marked and
 * scrolled into view. A PDF's page is drawn from the file itself (OriginalPages), with the stored text
 * a toggle away; a file gone or changed since it was indexed, or a document that is not a PDF, shows
 * the stored text. A passage no longer in the library (its document removed, or re-indexed since) is
 * said to be gone, and the text the answer was given is still shown.
 */
export function PassageViewer({ source, opener, onClose }: PassageViewerProps) {
  const state = usePassage(source.chunkId);
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className="dialog passage-viewer"
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            if (opener.isConnected) opener.focus();
          }}
        >
          <header className="passage-viewer-header">
            <div>
              <Dialog.Title className="dialog-title">{source.fileName}</Dialog.Title>
              <Dialog.Description className="muted passage-viewer-where">
                Source {source.number} · {state.phase === 'ready' ? whereIn(state.passage) : whereIn(source)}
              </Dialog.Description>
            </div>
            <Dialog.Close className="icon-button" aria-label="Close the document">
              <span aria-hidden="true">×</span>
            </Dialog.Close>
          </header>
          {state.phase === 'loading' && (
            <p role="status" className="muted">
              Opening the page…
            </p>
          )}
          {state.phase === 'ready' && <OriginalPages passage={state.passage} storedText={<PageText passage={state.passage} />} />}
          {state.phase === 'failed' && (
            <>
              <InlineAlert error={state.error} prefix="This passage can no longer be opened" />
              <p className="muted">The text the answer was given:</p>
              <blockquote className="passage-snapshot">{source.text}</blockquote>
            </>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** The page's text as extracted, line breaks kept, with the passage marked and scrolled to. */
function PageText({ passage }: { passage: PassageView }) {
  const mark = useRef<HTMLElement>(null);
  useLayoutEffect(() => {
    mark.current?.scrollIntoView({ block: 'center' });
  }, [passage]);
  const start = Math.max(0, Math.min(passage.highlightStart, passage.text.length));
  const end = Math.max(start, Math.min(passage.highlightEnd, passage.text.length));
  return (
    <div className="passage-page" role="region" aria-label={`Text of ${whereIn(passage).toLowerCase()}`} tabIndex={0}>
      {passage.text.slice(0, start)}
      <mark ref={mark}>{passage.text.slice(start, end)}</mark>
      {passage.text.slice(end)}
    </div>
  );
}

/**
 * "Page 3 of 4", "Page xii (PDF page 14 of 20)", "Section Termination", or "Passage" for text without
 * either; "· OCR, 91 %" after it for a passage read from a scan.
 */
function whereIn(
  place: Pick<PassageView, 'page' | 'section'> & { pageLabel?: string | null | undefined; pageCount?: number | null; ocrConfidence?: number | null | undefined },
): string {
  const ocr = ocrCitation(place);
  const where = place.page !== null ? pageHeading(place.page, place.pageLabel, place.pageCount ?? null) : place.section ? `Section ${place.section}` : 'Passage';
  return ocr === null ? where : `${where} · ${ocr}`;
}
