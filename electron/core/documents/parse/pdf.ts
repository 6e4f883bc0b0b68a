import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as PdfjsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { EnclaveError } from '../../errors.js';
import { corruptError, displayName, throwIfAborted, toDocumentError, tooMuchTextError } from './documentErrors.js';
import { type DocumentFile } from './fileSource.js';
import { PageRecognizer } from './ocr.js';
import { recognizeScannedPage, scanTextThreshold } from './pdfScan.js';
import { rejoinHyphenatedLines } from './hyphenation.js';
import { columnReadingOrder, maxOrderedItems, type PlacedText, toPlacedText } from './readingOrder.js';
import { type DocumentNotice, type RawSection, type TextBudget } from './types.js';

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
 * stays flat however many pages there are. A page's text is read as pdf.js streams it and stops with
 * `document-too-large` once it passes what `budget` has left, so one page cannot pile up unbounded text either.
 * (pdf.js has no cap on how far one stream inflates: the reader process's memory limit bounds that.)
 * What it notices on the way, an owner's restriction on copying the text or a scanned page OCR could
 * not read, goes to `options.onNotice`; the PDF is read all the same.
 */
export async function* extractPdf(
  file: DocumentFile,
  signal: AbortSignal | undefined,
  budget: TextBudget = { maxChars: Number.POSITIVE_INFINITY, usedChars: 0 },
  options: PdfOptions = {},
): AsyncGenerator<RawSection> {
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
  const recognizer = new PageRecognizer(file.path, signal, options.ocrLanguages);
  const notify = options.onNotice ?? (() => undefined);
  let document: PdfjsModule.PDFDocumentProxy;
  try {
    document = await task.promise;
  } catch (error) {
    await task.destroy();
    throw pdfError(file.path, transport.failure ?? error);
  }
  try {
    if (await isCopyRestricted(pdfjs, document)) notify({ kind: 'copy-restricted' });
    const pageLabels = await readPageLabels(document);
    let pagesWithText = 0;
    for (let pageNumber = 1; pageNumber <= document.numPages; pageNumber++) {
      throwIfAborted(file.path, signal);
      let text: string;
      let ocrConfidence: number | undefined;
      try {
        const page = await document.getPage(pageNumber);
        text = await readPageText(page, budget.maxChars - budget.usedChars);
        // No text layer, or only a stamp on one: perhaps a scanned page, read by OCR.
        if (text.length < scanTextThreshold) {
          const scanned = await recognizeScannedPage(pdfjs, page, recognizer, text);
          ({ text, ocrConfidence } = scanned);
          if (scanned.unreadable) notify({ kind: 'page-unreadable', page: pageNumber, ...scanned.unreadable });
        }
        page.cleanup();
      } catch (error) {
        if (error === tooMuchText) throw tooMuchTextError(file.path, budget.maxChars);
        throw pdfError(file.path, transport.failure ?? error, pageNumber);
      }
      await file.assertStillPresent();
      if (text === '') continue;
      pagesWithText++;
      yield withPageLabel(
        ocrConfidence === undefined ? { page: pageNumber, section: null, text } : { page: pageNumber, section: null, text, ocrConfidence },
        pageLabels,
      );
    }
    if (pagesWithText === 0) {
      throw new EnclaveError(
        'document-no-text',
        `${displayName(file.path)} has no text layer, and OCR found no text on its pages. If it is a scan, scan it again at 300 dpi or more and import that.`,
      );
    }
  } finally {
    await recognizer.dispose();
    await task.destroy();
  }
}

/** What a PDF read needs besides the file: OCR's languages, and who hears its notices. */
export interface PdfOptions {
  /** Tesseract languages for scanned pages; English by default. */
  ocrLanguages?: readonly string[] | undefined;
  /** Hears a copy restriction and the pages that stayed unreadable. */
  onNotice?: ((notice: DocumentNotice) => void) | undefined;
}

/**
 * Whether the PDF's owner password forbids copying its text. Such a PDF opens without a password and
 * pdf.js reads it all the same; it is imported for search and citation on this computer, with a
 * notice saying so, rather than refused (the user holds the file and may read it) or imported without
 * a word (its author did say something).
 */
async function isCopyRestricted(pdfjs: typeof PdfjsModule, document: PdfjsModule.PDFDocumentProxy): Promise<boolean> {
  const allowed = await document.getPermissions();
  return allowed !== null && !allowed.includes(pdfjs.PermissionFlag.COPY);
}

/**
 * The printed page labels the PDF defines (its /PageLabels: "i", "ii", then "1"...), one per page, or
 * null without them. A damaged labels tree costs the labels, never the import.
 */
async function readPageLabels(document: PdfjsModule.PDFDocumentProxy): Promise<(string | undefined)[] | null> {
  try {
    return await document.getPageLabels();
  } catch {
    return null;
  }
}

/** The section with its page's printed label, when the PDF gives one other than the page's number. */
function withPageLabel(section: RawSection, pageLabels: readonly (string | undefined)[] | null): RawSection {
  const label = section.page === null ? undefined : pageLabels?.[section.page - 1]?.trim().slice(0, 200);
  return label && label !== String(section.page) ? { ...section, pageLabel: label } : section;
}

/** Thrown inside a page read past the text budget; turned into `document-too-large` with the file's name. */
const tooMuchText = new Error('too much text');

/** What `streamTextContent` yields: a batch of text items (its declared type is an untyped stream). */
interface TextContentChunk {
  items: readonly object[];
}

/**
 * A page's text items as pdf.js streams them (100 items at a time, with backpressure), joined with
 * pdf.js's line ends kept, or read column by column when the page is set in columns its stream
 * interleaves (readingOrder.ts); runs of spaces and blank lines are collapsed, and words hyphenated at a
 * line end are rejoined (hyphenation.ts). Past `budget` characters it
 * stops reading and throws `tooMuchText`; the stream is left uncancelled (pdf.js would later close
 * the cancelled stream and throw where nobody catches it) and stalls on its backpressure until the
 * document is destroyed. The items' positions are kept for ordering up to `maxOrderedItems`, so
 * memory stays bounded on any page.
 */
async function readPageText(page: PdfjsModule.PDFPageProxy, budget: number): Promise<string> {
  const reader = (page.streamTextContent() as ReadableStream<TextContentChunk>).getReader();
  let text = '';
  let placed: PlacedText[] | null = [];
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      for (const item of next.value.items) {
        if (!('str' in item) || typeof item.str !== 'string') continue;
        text += item.str;
        if ('hasEOL' in item && item.hasEOL === true) text += '\n';
        if (placed !== null && placed.push(toPlacedText(item as { str: string })) > maxOrderedItems) placed = null;
      }
      if (text.length > budget) throw tooMuchText;
    }
  } finally {
    reader.releaseLock();
  }
  const lines = ((placed && columnReadingOrder(placed)) ?? text)
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n');
  return rejoinHyphenatedLines(lines).replace(/\n{3,}/g, '\n\n').trim();
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
