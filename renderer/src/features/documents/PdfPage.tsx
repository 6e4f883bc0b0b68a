import { useEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist';
import { findPassage } from './passageMatch.js';
import { textLayerClass } from './pdfDocument.js';

/** How a drawn page went: still drawing, drawn (with whether the passage was found on it), or not drawn. */
type PageDrawing = { phase: 'drawing' } | { phase: 'drawn'; found: boolean | null } | { phase: 'failed'; message: string };

interface PdfPageProps {
  pdf: PDFDocumentProxy;
  /** 1-based. */
  pageNumber: number;
  /** The passage to find and highlight on this page; null on the pages around it. */
  passage: string | null;
  /** The region's accessible name ("Page 1 (PDF page 5 of 6)"). */
  label: string;
}

/**
 * One page of the PDF as pdf.js draws it: the canvas, and over it pdf.js's text layer (the page's
 * words, selectable and read by screen readers) in which the passage's words are highlighted and
 * scrolled into view. The page is drawn at the width of the viewer, sharp at the screen's pixel ratio.
 */
export function PdfPage({ pdf, pageNumber, passage, label }: PdfPageProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const textLayer = useRef<HTMLDivElement>(null);
  const [drawing, setDrawing] = useState<{ key: string; value: PageDrawing } | null>(null);
  const key = `${pageNumber}\u0000${passage ?? ''}`;

  useEffect(() => {
    const box = scroller.current;
    const target = canvas.current;
    const layer = textLayer.current;
    if (!box || !target || !layer) return;
    // Ended when the page, the passage or the document changes, or the viewer closes.
    const run = new AbortController();
    const cancelled = () => run.signal.aborted;
    let render: RenderTask | null = null;
    let text: { cancel(): void } | null = null;
    const finish = (value: PageDrawing) => {
      if (!cancelled()) setDrawing({ key, value });
    };
    void (async () => {
      const page = await pdf.getPage(pageNumber);
      if (cancelled()) return;
      // The page's width is the viewer's, less the scroller's padding; its height follows.
      const style = getComputedStyle(box);
      const width = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const scale = Math.max(0.25, width / page.getViewport({ scale: 1 }).width);
      const viewport = page.getViewport({ scale });
      const ratio = window.devicePixelRatio || 1;
      target.width = Math.floor(viewport.width * ratio);
      target.height = Math.floor(viewport.height * ratio);
      target.style.width = `${Math.floor(viewport.width)}px`;
      target.style.height = `${Math.floor(viewport.height)}px`;
      render = page.render({ canvas: target, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
      await render.promise;
      if (cancelled()) return;

      layer.replaceChildren();
      layer.style.setProperty('--total-scale-factor', String(scale));
      const TextLayer = await textLayerClass();
      const words = new TextLayer({ textContentSource: page.streamTextContent(), container: layer, viewport });
      text = words;
      await words.render();
      if (cancelled()) return;
      const range = passage === null ? null : findPassage(words.textContentItemsStr, passage);
      if (!range) {
        finish({ phase: 'drawn', found: passage === null ? null : false });
        return;
      }
      const marked = words.textDivs.slice(range.first, range.last + 1).filter((div) => div.textContent);
      for (const div of marked) div.classList.add('passage-hit');
      marked[0]?.scrollIntoView({ block: 'center' });
      finish({ phase: 'drawn', found: marked.length > 0 });
    })().catch((error: unknown) => {
      // A drawing cancelled for the next page is not a failure.
      if (cancelled() || (error instanceof Error && error.name === 'RenderingCancelledException')) return;
      finish({ phase: 'failed', message: error instanceof Error ? error.message : String(error) });
    });
    return () => {
      run.abort();
      render?.cancel();
      text?.cancel();
    };
  }, [pdf, pageNumber, passage, key]);

  const shown = drawing?.key === key ? drawing.value : { phase: 'drawing' as const };
  return (
    <div className="passage-pdf" ref={scroller} role="region" aria-label={label} aria-busy={shown.phase === 'drawing'} tabIndex={0}>
      <div className="passage-pdf-page">
        <canvas ref={canvas} aria-hidden="true" data-page={pageNumber} />
        <div ref={textLayer} className="textLayer" />
      </div>
      {shown.phase === 'failed' && (
        <p role="alert" className="passage-pdf-note">
          This page could not be drawn ({shown.message}). Its text is under “Stored text”.
        </p>
      )}
      {shown.phase === 'drawn' && shown.found === false && (
        <p role="status" className="passage-pdf-note">
          The passage could not be found in this page’s text layer; “Stored text” shows it marked.
        </p>
      )}
    </div>
  );
}
