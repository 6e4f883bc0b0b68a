import type * as PdfjsModule from 'pdfjs-dist';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import PdfWorker from 'pdfjs-dist/build/pdf.worker.min.mjs?worker';

type Pdfjs = typeof PdfjsModule;

let pdfjs: Promise<Pdfjs> | null = null;

/**
 * pdf.js, loaded the first time a page is shown (it is most of a megabyte the chat never needs), with
 * its worker bundled by Vite as a file of the app: the CSP's script-src 'self' covers it, and no
 * worker-src or blob: is needed.
 */
function loadPdfjs(): Promise<Pdfjs> {
  pdfjs ??= import('pdfjs-dist').then((module) => {
    // One worker for every document the window opens; pdf.js does not end a worker it was handed.
    module.GlobalWorkerOptions.workerPort = new PdfWorker();
    return module;
  });
  return pdfjs;
}

/** A folder the build copies out of pdfjs-dist (electron.vite.config.ts), as an absolute URL of the app. */
function bundled(folder: string): string {
  return new URL(`./pdfjs/${folder}/`, document.baseURI).href;
}

/**
 * Opens a PDF's bytes for drawing its pages. Everything it needs comes from the app itself:
 * - `isEvalSupported: false`: fonts are drawn without compiling glyph outlines into functions (the
 *   CSP has no 'unsafe-eval', and the check itself would be reported as a violation);
 * - `useWasm: false`: the CSP has no 'wasm-unsafe-eval'; JPEG 2000 images use pdf.js's plain
 *   JavaScript decoder (bundled under pdfjs/wasm/), JBIG2 its JavaScript one, and colours without ICC
 *   profiles are converted as pdf.js does without them;
 * - the standard 14 fonts and the CMaps from the bundle (`useSystemFonts: false`: a page looks the
 *   same on every machine, as the document reader saw it); embedded fonts load through the FontFace
 *   API from their bytes, which font-src does not govern;
 * - `useWorkerFetch: true`: the worker fetches those files itself, with fetch() (pdf.js would
 *   otherwise send the window's XMLHttpRequest for any URL not http(s), as app:// is not);
 * - no XFA forms, no scripting: a page is only drawn.
 */
export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  const { getDocument } = await loadPdfjs();
  return getDocument({
    data: bytes,
    isEvalSupported: false,
    useWasm: false,
    wasmUrl: bundled('wasm'),
    useSystemFonts: false,
    standardFontDataUrl: bundled('standard_fonts'),
    cMapUrl: bundled('cmaps'),
    cMapPacked: true,
    useWorkerFetch: true,
    enableXfa: false,
  }).promise;
}

/** The text layer class of the same pdf.js build. */
export async function textLayerClass(): Promise<Pdfjs['TextLayer']> {
  return (await loadPdfjs()).TextLayer;
}
