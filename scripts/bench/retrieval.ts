/**
 * bench:retrieval — does Enclave find the page that answers a question, on real documents?
 *
 * - Page accuracy: scripts/bench/retrieval/questions.json (questions written from the documents' pages,
 *   each with its answer page) searched keyword-only and hybrid; top-1 and top-5 page accuracy overall,
 *   per document and per language, and every miss. Target: keyword-only top-5 >= 0.95.
 * - OCR: pages of a text PDF rendered at 300 dpi and imported as pictures; character error rate against
 *   the page's own text layer. Target: <= 5 %.
 * - PDF extraction pages/s against poppler's `pdftotext` on the largest document.
 *
 * Documents: see retrieval/sources.ts (Debian manuals fetched with apt-get into .cache/bench-retrieval/,
 * hash-checked). Exits 0 whatever the figures; non-zero only when the bench itself fails.
 * Environment: BENCH_THREADS (2, llama.cpp threads), BENCH_OCR_PAGES (10), BENCH_EMBEDDING_MODEL (a GGUF
 * path; default: a real MiniLM at .cache/models/*minilm*.gguf if there is one, else the generated
 * tiny-embedding model, whose random weights measure the fusion, not semantics).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ExtractedSection } from '../../electron/core/documents/parse/types.js';
import { extractDocument } from '../../electron/core/documents/parse/extract.js';
import { createForkLauncher } from '../../electron/core/llm/host/forkLauncher.js';
import { LocalProvider } from '../../electron/core/llm/localProvider.js';
import { ensureTestModel } from '../generate-test-models.js';
import { measureExtractionSpeed } from './retrieval/extractionSpeed.js';
import { measureOcr } from './retrieval/ocrAccuracy.js';
import { askQuestions, indexLibrary, type QuestionResult, topHits } from './retrieval/pageAccuracy.js';
import { readQuestions } from './retrieval/questions.js';
import { benchCacheDir, type BenchDocument, fetchBenchDocuments } from './retrieval/sources.js';
import { format } from './stats.js';
import { benchModelInfo } from './benchModelInfo.js';

const threads = Number(process.env.BENCH_THREADS ?? 2);
const ocrPageCount = Number(process.env.BENCH_OCR_PAGES ?? 10);
const keywordTarget = 0.95;
const ocrTarget = 0.05;
/** Prose pages of gnuplot.pdf (running text, a few commands; no plots or two-column index) for the OCR check. */
const ocrDocument = 'gnuplot.pdf';
const ocrPages = [22, 34, 46, 58, 87, 101, 129, 150, 167, 209, 234, 303];

function hasTool(name: string): boolean {
  try {
    execFileSync('which', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The embedding model hybrid search runs with, and whether its weights are real. */
async function embeddingModelPath(): Promise<{ path: string; real: boolean }> {
  if (process.env.BENCH_EMBEDDING_MODEL) return { path: process.env.BENCH_EMBEDDING_MODEL, real: true };
  const modelsDir = path.join(benchCacheDir, '..', 'models');
  const minilm = fs.existsSync(modelsDir) ? fs.readdirSync(modelsDir).find((name) => /minilm.*\.gguf$/i.test(name)) : undefined;
  if (minilm) return { path: path.join(modelsDir, minilm), real: true };
  return { path: await ensureTestModel('tiny-embedding'), real: false };
}

const ratio = (count: number, total: number) => (total === 0 ? 'n/a' : format(count / total, 3));
const verdict = (met: boolean) => (met ? 'PASS' : 'FAIL');

function accuracyRows(results: readonly QuestionResult[], documents: readonly BenchDocument[]): string[] {
  const groups: Array<[string, (result: QuestionResult) => boolean]> = [
    ['all', () => true],
    ...documents.map((document): [string, (result: QuestionResult) => boolean] => [document.name, (result) => result.question.document === document.name]),
    ...[...new Set(results.map((result) => result.question.language))].map((language): [string, (result: QuestionResult) => boolean] => [
      `questions in ${language}`,
      (result) => result.question.language === language,
    ]),
  ];
  const lines = [`  ${'questions'.padEnd(24)} ${'n'.padStart(4)}   keyword top-1  top-${topHits}   hybrid top-1  top-${topHits}`];
  for (const [label, belongs] of groups) {
    const keyword = results.filter((result) => result.mode === 'keyword' && belongs(result));
    const hybrid = results.filter((result) => result.mode === 'hybrid' && belongs(result));
    if (keyword.length === 0) continue;
    const count = (list: readonly QuestionResult[], key: 'first' | 'inTop') => list.filter((result) => result[key]).length;
    lines.push(
      `  ${label.padEnd(24)} ${String(keyword.length).padStart(4)}   ${ratio(count(keyword, 'first'), keyword.length).padStart(13)}  ${ratio(count(keyword, 'inTop'), keyword.length).padStart(5)}` +
        `   ${ratio(count(hybrid, 'first'), hybrid.length).padStart(12)}  ${ratio(count(hybrid, 'inTop'), hybrid.length).padStart(5)}`,
    );
  }
  return lines;
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  console.log('bench:retrieval — answer pages found, OCR accuracy and PDF extraction speed on real documents');
  const popplerPresent = hasTool('pdftotext') && hasTool('pdftoppm') && hasTool('pdfinfo');
  if (!popplerPresent) console.log('poppler-utils not installed (apt-get install poppler-utils): OCR and the pdftotext comparison are skipped.');
  const documents = await fetchBenchDocuments((line) => console.log(line));
  const present = new Set(documents.map((document) => document.name));
  const questions = readQuestions().filter((question) => present.has(question.document));
  console.log(`${documents.length} documents, ${questions.length} questions (${readQuestions().length - questions.length} left out with their documents)`);

  // Each document is read once; both indexes and the OCR reference reuse its sections.
  const sections = new Map<string, ExtractedSection[]>();
  for (const document of documents) {
    const started = performance.now();
    const read: ExtractedSection[] = [];
    for await (const section of extractDocument(document.filePath)) read.push(section);
    sections.set(document.filePath, read);
    const seconds = (performance.now() - started) / 1000;
    console.log(`  ${document.name.padEnd(20)} ${document.language}  ${String(read.length).padStart(5)} pages with text  ${format(read.length / seconds, 1).padStart(6)} pages/s`);
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-retrieval-'));
  const embedder = await embeddingModelPath();
  const model = benchModelInfo(path.basename(embedder.path, '.gguf'), embedder.path, threads);
  const provider = new LocalProvider(createForkLauncher({ env: { ENCLAVE_GPU: 'off' } }), { threads, contextSize: 512, gpuLayers: 0, memoryBudgetBytes: null });
  try {
    const keywordLibrary = await indexLibrary(path.join(dir, 'keyword'), documents, sections, null);
    console.log(`keyword-only index: ${keywordLibrary.chunks} chunks in ${format(keywordLibrary.seconds, 1)} s`);
    const hybridLibrary = await indexLibrary(path.join(dir, 'hybrid'), documents, sections, { provider, model });
    console.log(`hybrid index (${path.basename(embedder.path)}, ${threads} threads): ${hybridLibrary.chunks} chunks in ${format(hybridLibrary.seconds, 1)} s`);
    if (!embedder.real) {
      console.log('NOTE: no real embedding model (.cache/models/*minilm*.gguf); hybrid runs on the generated tiny-embedding model,');
      console.log('      random weights: it measures the fusion with a vector list, not semantic search.');
    }
    const vectors = new Map<string, Float32Array>();
    for (let offset = 0; offset < questions.length; offset += 64) {
      const batch = questions.slice(offset, offset + 64);
      const embedded = await provider.embed(model, batch.map((question) => question.question));
      batch.forEach((question, index) => {
        const vector = embedded[index];
        if (vector) vectors.set(question.id, vector);
      });
    }
    const results = [
      ...askQuestions(keywordLibrary, questions, 'keyword', () => null),
      ...askQuestions(hybridLibrary, questions, 'hybrid', (question) => vectors.get(question.id) ?? null),
    ];
    keywordLibrary.db.close();
    hybridLibrary.db.close();

    console.log(`\nPage accuracy (the answer page among the first hit / the first ${topHits} hits, relevance floor as the app's default)`);
    for (const line of accuracyRows(results, documents)) console.log(line);
    const keyword = results.filter((result) => result.mode === 'keyword');
    const keywordTop = keyword.filter((result) => result.inTop).length / Math.max(1, keyword.length);
    console.log(`  keyword-only top-${topHits} ${format(keywordTop, 3)}   target >= ${keywordTarget}   ${verdict(keywordTop >= keywordTarget)}`);
    for (const mode of ['keyword', 'hybrid'] as const) {
      const misses = results.filter((result) => result.mode === mode && !result.inTop);
      console.log(`\nMisses, ${mode} (answer page not in the top ${topHits}): ${misses.length}`);
      for (const miss of misses) {
        const { id, document, pages, question } = miss.question;
        console.log(`  ${id}  ${JSON.stringify(question)}  expected ${document} p.${pages.join('/')}  got ${miss.got.join(', ') || 'nothing'}`);
      }
    }
  } finally {
    await provider.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const ocrSource = documents.find((document) => document.name === ocrDocument);
  if (popplerPresent && !ocrSource) console.log(`\nOCR skipped: ${ocrDocument} is not among the documents fetched.`);
  if (popplerPresent && ocrSource && ocrPageCount > 0) {
    const pages = ocrPages.slice(0, ocrPageCount);
    const byPage = new Map((sections.get(ocrSource.filePath) ?? []).map((section) => [section.page, section.text]));
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-ocr-'));
    try {
      const ocr = await measureOcr(ocrSource.filePath, pages, (page) => byPage.get(page) ?? '', workDir);
      const meanRate = ocr.reduce((sum, page) => sum + page.errorRate, 0) / ocr.length;
      const seconds = ocr.reduce((sum, page) => sum + page.seconds, 0);
      console.log(`\nOCR: ${ocrDocument}, ${ocr.length} pages at 300 dpi gray, each imported as a picture, against its text layer`);
      console.log(`  per page CER: ${ocr.map((page) => `p.${page.page} ${format(page.errorRate * 100, 1)} %`).join(', ')}`);
      console.log(`  mean CER ${format(meanRate * 100, 2)} %   target <= ${ocrTarget * 100} %   ${verdict(meanRate <= ocrTarget)}   ${format(ocr.length / seconds, 3)} pages/s (each includes starting Tesseract)`);
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  }

  if (popplerPresent && documents.length > 0) {
    const largest = documents.reduce((a, b) => (fs.statSync(b.filePath).size > fs.statSync(a.filePath).size ? b : a));
    const speed = await measureExtractionSpeed(largest.filePath);
    console.log(`\nPDF extraction: ${largest.name}, ${speed.pages} pages`);
    console.log(`  Enclave extractDocument ${format(speed.enclavePagesPerSecond, 1).padStart(8)} pages/s`);
    console.log(`  pdftotext               ${format(speed.pdftotextPagesPerSecond, 1).padStart(8)} pages/s`);
    console.log(`  ratio Enclave / pdftotext ${format(speed.enclavePagesPerSecond / speed.pdftotextPagesPerSecond, 2)}`);
  }
  console.log(`\nbench:retrieval took ${format((performance.now() - benchStarted) / 1000, 0)} s`);
}

try {
  await main();
} catch (error) {
  console.error('bench:retrieval failed:', error);
  process.exitCode = 1;
}
