import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { type IngestDeps, ingestFiles, type IngestProvider } from '../../../electron/core/documents/ingest/index.js';
import { extractDocument } from '../../../electron/core/documents/parse/extract.js';
import type { ExtractedSection } from '../../../electron/core/documents/parse/types.js';
import { DocumentParserClient } from '../../../electron/core/documents/parserProcess/documentParserClient.js';
import { createParserForkLauncher } from '../../../electron/core/documents/parserProcess/forkParserLauncher.js';
import { createCollection } from '../../../electron/core/documents/store/collections.js';
import { characterErrorRate } from '../../../scripts/fixtures/characterErrorRate.js';
import { searchChunks } from '../../../electron/core/documents/store/retrieve.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/ocr');
const scanPng = path.join(fixtures, 'libtasn1-page1-300dpi.png');
const textLayer = fs.readFileSync(path.join(fixtures, 'libtasn1-page1-text-layer.txt'), 'utf8');

/** Keyword-only ingestion (no embedding model) never calls the model host: a boundary not crossed here. */
const noModelHost: IngestProvider = {
  chunkTexts: () => Promise.reject(new Error('keyword-only ingestion does not chunk by tokens')),
  embed: () => Promise.reject(new Error('keyword-only ingestion does not embed')),
};

/** A scanned exhibit behind a typed cover page: page 1 has a text layer, page 2 is the 300-dpi scan with a stamp. */
async function writeScannedPdf(filePath: string): Promise<void> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([612, 792]).drawText('Fax cover sheet: the Libtasn1 introduction follows.', { x: 72, y: 700, size: 12, font });
  const scan = await pdf.embedPng(fs.readFileSync(scanPng));
  const scanned = pdf.addPage([612, 792]);
  scanned.drawImage(scan, { x: 0, y: 0, width: 612, height: 792 });
  // A stamp added after scanning, as exhibits and Bates-numbered productions have: a text layer of a few characters.
  scanned.drawText('EXHIBIT 12', { x: 480, y: 30, size: 10, font });
  fs.writeFileSync(filePath, await pdf.save());
}

async function collect(sections: AsyncIterable<ExtractedSection>): Promise<ExtractedSection[]> {
  const all: ExtractedSection[] = [];
  for await (const section of sections) all.push(section);
  return all;
}

describe('OCR, offline: scanned pages and pictures are read with tesseract.js and the shipped English data', () => {
  let dir: string;
  let db: Database;
  let parser: DocumentParserClient;
  let scannedPdf: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'enclave-ocr-'));
    db = openDatabase(path.join(dir, 'enclave.db'));
    parser = new DocumentParserClient(createParserForkLauncher());
    scannedPdf = path.join(dir, 'scanned-fax.pdf');
    await writeScannedPdf(scannedPdf);
  });
  afterAll(async () => {
    await parser.dispose();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads a scanned page inside a text PDF, marked as OCR with its confidence, within 5 % CER of the page\'s own text layer', { timeout: 120_000 }, async () => {
    const started = performance.now();
    const sections = await collect(extractDocument(scannedPdf));
    const seconds = (performance.now() - started) / 1000;
    expect(sections.map((section) => section.page)).toEqual([1, 2]);
    expect(sections[0]!.ocrConfidence).toBeUndefined();
    const scanned = sections[1]!;
    expect(scanned.ocrConfidence).toBeGreaterThan(80);
    expect(scanned.text.startsWith('EXHIBIT 12\n\n')).toBe(true);
    const errorRate = characterErrorRate(scanned.text.slice('EXHIBIT 12'.length), textLayer);
    console.log(`OCR: CER ${(errorRate * 100).toFixed(2)} %, confidence ${scanned.ocrConfidence} %, ${(1 / seconds).toFixed(2)} scanned pages/s (first page includes starting Tesseract)`);
    expect(errorRate).toBeLessThanOrEqual(0.05);
  });

  it('imports the scanned PDF and a PNG through the reader process; their words are searchable', { timeout: 120_000 }, async () => {
    const png = path.join(dir, 'scan.png');
    fs.copyFileSync(scanPng, png);
    const collection = createCollection(db, 'Scans');
    const deps: IngestDeps = { db, provider: noModelHost, parser, embeddingModel: null };
    const outcomes = await ingestFiles(deps, [scannedPdf, png], collection.id);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['indexed', 'indexed']);
    const hits = searchChunks(db, { query: 'Distinguished Encoding Rules', queryEmbedding: null, collectionIds: [collection.id], topK: 5, relevanceFloor: 0 });
    expect(hits.map((hit) => hit.fileName).sort()).toEqual(['scan.png', 'scanned-fax.pdf']);
    expect(hits.find((hit) => hit.fileName === 'scanned-fax.pdf')?.page).toBe(2);
  });

  it('stops OCR at once when the import is cancelled', { timeout: 60_000 }, async () => {
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 600);
    await expect(collect(extractDocument(scanPng, { signal: controller.signal }))).rejects.toMatchObject({ code: 'import-cancelled' });
    // Recognising the page takes seconds; the worker is terminated instead of finishing it.
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
