/**
 * bench:docs, parsing part — PDF pages/s of Enclave's `extractDocument` against poppler's `pdftotext`
 * on the same generated 500-page PDF, in the same run: alternating runs, median of 3 each, after one
 * discarded warm-up of each (module loading, disk cache). Prints raw figures and the ratio.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { extractDocument } from '../../electron/core/documents/parse/index.js';
import { ensureManyPagePdf } from '../fixtures/documents.js';
import { format, median } from './stats.js';

const pageCount = Number(process.env.BENCH_PDF_PAGES ?? 500);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const pdftotext = process.env.PDFTOTEXT ?? '/usr/bin/pdftotext';
const run = promisify(execFile);

export interface PdfParseBench {
  pages: number;
  enclavePagesPerSecond: number[];
  pdftotextPagesPerSecond: number[];
  /** Median Enclave pages/s over median pdftotext pages/s. */
  ratio: number;
}

async function timeEnclave(path: string): Promise<number> {
  const startedAt = performance.now();
  let pages = 0;
  for await (const _section of extractDocument(path)) pages++;
  const seconds = (performance.now() - startedAt) / 1000;
  if (pages !== pageCount) throw new Error(`extractDocument yielded ${pages} pages, expected ${pageCount}`);
  return pages / seconds;
}

async function timePdftotext(path: string): Promise<number> {
  const startedAt = performance.now();
  // Text to stdout, which we read and drop, as Enclave's text is read and dropped above.
  await run(pdftotext, ['-enc', 'UTF-8', path, '-'], { maxBuffer: 256 * 1024 * 1024 });
  return pageCount / ((performance.now() - startedAt) / 1000);
}

export async function benchPdfParsing(): Promise<PdfParseBench> {
  const path = await ensureManyPagePdf(pageCount);
  await timeEnclave(path);
  await timePdftotext(path);
  const enclave: number[] = [];
  const poppler: number[] = [];
  for (let index = 0; index < runs; index++) {
    enclave.push(await timeEnclave(path));
    poppler.push(await timePdftotext(path));
  }
  return {
    pages: pageCount,
    enclavePagesPerSecond: enclave,
    pdftotextPagesPerSecond: poppler,
    ratio: median(enclave) / median(poppler),
  };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await benchPdfParsing();
  const list = (values: number[]): string => values.map((value) => format(value, 0)).join(', ');
  console.log(`PDF parsing, ${result.pages}-page generated PDF, ${runs} alternating runs each (after one warm-up):`);
  console.log(`  Enclave extractDocument: ${list(result.enclavePagesPerSecond)} pages/s (median ${format(median(result.enclavePagesPerSecond), 0)})`);
  console.log(`  pdftotext (poppler):     ${list(result.pdftotextPagesPerSecond)} pages/s (median ${format(median(result.pdftotextPagesPerSecond), 0)})`);
  console.log(`  ratio Enclave / pdftotext: ${format(result.ratio, 3)}`);
}
