/**
 * PDF text extraction speed: Enclave's `extractDocument` (pdf.js, page by page, text normalised) over a
 * whole PDF against poppler's `pdftotext` over the same file, one after the other in the same run.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { extractDocument } from '../../../electron/core/documents/parse/extract.js';

const run = promisify(execFile);

export interface ExtractionSpeed {
  pages: number;
  enclavePagesPerSecond: number;
  pdftotextPagesPerSecond: number;
}

async function pageCount(pdfPath: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [pdfPath]);
  const pages = /^Pages:\s+(\d+)/m.exec(stdout)?.[1];
  if (pages === undefined) throw new Error(`pdfinfo gave no page count for ${pdfPath}`);
  return Number(pages);
}

export async function measureExtractionSpeed(pdfPath: string): Promise<ExtractionSpeed> {
  const pages = await pageCount(pdfPath);
  let started = performance.now();
  // Text to stdout, read and dropped, as Enclave's text is read and dropped below.
  await run('pdftotext', ['-q', pdfPath, '-'], { maxBuffer: 1024 * 1024 * 1024 });
  const pdftotextSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  let sections = 0;
  for await (const section of extractDocument(pdfPath)) if (section.text !== '') sections++;
  if (sections === 0) throw new Error(`Enclave read no text from ${pdfPath}`);
  const enclaveSeconds = (performance.now() - started) / 1000;
  return { pages, enclavePagesPerSecond: pages / enclaveSeconds, pdftotextPagesPerSecond: pages / pdftotextSeconds };
}
