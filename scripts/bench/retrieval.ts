/**
 * bench:retrieval — does Enclave find the page that answers a question, on real documents?
 *
 * - Page accuracy: scripts/bench/retrieval/questions.json (questions written from the documents' pages,
 *   each with its answer page) searched in an index made without an embedding model (keywords only; the
 *   app's default relevance floor); top-1 and top-5 page accuracy overall, per document and per
 *   language, and every miss. Target: keyword-only top-5 >= 0.95.
 * - Ranking: the same questions in an index made with the embedding model, searched by keywords alone,
 *   by vectors alone and hybrid (no floor): recall@5 and MRR@10, overall and per language. Target:
 *   hybrid at least the better of the two on both. Then the hybrid score's vector weight swept, and the
 *   default relevance floor: answer pages it keeps, and passages it lets through for off-topic questions.
 * - OCR: pages of a text PDF rendered at 300 dpi and imported as pictures; character error rate against
 *   the page's own text layer. Target: <= 5 %.
 * - PDF extraction pages/s against poppler's `pdftotext` on the largest document.
 *
 * Documents: see retrieval/sources.ts (Debian manuals fetched with apt-get into .cache/bench-retrieval/,
 * hash-checked). Exits 0 whatever the figures; non-zero only when the bench itself fails.
 * Environment: BENCH_THREADS (2, llama.cpp threads), BENCH_OCR_PAGES (10), BENCH_EMBEDDING_MODEL (a GGUF
 * path; default: a real MiniLM at .cache/models/*minilm*.gguf if there is one, else the generated
 * tiny-embedding model, whose random weights measure the fusion, not semantics), BENCH_INDEX_DIR (keep the
 * embedding model's index there and reuse it in later runs with the same documents and model).
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
import { askQuestions, indexLibrary, keptOrNewLibrary, type QuestionResult, rankingQuality, reciprocalRankDepth, topHits } from './retrieval/pageAccuracy.js';
import { offTopicQuestions } from './retrieval/offTopic.js';
import { defaultVectorWeight, searchChunks } from '../../electron/core/documents/store/retrieve.js';
import { defaultAppSettings } from '../../electron/shared/domain.js';
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

/** Questions grouped: all, per document, per language. */
function questionGroups(results: readonly QuestionResult[], documents: readonly BenchDocument[]): Array<[string, (result: QuestionResult) => boolean]> {
  return [
    ['all', () => true],
    ...documents.map((document): [string, (result: QuestionResult) => boolean] => [document.name, (result) => result.question.document === document.name]),
    ...[...new Set(results.map((result) => result.question.language))].map((language): [string, (result: QuestionResult) => boolean] => [
      `questions in ${language}`,
      (result) => result.question.language === language,
    ]),
  ];
}

function accuracyRows(results: readonly QuestionResult[], documents: readonly BenchDocument[]): string[] {
  const lines = [`  ${'questions'.padEnd(24)} ${'n'.padStart(4)}   top-1  top-${topHits}`];
  for (const [label, belongs] of questionGroups(results, documents)) {
    const group = results.filter(belongs);
    if (group.length === 0) continue;
    const count = (key: 'first' | 'inTop') => group.filter((result) => result[key]).length;
    lines.push(`  ${label.padEnd(24)} ${String(group.length).padStart(4)}   ${ratio(count('first'), group.length).padStart(5)}  ${ratio(count('inTop'), group.length).padStart(5)}`);
  }
  return lines;
}

const rankedModes = ['keyword', 'vector', 'hybrid'] as const;

function rankingRows(results: readonly QuestionResult[], documents: readonly BenchDocument[]): string[] {
  const header = rankedModes.map((mode) => `${mode.padStart(8)} R@${topHits}   MRR`).join('   ');
  const lines = [`  ${'questions'.padEnd(24)} ${'n'.padStart(4)}   ${header}`];
  for (const [label, belongs] of questionGroups(results, documents)) {
    const cells = rankedModes.map((mode) => rankingQuality(results.filter((result) => result.mode === mode && belongs(result))));
    const n = results.filter((result) => result.mode === 'hybrid' && belongs(result)).length;
    if (n === 0) continue;
    lines.push(`  ${label.padEnd(24)} ${String(n).padStart(4)}   ${cells.map((cell) => `${format(cell.recall, 3).padStart(12)} ${format(cell.mrr, 3).padStart(5)}`).join('   ')}`);
  }
  return lines;
}

function printMisses(results: readonly QuestionResult[], mode: QuestionResult['mode']): void {
  const misses = results.filter((result) => result.mode === mode && !result.inTop);
  console.log(`\nMisses, ${mode} (answer page not in the top ${topHits}): ${misses.length}`);
  for (const miss of misses) {
    const { id, document, pages, question } = miss.question;
    console.log(`  ${id}  ${JSON.stringify(question)}  expected ${document} p.${pages.join('/')}  got ${miss.got.join(', ') || 'nothing'}`);
  }
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
    const hybridDir = process.env.BENCH_INDEX_DIR ?? path.join(dir, 'hybrid');
    const hybridLibrary = await keptOrNewLibrary(hybridDir, documents, sections, { provider, model });
    const made = hybridLibrary.reused ? `reused from ${hybridDir} (made` : '(made';
    console.log(`index with ${path.basename(embedder.path)}: ${hybridLibrary.chunks} chunks ${made} in ${format(hybridLibrary.seconds, 1)} s, ${threads} threads)`);
    if (!embedder.real) {
      console.log('NOTE: no real embedding model (.cache/models/*minilm*.gguf); hybrid runs on the generated tiny-embedding model,');
      console.log('      random weights: it measures the fusion with a vector list, not semantic search.');
    }
    const asked = [...questions.map((question) => question.question), ...offTopicQuestions];
    const vectors = new Map<string, Float32Array>();
    for (let offset = 0; offset < asked.length; offset += 64) {
      const batch = asked.slice(offset, offset + 64);
      const embedded = await provider.embed(model, batch);
      batch.forEach((text, index) => {
        const vector = embedded[index];
        if (vector) vectors.set(text, vector);
      });
    }
    const vectorOf = (question: { question: string }) => vectors.get(question.question) ?? null;

    const keywordOnly = askQuestions(keywordLibrary, questions, 'keyword-only index', () => null);
    console.log(`\nPage accuracy, keyword-only index (the answer page among the first hit / the first ${topHits} hits, relevance floor as the app's default)`);
    for (const line of accuracyRows(keywordOnly, documents)) console.log(line);
    const keywordTop = rankingQuality(keywordOnly).recall;
    console.log(`  keyword-only top-${topHits} ${format(keywordTop, 3)}   target >= ${keywordTarget}   ${verdict(keywordTop >= keywordTarget)}`);

    const ranked = rankedModes.flatMap((mode) => askQuestions(hybridLibrary, questions, mode, vectorOf, { relevanceFloor: 0 }));
    console.log(`\nRanking in the index with ${path.basename(embedder.path)}: recall@${topHits} and MRR@${reciprocalRankDepth}, no relevance floor`);
    for (const line of rankingRows(ranked, documents)) console.log(line);
    const quality = Object.fromEntries(rankedModes.map((mode) => [mode, rankingQuality(ranked.filter((result) => result.mode === mode))])) as Record<
      (typeof rankedModes)[number],
      { recall: number; mrr: number }
    >;
    const keywordMissed = ranked.filter((result) => result.mode === 'keyword' && !result.inTop).length;
    console.log(`  ${keywordMissed} of ${questions.length} questions keywords alone miss (answer page not in their top ${topHits})`);
    const hybridMeets = quality.hybrid.recall >= Math.max(quality.keyword.recall, quality.vector.recall) && quality.hybrid.mrr >= Math.max(quality.keyword.mrr, quality.vector.mrr);
    console.log(`  hybrid >= the better of keyword and vector on recall@${topHits} and MRR   ${verdict(hybridMeets)}`);

    console.log(`\nHybrid, the vectors' weight in the score (the app's: ${defaultVectorWeight})`);
    for (const vectorWeight of [0.3, 0.4, 0.5, 0.6, 0.7]) {
      const swept = rankingQuality(askQuestions(hybridLibrary, questions, 'hybrid', vectorOf, { relevanceFloor: 0, vectorWeight }));
      console.log(`  ${format(vectorWeight, 1)}   recall@${topHits} ${format(swept.recall, 3)}   MRR ${format(swept.mrr, 3)}`);
    }

    const offTopicPassages = (floor: number) =>
      offTopicQuestions.map(
        (question) =>
          searchChunks(hybridLibrary.db, {
            query: question, queryEmbedding: vectors.get(question) ?? null, embeddingModelId: null,
            collectionIds: [hybridLibrary.collectionId], topK: topHits, relevanceFloor: floor,
          }).length,
      );
    console.log(`\nRelevance floor, hybrid: answer pages kept in the top ${topHits} of the ${questions.length} questions, and passages given for ${offTopicQuestions.length} off-topic ones`);
    for (const floor of [0, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4]) {
      const kept = rankingQuality(askQuestions(hybridLibrary, questions, 'hybrid', vectorOf, { relevanceFloor: floor }));
      const offTopic = offTopicPassages(floor);
      const mark = floor === defaultAppSettings.relevanceFloor ? '  (the app\'s default)' : '';
      console.log(
        `  ${format(floor, 2)}   recall@${topHits} ${format(kept.recall, 3)}   off-topic: ${offTopic.filter((count) => count > 0).length} questions get ${offTopic.reduce((a, b) => a + b, 0)} passages${mark}`,
      );
    }

    keywordLibrary.db.close();
    hybridLibrary.db.close();
    printMisses(keywordOnly, 'keyword-only index');
    printMisses(ranked, 'hybrid');
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
