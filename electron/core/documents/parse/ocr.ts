import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker as TesseractWorker } from 'tesseract.js';
import { cancelledError } from './documentErrors.js';
import { rejoinHyphenatedLines } from './hyphenation.js';
import { languageDataFolder } from './ocrLanguages.js';

/** The languages OCR reads when none are configured: English, whose data ships with Enclave. */
export const defaultOcrLanguages: readonly string[] = ['eng'];

/** What OCR made of one image. */
export interface RecognizedText {
  /** The text, with runs of spaces and blank lines collapsed; empty when nothing was found. */
  text: string;
  /** Tesseract's mean word confidence for the image, 0-100. */
  confidence: number;
}

/**
 * One folder with every language's traineddata: tesseract.js reads all languages from one `langPath`
 * (its in-memory form, `{ code, data }`, is broken in 7.0.0: it names the language by its bytes). With
 * one language that is its package's folder; with several, their files are copied into a temporary one, removed once Tesseract has loaded them.
 */
async function languageFolder(languages: readonly string[]): Promise<{ path: string; temporary: boolean }> {
  const [only, ...others] = languages;
  if (only !== undefined && others.length === 0) return { path: languageDataFolder(only), temporary: false };
  // Every language is found before anything is staged: a missing one leaves no temporary folder behind.
  const folders = languages.map((code) => ({ code, folder: languageDataFolder(code) }));
  const staged = await mkdtemp(join(tmpdir(), 'enclave-ocr-languages-'));
  const file = (code: string): string => `${code}.traineddata.gz`;
  await Promise.all(folders.map(({ code, folder }) => copyFile(join(folder, file(code)), join(staged, file(code)))));
  return { path: staged, temporary: true };
}

/**
 * One tesseract.js worker (a worker thread running Tesseract compiled to WebAssembly), started on the
 * first image and kept for the rest of the document. `dispose` ends it; an abort of `signal` ends it
 * at once, so a page being recognised stops with `import-cancelled` instead of running to its end.
 */
export class PageRecognizer {
  private worker: Promise<TesseractWorker> | null = null;
  private readonly onAbort = (): void => void this.dispose();

  constructor(
    private readonly filePath: string,
    private readonly signal: AbortSignal | undefined,
    private readonly languages: readonly string[] = defaultOcrLanguages,
  ) {
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Recognises an encoded image (PNG, JPEG, TIFF, BMP, or a PGM made from a PDF's scan). */
  async recognize(image: Uint8Array): Promise<RecognizedText> {
    if (this.signal?.aborted) throw cancelledError(this.filePath);
    // A terminated tesseract.js worker never settles the job it was running: the abort ends the wait.
    let stopWaiting = (): void => undefined;
    const aborted = new Promise<never>((_resolve, reject) => {
      stopWaiting = () => reject(cancelledError(this.filePath));
      this.signal?.addEventListener('abort', stopWaiting, { once: true });
    });
    try {
      const worker = await Promise.race([this.start(), aborted]);
      const result = await Promise.race([worker.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength)), aborted]);
      return { text: tidyRecognizedText(result.data.text), confidence: result.data.confidence };
    } catch (error) {
      if (this.signal?.aborted) throw cancelledError(this.filePath);
      throw error;
    } finally {
      this.signal?.removeEventListener('abort', stopWaiting);
      aborted.catch(() => undefined);
    }
  }

  async dispose(): Promise<void> {
    this.signal?.removeEventListener('abort', this.onAbort);
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.then((started) => started.terminate()).catch(() => undefined);
  }

  private start(): Promise<TesseractWorker> {
    this.worker ??= (async () => {
      const { createWorker, OEM } = await import('tesseract.js');
      const folder = await languageFolder(this.languages);
      try {
        // cacheMethod 'none': nothing is written next to the app or read back from a previous run.
        return await createWorker([...this.languages], OEM.LSTM_ONLY, {
          langPath: folder.path,
          cacheMethod: 'none',
          gzip: true,
          // Without a handler tesseract.js throws a failed job's error where nobody catches it; the job's promise rejects all the same.
          errorHandler: () => undefined,
        });
      } finally {
        if (folder.temporary) await rm(folder.path, { recursive: true, force: true });
      }
    })();
    return this.worker;
  }
}

/**
 * OCR's text with runs of spaces and blank lines collapsed, and words a scanned page hyphenated at a
 * line end rejoined by the same rule as a text layer's (hyphenation.ts), so "exam-" "ple" is found as
 * "example" whichever way the page was read.
 */
export function tidyRecognizedText(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n');
  return rejoinHyphenatedLines(lines).replace(/\n{3,}/g, '\n\n').trim();
}
