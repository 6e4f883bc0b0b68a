import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { type IngestDeps, ingestDocument } from '../../../electron/core/documents/ingest/index.js';
import { DocumentParserClient } from '../../../electron/core/documents/parserProcess/documentParserClient.js';
import { createParserForkLauncher } from '../../../electron/core/documents/parserProcess/forkParserLauncher.js';
import { createCollection } from '../../../electron/core/documents/store/collections.js';
import { searchChunks } from '../../../electron/core/documents/store/retrieve.js';
import { estimateTokens } from '../../../electron/core/text/estimateTokens.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/documents');

/**
 * Article 1 of the Universal Declaration of Human Rights in Persian, written as many PDFs and old
 * exports store Arabic script: in presentation forms (U+FB50-U+FEFF), shaped per position.
 */
const persianInPresentationForms =
  '\ufe97\ufee4\ufe8e\ufee1 \ufe8d\ufed3\ufeae\ufe8d\ufea9 \ufe91\ufeb8\ufeae \ufe81\ufeaf\ufe8d\ufea9 \ufe91\ufeea \ufea9\ufee7\ufbff\ufe8e ' +
  '\ufee3\ufbfd\u200c\ufe81\ufbfe\ufee8\ufeaa \ufeed \ufe8d\ufeaf \ufedf\ufea4\ufe8e\ufec5 \ufea3\ufbff\ufe9c\ufbff\ufe96 \ufeed ' +
  '\ufea3\ufed8\ufeee\ufed5 \ufe91\ufe8e \ufeeb\ufee2 \ufe91\ufeae\ufe8d\ufe91\ufeae\ufee7\ufeaa';
/** "حقوق" (rights), as it appears in that text, copied verbatim. */
const rightsAsStoredInTheFile = '\ufea3\ufed8\ufeee\ufed5';

describe('text as documents really write it: hyphenation, presentation forms, token counts', () => {
  let dir: string;
  let db: Database;
  let parser: DocumentParserClient;
  let deps: IngestDeps;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'enclave-text-forms-'));
    db = openDatabase(path.join(dir, 'enclave.db'));
    parser = new DocumentParserClient(createParserForkLauncher());
    const noModel = (): never => {
      throw new Error('keyword-only indexing asks no model for anything');
    };
    deps = { db, parser, embeddingModel: null, provider: { chunkTexts: noModel, embed: noModel } };
  });
  afterAll(async () => {
    await parser.dispose();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function search(query: string, collectionId: string) {
    return searchChunks(db, { query, queryEmbedding: null, collectionIds: [collectionId], topK: 5, relevanceFloor: 0 });
  }

  it('finds a Persian word pasted back verbatim from a file that stores presentation forms, and typed in base letters', async () => {
    const collection = createCollection(db, 'Persian');
    const file = path.join(dir, 'udhr-fa.txt');
    fs.writeFileSync(file, `${persianInPresentationForms}\n`);
    await ingestDocument(deps, file, collection.id);
    for (const query of [rightsAsStoredInTheFile, 'حقوق', 'حقـــوق']) {
      const hits = search(query, collection.id);
      expect(hits.length, `query ${query}`).toBe(1);
      expect(hits[0]?.text).toContain('حقوق');
    }
    // Stored in base letters: no presentation form is left in the passage.
    expect(search('حقوق', collection.id)[0]?.text).not.toMatch(/[\ufb50-\ufdff\ufe70-\ufeff]/);
  });

  it('rejoins words hyphenated at a line end in a real pdfTeX manual, so each is found on its page', async () => {
    const collection = createCollection(db, 'Asymptote');
    await ingestDocument(deps, path.join(fixtures, 'asymptote-CAD.pdf'), collection.id);
    const hits = search('freehand', collection.id);
    expect(hits[0]?.page).toBe(5);
    expect(hits[0]?.text).toContain('freehand');
    expect(hits.map((hit) => hit.text).join('\n')).not.toMatch(/free-\s*hand/);
  });

  it('rejoins them in Greek (xdvipdfmx) and Russian (Ghostscript) manuals too', async () => {
    const collection = createCollection(db, 'Greek and Russian');
    await ingestDocument(deps, path.join(fixtures, 'greektonoi.pdf'), collection.id);
    await ingestDocument(deps, path.join(fixtures, 'eskd.pdf'), collection.id);
    // Each was cut at a line end on that page ("χρησι-/μοποιούμε", "φιλο-/σοφία", "заменен-/ных", "сопрово-/дительно-/го").
    for (const [word, page] of [['χρησιμοποιούμε', 2], ['φιλοσοφία', 2], ['замененных', 3], ['сопроводительного', 3]] as const) {
      const hits = search(word, collection.id);
      expect(hits[0]?.page, word).toBe(page);
      expect(hits[0]?.text, word).toContain(word);
    }
  });

  it('cites a CSV passage by its own rows, with the header row in it', async () => {
    const collection = createCollection(db, 'Inventory');
    const file = path.join(dir, 'inventory.csv');
    const records = Array.from({ length: 146 }, (_, index) => `${index + 1},Part ${index + 1},${index === 59 ? 'cracked housing' : 'in stock'},Shelf ${index % 12}`);
    fs.writeFileSync(file, `id,name,condition,location\n${records.join('\n')}\n`);
    await ingestDocument(deps, file, collection.id);
    const [hit] = search('cracked housing', collection.id);
    expect(hit?.text.startsWith('id,name,condition,location\n')).toBe(true);
    expect(hit?.text).toContain('60,Part 60,cracked housing');
    // Record 60 is row 61 (row 1 is the header); the passage cites only the rows it holds.
    const [first, last] = (/^rows (\d+)-(\d+)$/.exec(hit?.section ?? '') ?? []).slice(1).map(Number);
    expect(first).toBeLessThanOrEqual(61);
    expect(last).toBeGreaterThanOrEqual(61);
    expect(hit?.text.split('\n').length).toBe((last ?? 0) - (first ?? 0) + 2);
  });

  it('keeps Sphinx heading icons out of section paths', async () => {
    const collection = createCollection(db, 'Manual');
    const file = path.join(dir, 'install.html');
    fs.writeFileSync(
      file,
      '<html><body><h1>Installation<a class="headerlink" href="#installation" title="Link to this heading">\uf0c1</a></h1>' +
        '<p>Run the installer as an administrator.</p></body></html>',
    );
    await ingestDocument(deps, file, collection.id);
    expect(search('administrator', collection.id)[0]?.section).toBe('Installation');
  });

  it('stores a token estimate, not a character count, when no embedding model measures the chunks', async () => {
    const collection = createCollection(db, 'Tokens');
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'Either party may terminate this agreement in writing with ninety days notice. '.repeat(30));
    const { documentId } = await ingestDocument(deps, file, collection.id);
    const rows = db.prepare('SELECT text, token_count AS tokenCount FROM chunks WHERE document_id = ?').all(documentId) as { text: string; tokenCount: number }[];
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) {
      expect(row.tokenCount).toBe(estimateTokens(row.text));
      expect(row.tokenCount).toBeLessThan(row.text.length / 3);
    }
  });
});
