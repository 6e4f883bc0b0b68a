/**
 * OCR accuracy on clean scans: pages of a text PDF rendered at 300 dpi in grayscale with poppler's
 * `pdftoppm`, each PNG imported as a picture (`extractDocument`, the image path: one Tesseract worker
 * per picture, as an import of a picture starts one), and its text compared with the same page's text
 * layer as Enclave extracts it. Character error rate: edit distance over the reference's length, both
 * texts Unicode-normalised with typographic quotes made plain, line-end hyphens rejoined and whitespace
 * made one space.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { extractDocument } from '../../../electron/core/documents/parse/extract.js';
import { characterErrorRate } from '../../fixtures/characterErrorRate.js';

const run = promisify(execFile);

export interface OcrPageResult {
  page: number;
  errorRate: number;
  seconds: number;
}

/** Renders and reads each page; `textLayer` gives the page's extracted text. */
export async function measureOcr(
  pdfPath: string,
  pages: readonly number[],
  textLayer: (page: number) => string,
  workDir: string,
): Promise<OcrPageResult[]> {
  fs.mkdirSync(workDir, { recursive: true });
  const results: OcrPageResult[] = [];
  for (const page of pages) {
    const prefix = path.join(workDir, `page-${page}`);
    await run('pdftoppm', ['-r', '300', '-gray', '-png', '-singlefile', '-f', String(page), '-l', String(page), pdfPath, prefix]);
    const started = performance.now();
    let text = '';
    for await (const section of extractDocument(`${prefix}.png`)) text += `${section.text}\n`;
    const seconds = (performance.now() - started) / 1000;
    results.push({ page, errorRate: characterErrorRate(text, textLayer(page)), seconds });
  }
  return results;
}
