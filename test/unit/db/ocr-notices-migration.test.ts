import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { migrateDatabase, readSchemaVersion } from '../../../electron/core/db/migrate.js';
import { migrations } from '../../../electron/core/db/migrations/index.js';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { createCollection } from '../../../electron/core/documents/store/collections.js';
import { getDocument, insertChunks, insertDocument, markDocumentReady } from '../../../electron/core/documents/store/documents.js';
import { useTempDir } from '../../support/tempDir.js';

describe('migration 17: OCR confidence and document notices', () => {
  const tempDir = useTempDir();

  it('upgrades a version-16 database keeping its documents, chunks and sources, all marked as not OCR and without notices', () => {
    const db = new BetterSqlite3(':memory:');
    migrateDatabase(db, migrations.slice(0, 16));
    db.exec(`
      INSERT INTO collections (id, name, created_at) VALUES ('k1', 'Library', 1);
      INSERT INTO documents (id, collection_id, sha256, file_name, path, format, size_bytes, status, added_at)
        VALUES ('d1', 'k1', 'aa', 'manual.pdf', '/m.pdf', 'pdf', 10, 'ready', 1);
      INSERT INTO chunks (document_id, ordinal, page, section, char_start, char_end, token_count, text)
        VALUES ('d1', 0, 1, NULL, 0, 5, 1, 'hello');
      INSERT INTO chats (id, title, created_at, updated_at) VALUES ('c1', 'Chat', 1, 1);
      INSERT INTO messages (id, chat_id, seq, role, content, status, created_at) VALUES ('m1', 'c1', 1, 'assistant', 'Hi [1]', 'complete', 1);
      INSERT INTO message_sources (message_id, number, chunk_id, document_id, file_name, page, section, char_start, char_end, text, score, cited)
        VALUES ('m1', 1, 1, 'd1', 'manual.pdf', 1, NULL, 0, 5, 'hello', 1, 1);
    `);
    migrateDatabase(db, migrations.slice(0, 17));
    expect(readSchemaVersion(db)).toBe(17);
    expect(db.prepare('SELECT notices FROM documents').pluck().get()).toBe('[]');
    expect(db.prepare('SELECT ocr_confidence FROM chunks').pluck().get()).toBeNull();
    expect(db.prepare('SELECT ocr_confidence FROM message_sources').pluck().get()).toBeNull();

    // The columns hold what they say: a confidence is a percentage, notices a JSON array.
    expect(() => db.prepare('UPDATE chunks SET ocr_confidence = 101').run()).toThrow(/CHECK constraint failed/);
    expect(() => db.prepare('UPDATE message_sources SET ocr_confidence = -1').run()).toThrow(/CHECK constraint failed/);
    expect(() => db.prepare(`UPDATE documents SET notices = '{"page": 6}'`).run()).toThrow(/CHECK constraint failed/);
    expect(() => db.prepare(`UPDATE documents SET notices = 'page 6'`).run()).toThrow(/CHECK constraint failed/);
    db.prepare('UPDATE chunks SET ocr_confidence = 91.5').run();
    db.close();
  });

  it('stores a chunk\'s OCR confidence and a document\'s notices, and reads them back', () => {
    const db = openDatabase(path.join(tempDir(), 'enclave.db'));
    const collection = createCollection(db, 'Scans');
    const document = insertDocument(db, { collectionId: collection.id, sha256: 'bb', fileName: 'fax.pdf', path: '/fax.pdf', format: 'pdf', sizeBytes: 1 });
    expect(document.notices).toEqual([]);
    insertChunks(
      db,
      document.id,
      [
        { ordinal: 0, page: 1, section: null, charStart: 0, charEnd: 5, tokenCount: 1, text: 'typed' },
        { ordinal: 1, page: 3, section: null, charStart: 7, charEnd: 14, tokenCount: 1, text: 'scanned', ocrConfidence: 88.25 },
      ],
      null,
    );
    const ready = markDocumentReady(db, document.id, 3, ['page 2: no text found']);
    expect(ready.notices).toEqual(['page 2: no text found']);
    expect(getDocument(db, document.id).notices).toEqual(['page 2: no text found']);
    expect(db.prepare('SELECT ocr_confidence FROM chunks ORDER BY ordinal').pluck().all()).toEqual([null, 88.25]);
    // Damage to the column is reported as such, naming it.
    db.prepare(`UPDATE documents SET notices = '[1]' WHERE id = ?`).run(document.id);
    expect(() => getDocument(db, document.id)).toThrow(expect.objectContaining({ code: 'database-corrupt', message: expect.stringContaining('documents.notices') }));
    db.close();
  });
});
