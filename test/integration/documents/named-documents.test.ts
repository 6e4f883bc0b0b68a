import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { createCollection } from '../../../electron/core/documents/store/collections.js';
import { insertChunks, insertDocument, markDocumentReady } from '../../../electron/core/documents/store/documents.js';
import { searchChunks } from '../../../electron/core/documents/store/retrieve.js';
import { useTempDir } from '../../support/tempDir.js';

describe('a question that names a document by its file name', () => {
  const tempDir = useTempDir();
  let db: Database;
  afterEach(() => db.close());

  function library(files: Record<string, string[]>): string {
    db = openDatabase(path.join(tempDir(), 'enclave.db'));
    const collectionId = createCollection(db, 'manuals').id;
    for (const [fileName, pages] of Object.entries(files)) {
      const document = insertDocument(db, { collectionId, sha256: fileName, fileName, path: `/${fileName}`, format: 'pdf', sizeBytes: 1 });
      const chunks = pages.map((text, ordinal) => ({ ordinal, page: ordinal + 1, section: null, charStart: 0, charEnd: text.length, tokenCount: 10, text }));
      insertChunks(db, document.id, chunks, null);
      markDocumentReady(db, document.id);
    }
    return collectionId;
  }

  function firstHit(collectionId: string, query: string): string | null {
    const [hit] = searchChunks(db, { query, queryEmbedding: null, collectionIds: [collectionId], topK: 5, relevanceFloor: 0 });
    return hit ? `${hit.fileName} p.${hit.page ?? '-'}` : null;
  }

  const manuals = {
    'octave.pdf': ['The random number generator: rand, randn. Seed the random number generator with rand ("seed", x).', 'Plotting functions in Octave.'],
    'asymptote.pdf': ['Asymptote is a vector graphics language. Asymptote draws paths.', 'srand(seed) seeds the random generator.', 'Asymptote labels and pens.'],
    'gnuplot.pdf': ['gnuplot plots data files.', 'The set logscale command.'],
  };

  it("ranks the named document's page above a page of another document that says more of the question", () => {
    const collection = library(manuals);
    expect(firstHit(collection, 'How do I seed the random number generator?')).toBe('octave.pdf p.1');
    expect(firstHit(collection, 'How do I seed the random number generator in Asymptote?')).toBe('asymptote.pdf p.2');
  });

  it('weighs nothing by a word that half the file names or more share', () => {
    const collection = library({
      'report-octave.pdf': manuals['octave.pdf'],
      'report-asymptote.pdf': manuals['asymptote.pdf'],
    });
    expect(firstHit(collection, 'How do I seed the random number generator in the report?')).toBe('report-octave.pdf p.1');
  });
});
