import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { ingestDocument, ingestFiles } from '../../../electron/core/documents/ingest/index.js';
import { extractDocument, sectionSeparator } from '../../../electron/core/documents/parse/index.js';
import { createCollection } from '../../../electron/core/documents/store/collections.js';
import { listDocuments } from '../../../electron/core/documents/store/documents.js';
import { DocumentParserClient } from '../../../electron/core/documents/parserProcess/documentParserClient.js';
import { createParserForkLauncher } from '../../../electron/core/documents/parserProcess/forkParserLauncher.js';
import { searchChunks } from '../../../electron/core/documents/store/retrieve.js';
import { binaryTableName, int8TableName, vectorTableName } from '../../../electron/core/documents/store/vectorIndex.js';
import { createForkLauncher } from '../../../electron/core/llm/host/forkLauncher.js';
import { LocalProvider } from '../../../electron/core/llm/localProvider.js';
import { estimateTokens } from '../../../electron/core/text/estimateTokens.js';
import { defaultModelSettings, type ModelInfo } from '../../../electron/shared/domain.js';
import { type DocumentFixtures, ensureManyPagePdf, writeDocumentFixtures } from '../../../scripts/fixtures/documents.js';
import { ensureTestModel } from '../../../scripts/generate-test-models.js';

/** The generated tiny-embedding model (bag-of-words embeddings: texts sharing words are closer), as the catalog would describe it. */
async function tinyEmbeddingModel(): Promise<ModelInfo> {
  const filePath = await ensureTestModel('tiny-embedding');
  return {
    id: 'tiny-embedding',
    name: 'Enclave Tiny Embedding (generated)',
    fileName: path.basename(filePath),
    path: filePath,
    parts: [filePath],
    sizeBytes: fs.statSync(filePath).size,
    sha256: '0'.repeat(64),
    architecture: 'llama',
    parameterCount: 0,
    quantization: 'F32',
    contextLength: 2048,
    hasChatTemplate: false,
    purpose: 'embedding',
    license: null,
    storage: 'copied',
    integrity: 'ok',
    importedAt: 0,
    verifiedAt: null,
    settings: { ...defaultModelSettings, threads: 1 },
    adapters: [],
    probe: null,
  };
}

/** The whole extracted text that chunk offsets point into: every section joined with a blank line. */
async function extractedText(filePath: string): Promise<string> {
  const texts: string[] = [];
  for await (const section of extractDocument(filePath)) texts.push(section.text);
  return texts.join(sectionSeparator);
}

describe('ingesting documents: parse, token-aware chunks, embeddings, index', () => {
  let dir: string;
  let db: Database;
  let provider: LocalProvider;
  let parser: DocumentParserClient;
  let model: ModelInfo;
  let fixtures: DocumentFixtures;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'enclave-ingest-'));
    db = openDatabase(path.join(dir, 'enclave.db'));
    provider = new LocalProvider(createForkLauncher({ env: { ENCLAVE_GPU: 'off' } }), {
      threads: 1,
      contextSize: 2048,
      gpuLayers: 0,
      memoryBudgetBytes: null,
    });
    parser = new DocumentParserClient(createParserForkLauncher());
    model = await tinyEmbeddingModel();
    fixtures = await writeDocumentFixtures(path.join(dir, 'files'));
  });
  afterAll(async () => {
    await provider.dispose();
    await parser.dispose();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function deps(extra: Partial<Parameters<typeof ingestDocument>[0]> = {}) {
    return { db, provider, parser, embeddingModel: model, ...extra };
  }

  function chunkRows(documentId: string) {
    return db
      .prepare('SELECT id, page, char_start, char_end, token_count, text FROM chunks WHERE document_id = ? ORDER BY ordinal')
      .all(documentId) as { id: number; page: number | null; char_start: number; char_end: number; token_count: number; text: string }[];
  }

  function vectorChunkIds(): Set<number> {
    const ids = new Set<number>();
    for (const table of [vectorTableName(64), binaryTableName(64), int8TableName(64)]) {
      for (const row of db.prepare(`SELECT chunk_id FROM ${table}`).all() as { chunk_id: number }[]) ids.add(row.chunk_id);
    }
    return ids;
  }

  it('indexes a PDF and a DOCX so that a question finds the page that answers it', async () => {
    const collection = createCollection(db, 'Contracts');
    const pdf = await ingestDocument(deps(), fixtures.contractPdf, collection.id);
    const docx = await ingestDocument(deps(), fixtures.headingsDocx, collection.id);
    expect(pdf).toMatchObject({ status: 'indexed' });
    expect(pdf.chunkCount).toBeGreaterThanOrEqual(4);
    expect(docx).toMatchObject({ status: 'indexed' });
    expect(docx.chunkCount).toBeGreaterThan(0);
    const stored = listDocuments(db, collection.id);
    expect(stored.map((document) => [document.fileName, document.status, document.pageCount])).toEqual(
      expect.arrayContaining([
        ['contract.pdf', 'ready', 4],
        ['handbook.docx', 'ready', null],
      ]),
    );

    const query = 'termination clause notice period';
    const [queryEmbedding] = await provider.embed(model, [query]);
    expect(queryEmbedding).toHaveLength(64);
    const hits = searchChunks(db, { query, queryEmbedding: queryEmbedding!, collectionIds: [collection.id], topK: 5, relevanceFloor: 0 });
    expect(hits[0]).toMatchObject({ fileName: 'contract.pdf', page: 3 });
    expect(hits[0]!.text).toContain('termination clause requires ninety days notice');
    expect(hits[0]!.vectorRank).not.toBeNull();

    // Vectors alone (no shared keyword with the query's exact words) still reach the DOCX by meaning-as-words.
    const leave = 'paid leave days per year';
    const [leaveEmbedding] = await provider.embed(model, [leave]);
    const leaveHits = searchChunks(db, { query: leave, queryEmbedding: leaveEmbedding!, collectionIds: [collection.id], topK: 3, relevanceFloor: 0 });
    expect(leaveHits[0]).toMatchObject({ fileName: 'handbook.docx' });
  });

  it('stores chunk offsets that point at the chunk text in the extracted source', async () => {
    const collection = createCollection(db, 'Offsets');
    for (const filePath of [fixtures.contractPdf, fixtures.headingsDocx, fixtures.markdown, fixtures.csv]) {
      const result = await ingestDocument(deps(), filePath, collection.id);
      const source = await extractedText(filePath);
      const rows = chunkRows(result.documentId);
      expect(rows.length).toBe(result.chunkCount);
      for (const row of rows) {
        expect(source.slice(row.char_start, row.char_end)).toBe(row.text);
        expect(row.token_count).toBeGreaterThan(0);
        expect(row.token_count).toBeLessThanOrEqual(256);
      }
    }
    const pdfRows = chunkRows(listDocuments(db, collection.id).find((document) => document.format === 'pdf')!.id);
    expect(pdfRows.map((row) => row.page)).toEqual([1, 2, 3, 4]);
  });

  it('chunks by the model tokenizer: never over maxTokens, overlapping, counts that measure the exact slice', async () => {
    const sentence = (index: number) => `Clause ${index} says the supplier delivers goods within ${index} days, über café 😀. `;
    const text = Array.from({ length: 60 }, (_, index) => sentence(index) + (index % 7 === 6 ? '\n\n' : '')).join('');
    // A sentence is about 54 tokens of the tiny model (its vocabulary spells accents and emoji in bytes).
    const [spans] = await provider.chunkTexts(model, [text], 120, 16);
    expect(spans!.length).toBeGreaterThan(10);
    for (const span of spans!) {
      expect(span.tokenCount).toBeLessThanOrEqual(120);
      expect(span.end).toBeGreaterThan(span.start);
      expect(text.slice(span.start, span.end)).toBe(text.slice(span.start, span.end).trim());
    }
    // Consecutive chunks overlap, and together they cover every character that is not whitespace.
    for (let index = 1; index < spans!.length; index++) {
      expect(spans![index]!.start).toBeLessThan(spans![index - 1]!.end);
      expect(spans![index]!.start).toBeGreaterThan(spans![index - 1]!.start);
    }
    const covered = new Uint8Array(text.length);
    for (const span of spans!) covered.fill(1, span.start, span.end);
    for (let index = 0; index < text.length; index++) if (!/\s/.test(text[index]!)) expect(covered[index]).toBe(1);

    // Re-measuring each slice alone gives the count reported for it: the count is of exactly that text.
    const slices = spans!.map((span) => text.slice(span.start, span.end));
    const remeasured = await provider.chunkTexts(model, slices, 10_000, 0);
    expect(remeasured.map((single) => single[0]!.tokenCount)).toEqual(spans!.map((span) => span.tokenCount));
    // With room for two sentences, every chunk ends at a sentence end rather than mid-sentence.
    expect(slices.filter((slice) => !slice.endsWith('.'))).toEqual([]);
  });

  it('reports the same file twice as a duplicate', async () => {
    const collection = createCollection(db, 'Twice');
    const first = await ingestDocument(deps(), fixtures.contractPdf, collection.id);
    const copy = path.join(dir, 'renamed-contract.pdf');
    fs.copyFileSync(fixtures.contractPdf, copy);
    const second = await ingestDocument(deps(), copy, collection.id);
    expect(second).toEqual({ status: 'duplicate', documentId: first.documentId, chunkCount: first.chunkCount, notices: [] });
    expect(listDocuments(db, collection.id)).toHaveLength(1);
  });

  it('ingests the good files of a batch and reports the encrypted PDF with its own code', async () => {
    const collection = createCollection(db, 'Batch');
    const outcomes = await ingestFiles(deps(), [fixtures.encryptedPdf, fixtures.text, fixtures.unsupported], collection.id);
    expect(outcomes[0]).toMatchObject({ filePath: fixtures.encryptedPdf, status: 'failed', error: { code: 'document-encrypted' } });
    expect(outcomes[1]).toMatchObject({ filePath: fixtures.text, status: 'indexed' });
    expect(outcomes[2]).toMatchObject({ status: 'failed', error: { code: 'document-unsupported' } });
    const documents = listDocuments(db, collection.id);
    const encrypted = documents.find((document) => document.fileName === 'report.pdf');
    // The failed file stays listed with its reason, and nothing of it is searchable.
    expect(encrypted).toMatchObject({ status: 'error', errorCode: 'document-encrypted', chunkCount: 0 });
    expect(documents.find((document) => document.fileName === 'notes.txt')).toMatchObject({ status: 'ready' });
    const hits = searchChunks(db, { query: 'Quarterly revenue', queryEmbedding: null, collectionIds: [collection.id], topK: 5, relevanceFloor: 0 });
    expect(hits).toEqual([]);
  });

  it('leaves no chunks and no vectors behind when an ingest is cancelled midway, and stops the batch', async () => {
    const collection = createCollection(db, 'Cancelled');
    const manual = await ensureManyPagePdf(200);
    const before = vectorChunkIds();
    const controller = new AbortController();
    let storedBeforeCancel = 0;
    const outcomes = await ingestFiles(
      deps({
        signal: controller.signal,
        onProgress: (progress) => {
          // Cancel once a first batch (chunks and vectors) has reached the database.
          if (progress.chunksStored > 0 && !controller.signal.aborted) {
            storedBeforeCancel = progress.chunksStored;
            controller.abort();
          }
        },
      }),
      [manual, fixtures.text],
      collection.id,
    );
    expect(storedBeforeCancel).toBeGreaterThanOrEqual(64);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['cancelled', 'cancelled']);
    expect(listDocuments(db, collection.id)).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) AS count FROM chunks WHERE document_id NOT IN (SELECT id FROM documents)').get()).toEqual({ count: 0 });
    const liveChunkIds = new Set((db.prepare('SELECT id FROM chunks').all() as { id: number }[]).map((row) => row.id));
    const after = vectorChunkIds();
    expect([...after].filter((id) => !liveChunkIds.has(id))).toEqual([]);
    expect(after.size).toBe(before.size);
    const hits = searchChunks(db, { query: 'operations manual valve', queryEmbedding: null, collectionIds: [collection.id], topK: 5, relevanceFloor: 0 });
    expect(hits).toEqual([]);

    // The same file imports cleanly afterwards: a cancelled import is not a duplicate.
    const retried = await ingestDocument(deps(), manual, collection.id);
    expect(retried).toMatchObject({ status: 'indexed', chunkCount: 200 });
  });

  it('indexes for keyword search only without an embedding model, in character-sized chunks with estimated token counts', async () => {
    const collection = createCollection(db, 'Keywords');
    const result = await ingestDocument(deps({ embeddingModel: null }), fixtures.csv, collection.id);
    expect(result.status).toBe('indexed');
    const rows = chunkRows(result.documentId);
    const source = await extractedText(fixtures.csv);
    for (const row of rows) {
      expect(row.text.length).toBeLessThanOrEqual(1000);
      // Measured in characters, but what is stored is a token estimate (see estimateTokens).
      expect(row.token_count).toBe(estimateTokens(row.text));
      expect(source.slice(row.char_start, row.char_end)).toBe(row.text);
    }
    const before = vectorChunkIds();
    expect(rows.some((row) => before.has(row.id))).toBe(false);
  });
});
