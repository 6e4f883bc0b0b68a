import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as PdfjsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { EnclaveError } from '../../errors.js';
import { corruptError, displayName, throwIfAborted, toDocumentError } from './documentErrors.js';
import { type DocumentFile } from './fileSource.js';
import { type RawSection } from './types.js';

/** pdf.js asks for the file in ranges this big, so a large PDF is never read into memory whole. */
const rangeChunkSize = 64 * 1024;

/** The package's own font metrics and CMaps, as file paths: pdf.js must never fetch anything. */
const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const standardFontDataUrl = join(pdfjsRoot, 'standard_fonts') + '/';
const cMapUrl = join(pdfjsRoot, 'cmaps') + '/';

type Pdfjs = typeof PdfjsModule;

/** pdf.js is about 2 MB of JavaScript: load it when the first PDF arrives, not with the app. */
let pdfjsModule: Promise<Pdfjs> | null = null;
function loadPdfjs(): Promise<Pdfjs> {
  pdfjsModule ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsModule;
}

interface FileRangeTransport {
  readonly transport: InstanceType<Pdfjs['PDFDataRangeTransport']>;
  /** A read error that stopped pdf.js, to report instead of pdf.js's own "worker destroyed". */
  failure: unknown;
  onFailure: () => void;
}

/** Serves pdf.js's range requests from the open file. */
function createRangeTransport(pdfjs: Pdfjs, file: DocumentFile, initialData: Uint8Array): FileRangeTransport {
  const state: FileRangeTransport = {
    transport: new pdfjs.PDFDataRangeTransport(file.size, initialData),
    failure: null,
    onFailure: () => undefined,
  };
  state.transport.requestDataRange = (begin: number, end: number): void => {
    file.read(begin, end - begin).then(
      (bytes) => state.transport.onDataRange(begin, bytes),
      (error: unknown) => {
        state.failure = error;
        state.onFailure();
      },
    );
  };
  return state;
}

/**
 * A PDF's text, one section per page that has text (`page` is 1-based). Pages are parsed one at a
 * time and released (`page.cleanup()`), and the file is read in 64 KB ranges on demand, so memory
 * stays flat however many pages there are.
 */
export async function* extractPdf(file: DocumentFile, signal: AbortSignal | undefined): AsyncGenerator<RawSection> {
  const pdfjs = await loadPdfjs();
  const transport = createRangeTransport(pdfjs, file, await file.read(0, Math.min(file.size, rangeChunkSize)));
  const task = pdfjs.getDocument({
    range: transport.transport,
    rangeChunkSize,
    disableAutoFetch: true,
    disableStream: true,
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    useWorkerFetch: false,
    standardFontDataUrl,
    cMapUrl,
    cMapPacked: true,
    // Errors only: damaged-but-readable files would otherwise print a warning per glitch.
    verbosity: 0,
  });
  transport.onFailure = () => void task.destroy();
  let document: PdfjsModule.PDFDocumentProxy;
  try {
    document = await task.promise;
  } catch (error) {
    await task.destroy();
    throw pdfError(file.path, transport.failure ?? error);
  }
  try {
    let pagesWithText = 0;
    for (let pageNumber = 1; pageNumber <= document.numPages; pageNumber++) {
      throwIfAborted(file.path, signal);
      let text: string;
      try {
        const page = await document.getPage(pageNumber);
        const content = await page.getTextContent();
        text = pageText(content.items);
        page.cleanup();
      } catch (error) {
        throw pdfError(file.path, transport.failure ?? error, pageNumber);
      }
      await file.assertStillPresent();
      if (text === '') continue;
      pagesWithText++;
      yield { page: pageNumber, section: null, text };
    }
    if (pagesWithText === 0) {
      throw new EnclaveError(
        'document-no-text',
        `${displayName(file.path)} has no text layer: it looks like a scanned image. Enclave does not do OCR; run it through an OCR tool (for example your scanner's software or ocrmypdf) and import the result.`,
      );
    }
  } finally {
    await task.destroy();
  }
}

/** Joins a page's text items, keeping pdf.js's line ends; runs of spaces and blank lines are collapsed. */
function pageText(items: readonly object[]): string {
  let text = '';
  for (const item of items) {
    if (!('str' in item) || typeof item.str !== 'string') continue;
    text += item.str;
    if ('hasEOL' in item && item.hasEOL === true) text += '\n';
  }
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function pdfError(filePath: string, error: unknown, pageNumber?: number): unknown {
  const mapped = toDocumentError(filePath, error);
  if (mapped instanceof EnclaveError) return mapped;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'PasswordException') {
    return new EnclaveError(
      'document-encrypted',
      `${displayName(filePath)} is password-protected; Enclave cannot read it. Save an unprotected copy and import that.`,
      { cause: error },
    );
  }
  const where = pageNumber === undefined ? 'it is not a readable PDF' : `page ${pageNumber} cannot be read`;
  return corruptError(filePath, where, error);
}
