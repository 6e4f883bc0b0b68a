import fs from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMessageSources, saveMessageSources } from '../../../electron/core/chat/store/messageSources.js';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { type IngestDeps, ingestFiles, type IngestProvider } from '../../../electron/core/documents/ingest/index.js';
import { DocumentParserClient } from '../../../electron/core/documents/parserProcess/documentParserClient.js';
import { createParserForkLauncher } from '../../../electron/core/documents/parserProcess/forkParserLauncher.js';
import { createCollection } from '../../../electron/core/documents/store/collections.js';
import { listDocuments } from '../../../electron/core/documents/store/documents.js';
import { searchChunks } from '../../../electron/core/documents/store/retrieve.js';
import { pageCitation } from '../../../electron/shared/documents.js';

const copyRestrictedPdf = path.resolve(import.meta.dirname, '../../fixtures/documents/asymptote-CAD-copy-restricted.pdf');
const scanPng = path.resolve(import.meta.dirname, '../../fixtures/ocr/libtasn1-page1-300dpi.png');

/** Keyword-only ingestion (no embedding model) never calls the model host: a boundary not crossed here. */
const noModelHost: IngestProvider = {
  chunkTexts: () => Promise.reject(new Error('keyword-only ingestion does not chunk by tokens')),
  embed: () => Promise.reject(new Error('keyword-only ingestion does not embed')),
};

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit grayscale PNG, each pixel from `pixel` (0 black, 255 white): a scanner's output, made here. */
function grayPng(width: number, height: number, pixel: () => number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per sample; colour type 0 (gray), the rest 0
  const rows = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rows[y * (width + 1) + 1 + x] = pixel();
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(rows)), pngChunk('IEND', Buffer.alloc(0))]);
}

/**
 * A faxed exhibit as scanners make them: a typed cover page, a blank page scanned at 150 dpi, a page
 * scanned through so much noise that OCR reads only speckles (10 % of pixels black at random, which
 * Tesseract reads as gibberish at a mean confidence near 13), and the 300-dpi scan of a real page.
 */
async function writeFaxPdf(filePath: string): Promise<void> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([612, 792]).drawText('Fax cover sheet: three scanned pages follow.', { x: 72, y: 700, size: 12, font });
  let seed = 1;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (const png of [grayPng(1275, 1650, () => 255), grayPng(1275, 1650, () => (random() < 0.1 ? 0 : 255)), fs.readFileSync(scanPng)]) {
    const image = await pdf.embedPng(png);
    pdf.addPage([612, 792]).drawImage(image, { x: 0, y: 0, width: 612, height: 792 });
  }
  fs.writeFileSync(filePath, await pdf.save());
}

describe('documents as they really are: OCR confidence in citations, notices on what could not be read', () => {
  let dir: string;
  let db: Database;
  let parser: DocumentParserClient;
  let deps: IngestDeps;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'enclave-notices-'));
    db = openDatabase(path.join(dir, 'enclave.db'));
    parser = new DocumentParserClient(createParserForkLauncher());
    deps = { db, provider: noModelHost, parser, embeddingModel: null, ocrLanguages: ['eng'] };
  });
  afterAll(async () => {
    await parser.dispose();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    'imports a scan with a blank page and an unreadable one, lists them, and cites the OCR page with its confidence',
    { timeout: 180_000 },
    async () => {
      const fax = path.join(dir, 'fax.pdf');
      await writeFaxPdf(fax);
      const collection = createCollection(db, 'Faxes');
      const [outcome] = await ingestFiles(deps, [fax], collection.id);
      expect(outcome).toMatchObject({
        status: 'indexed',
        notices: ['page 2: no text found', 'page 3: too unclear for OCR to read (confidence under 50 %), not indexed'],
      });
      expect(listDocuments(db, collection.id)[0]?.notices).toEqual(outcome?.status === 'indexed' ? outcome.notices : null);

      // Only the cover page and the readable scan were indexed; the scan's chunks carry OCR's confidence.
      const pages = db.prepare('SELECT DISTINCT page, ocr_confidence FROM chunks ORDER BY page').all() as { page: number; ocr_confidence: number | null }[];
      expect(pages.map((row) => row.page)).toEqual([1, 4]);
      expect(pages[0]?.ocr_confidence).toBeNull();
      expect(pages[1]?.ocr_confidence).toBeGreaterThan(80);

      const [hit] = searchChunks(db, { query: 'Distinguished Encoding Rules', queryEmbedding: null, collectionIds: [collection.id], topK: 1, relevanceFloor: 0 });
      expect(hit).toMatchObject({ fileName: 'fax.pdf', page: 4 });
      const confidence = Math.round(hit!.ocrConfidence!);
      expect(pageCitation(hit!)).toBe(`page 4 (OCR, ${confidence} %)`);
      const [cover] = searchChunks(db, { query: 'cover sheet', queryEmbedding: null, collectionIds: [collection.id], topK: 1, relevanceFloor: 0 });
      expect(cover).toMatchObject({ page: 1, ocrConfidence: null });

      // A reply's sources keep the mark in their snapshot.
      db.exec(`INSERT INTO chats (id, title, created_at, updated_at) VALUES ('c1', 'Chat', 1, 1);
        INSERT INTO messages (id, chat_id, seq, role, content, status, created_at) VALUES ('m1', 'c1', 1, 'assistant', 'DER [1]', 'complete', 1);`);
      const asSource = (
        { ftsRank: _ftsRank, vectorRank: _vectorRank, keywordScore: _keywordScore, similarity: _similarity, ...passage }: NonNullable<typeof hit>,
        number: number,
      ) => ({ ...passage, number, cited: number === 1 });
      saveMessageSources(db, 'm1', [asSource(hit!, 1), asSource(cover!, 2)]);
      const [saved, savedCover] = listMessageSources(db, 'm1');
      expect(saved?.ocrConfidence).toBe(hit!.ocrConfidence);
      expect(pageCitation(saved!)).toBe(`page 4 (OCR, ${confidence} %)`);
      expect(savedCover?.ocrConfidence).toBeNull();
    },
  );

  it('imports a PDF whose owner forbids copying its text, saying so, and finds its words', { timeout: 60_000 }, async () => {
    const collection = createCollection(db, 'Restricted');
    const [outcome] = await ingestFiles(deps, [copyRestrictedPdf], collection.id);
    expect(outcome).toMatchObject({ status: 'indexed', notices: [expect.stringMatching(/^Its owner restricts copying its text\./)] });
    expect(listDocuments(db, collection.id)[0]).toMatchObject({ status: 'ready', notices: [expect.stringMatching(/^Its owner restricts copying/)] });
    const hits = searchChunks(db, { query: 'Asymptote', queryEmbedding: null, collectionIds: [collection.id], topK: 3, relevanceFloor: 0 });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]?.ocrConfidence).toBeNull();
  });

  it('reads scans in the configured languages: one not installed fails the file, naming its package', { timeout: 60_000 }, async () => {
    const png = path.join(dir, 'scan.png');
    fs.copyFileSync(scanPng, png);
    const collection = createCollection(db, 'Languages');
    const [outcome] = await ingestFiles({ ...deps, ocrLanguages: ['xho'] }, [png], collection.id);
    expect(outcome).toMatchObject({
      status: 'failed',
      error: { code: 'invalid-request', message: expect.stringContaining('@tesseract.js-data/xho') },
    });
  });
});
