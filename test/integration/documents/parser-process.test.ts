import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { type IngestDeps, ingestDocument, ingestFiles, type IngestProvider } from '../../../electron/core/documents/ingest/index.js';
import { DocumentParserClient } from '../../../electron/core/documents/parserProcess/documentParserClient.js';
import { createParserForkLauncher } from '../../../electron/core/documents/parserProcess/forkParserLauncher.js';
import { createCollection } from '../../../electron/core/documents/store/collections.js';
import { listDocuments } from '../../../electron/core/documents/store/documents.js';
import {
  type DocumentFixtures,
  ensureInflatingPdf,
  ensureManyPagePdf,
  ensureMediaMainPartDocx,
  writeDocumentFixtures,
} from '../../../scripts/fixtures/documents.js';

/** Keyword-only ingestion (no embedding model) never calls the model host: a boundary not crossed here. */
const noModelHost: IngestProvider = {
  chunkTexts: () => Promise.reject(new Error('keyword-only ingestion does not chunk by tokens')),
  embed: () => Promise.reject(new Error('keyword-only ingestion does not embed')),
};

/** While it runs: the largest resident set of this process, and the longest wait of a 10 ms timer. */
function watchThisProcess(): { stop(): { peakRssGrowth: number; longestTimerGapMs: number } } {
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  let last = performance.now();
  let longestGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - last);
    last = now;
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  return {
    stop() {
      clearInterval(timer);
      return { peakRssGrowth: peak - baseline, longestTimerGapMs: longestGap };
    },
  };
}

describe('documents are read in a separate process, under limits', () => {
  let dir: string;
  let db: Database;
  let parser: DocumentParserClient;
  let fixtures: DocumentFixtures;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'enclave-parser-process-'));
    db = openDatabase(path.join(dir, 'enclave.db'));
    parser = new DocumentParserClient(createParserForkLauncher());
    fixtures = await writeDocumentFixtures(path.join(dir, 'files'));
  });
  afterAll(async () => {
    await parser.dispose();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function deps(extra: Partial<IngestDeps> = {}): IngestDeps {
    return { db, provider: noModelHost, parser, embeddingModel: null, ...extra };
  }

  function storedChunks(documentId: string): number {
    return (db.prepare('SELECT COUNT(*) AS count FROM chunks WHERE document_id = ?').get(documentId) as { count: number }).count;
  }

  it('refuses the DOCX whose main part hides in word/media (300 MB of text in ~350 KB): its own error, nothing indexed, no memory here', { timeout: 60_000 }, async () => {
    const docx = await ensureMediaMainPartDocx();
    expect(fs.statSync(docx).size).toBeLessThan(1024 * 1024);
    const collection = createCollection(db, 'Hidden main part');
    const watch = watchThisProcess();
    const outcomes = await ingestFiles(deps(), [docx, fixtures.text], collection.id);
    const { peakRssGrowth } = watch.stop();
    expect(outcomes[0]).toMatchObject({ status: 'failed', error: { code: 'document-corrupt' } });
    expect((outcomes[0] as { error: { message: string } }).error.message).toMatch(/its text is in word\/media\/big\.xml/);
    expect(outcomes[1]).toMatchObject({ status: 'indexed' });
    const stored = listDocuments(db, collection.id).find((document) => document.fileName === path.basename(docx));
    expect(stored).toMatchObject({ status: 'error', errorCode: 'document-corrupt', chunkCount: 0 });
    expect(storedChunks(stored!.id)).toBe(0);
    expect(peakRssGrowth).toBeLessThan(100 * 2 ** 20);
  });

  it('stops the reader at its memory limit on a PDF stream that inflates to 400 MB, while this process stays small and responsive', { timeout: 120_000 }, async () => {
    const pdf = await ensureInflatingPdf();
    expect(fs.statSync(pdf).size).toBeLessThan(1024 * 1024);
    const collection = createCollection(db, 'Inflating stream');
    const watch = watchThisProcess();
    const outcomes = await ingestFiles(deps(), [pdf], collection.id);
    const { peakRssGrowth, longestTimerGapMs } = watch.stop();
    console.log(`400 MB PDF stream: this process grew ${(peakRssGrowth / 2 ** 20).toFixed(0)} MB, longest timer gap ${longestTimerGapMs.toFixed(0)} ms`);
    expect(outcomes[0]).toMatchObject({ status: 'failed', error: { code: 'document-too-large' } });
    expect((outcomes[0] as { error: { message: string } }).error.message).toMatch(
      /^inflating-stream-400mb\.pdf used more memory than allowed while being read \(over 1024 MB\)/,
    );
    const [stored] = listDocuments(db, collection.id);
    expect(stored).toMatchObject({ status: 'error', errorCode: 'document-too-large', chunkCount: 0 });
    // Read in this process, pdf.js would hold the inflated stream here (1.2 GB) and block the event
    // loop for seconds at a time; here the timer keeps firing.
    expect(peakRssGrowth).toBeLessThan(100 * 2 ** 20);
    expect(longestTimerGapMs).toBeLessThan(250);
    // A fresh reader takes the next file.
    expect(await ingestDocument(deps(), fixtures.contractPdf, collection.id)).toMatchObject({ status: 'indexed' });
  });

  it('fails a file whose reader is killed mid-read with the specific error, keeps none of it, and reads the next file', { timeout: 120_000 }, async () => {
    const manual = await ensureManyPagePdf(200);
    const collection = createCollection(db, 'Killed reader');
    let killed = false;
    const outcomes = await ingestFiles(
      deps({
        onProgress: (progress) => {
          if (progress.stage !== 'indexing' || killed) return;
          killed = true;
          parser.killReaderForTesting();
        },
      }),
      [manual],
      collection.id,
    );
    expect(killed).toBe(true);
    expect(outcomes[0]).toMatchObject({ status: 'failed', error: { code: 'document-too-large' } });
    expect((outcomes[0] as { error: { message: string } }).error.message).toMatch(/^many-pages-200\.pdf used more memory than allowed while being read/);
    const [stored] = listDocuments(db, collection.id);
    expect(stored).toMatchObject({ status: 'error', chunkCount: 0 });
    expect(storedChunks(stored!.id)).toBe(0);

    const retried = await ingestDocument(deps(), manual, collection.id);
    expect(retried).toMatchObject({ status: 'indexed', chunkCount: 200 });
  });

  it('fails a document that makes more chunks than allowed, keeping none of them', async () => {
    const manual = await ensureManyPagePdf(200);
    const collection = createCollection(db, 'Too many chunks');
    const outcomes = await ingestFiles(deps({ maxChunks: 100 }), [manual], collection.id);
    expect(outcomes[0]).toMatchObject({ status: 'failed', error: { code: 'document-too-large' } });
    expect((outcomes[0] as { error: { message: string } }).error.message).toMatch(/^many-pages-200\.pdf makes more than 100 passages/);
    const [stored] = listDocuments(db, collection.id);
    expect(stored).toMatchObject({ status: 'error', chunkCount: 0 });
    expect(storedChunks(stored!.id)).toBe(0);
  });

  it('cancels a read in progress at once, and the next read starts a fresh reader', async () => {
    const pdf = await ensureInflatingPdf();
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 300);
    let caught: unknown;
    try {
      for await (const _section of parser.extract(pdf, { signal: controller.signal })) {
        // Nothing comes before the abort.
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'import-cancelled' });
    expect(performance.now() - started).toBeLessThan(2000);
    const pages: (number | null)[] = [];
    for await (const section of parser.extract(fixtures.contractPdf)) pages.push(section.page);
    expect(pages).toEqual([1, 2, 3, 4]);
  });
});
