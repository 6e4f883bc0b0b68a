import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { migrateDatabase, readSchemaVersion } from '../../../electron/core/db/migrate.js';
import { migrations } from '../../../electron/core/db/migrations/index.js';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { useTempDir } from '../../support/tempDir.js';

const filler = Array.from({ length: 200 }, (_, index) => `ordinary words number ${index}`).join(' ');

function found(file: string, text: string): boolean {
  return [file, `${file}-wal`].some((candidate) => fs.existsSync(candidate) && fs.readFileSync(candidate).includes(Buffer.from(text)));
}

/** A database as Enclave left it at `version`, with one chat of two messages. */
function databaseAt(file: string, version: number): void {
  const old = new BetterSqlite3(file);
  old.pragma('journal_mode = WAL');
  old.pragma('secure_delete = ON');
  migrateDatabase(old, migrations.slice(0, version));
  old.exec(`
    INSERT INTO chats (id, title, created_at, updated_at) VALUES ('c1', 'Chat', 1, 1);
    INSERT INTO messages (id, chat_id, seq, role, content, status, created_at, parent_id)
      VALUES ('m1', 'c1', 1, 'user', '${filler} zqfirstdraftmarker', 'complete', 1, NULL),
             ('m2', 'c1', 2, 'assistant', '${filler} zqreplymarker', 'complete', 2, 'm1');
  `);
  old.close();
}

describe('migration 8: search indexes that delete securely', () => {
  const tempDir = useTempDir();

  it('turns secure-delete on, and merges away terms an older version only marked deleted', () => {
    const file = path.join(tempDir(), 'enclave.db');
    databaseAt(file, 7);
    // Version 7 rewrote a message: its index only marked the old terms deleted, leaving them in a segment.
    const old = new BetterSqlite3(file);
    old.prepare("UPDATE messages SET content = 'a new draft' WHERE id = 'm1'").run();
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.close();
    expect(found(file, 'zqfirstdraftmarker')).toBe(true);

    const db = openDatabase(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readSchemaVersion(db)).toBeGreaterThanOrEqual(8);
    expect(db.prepare("SELECT v FROM messages_fts_config WHERE k = 'secure-delete'").pluck().get()).toBe(1);
    expect(db.prepare("SELECT v FROM chunks_fts_config WHERE k = 'secure-delete'").pluck().get()).toBe(1);
    expect(found(file, 'zqfirstdraftmarker')).toBe(false);

    // From now on a delete takes the words out of the file at once: no merge, no VACUUM.
    db.prepare("DELETE FROM messages WHERE id = 'm2'").run();
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(found(file, 'zqreplymarker')).toBe(false);
    expect(db.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'draft'").pluck().all()).toHaveLength(1);
    db.exec(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`);
    db.close();
  });
});

describe('migration 9: why a reply stopped', () => {
  const tempDir = useTempDir();

  it('adds a nullable stop reason, unknown for replies written before, and checks its values', () => {
    const file = path.join(tempDir(), 'enclave.db');
    databaseAt(file, 8);
    const db = openDatabase(file);
    expect(db.prepare("SELECT stop_reason FROM messages WHERE id = 'm2'").pluck().get()).toBeNull();
    db.prepare("UPDATE messages SET stop_reason = 'max-tokens' WHERE id = 'm2'").run();
    expect(() => db.prepare("UPDATE messages SET stop_reason = 'tired' WHERE id = 'm2'").run()).toThrow(/CHECK/);
    db.close();
  });
});

describe('migration 18: chat history search in scripts written without spaces', () => {
  const tempDir = useTempDir();

  it('builds the trigram index from the finished messages already there, and keeps it in step', () => {
    const file = path.join(tempDir(), 'enclave.db');
    const old = new BetterSqlite3(file);
    migrateDatabase(old, migrations.filter((migration) => migration.version < 18));
    old.exec(`
      INSERT INTO chats (id, title, created_at, updated_at) VALUES ('c1', 'Chat', 1, 1);
      INSERT INTO messages (id, chat_id, seq, role, content, status, created_at, parent_id)
        VALUES ('m1', 'c1', 1, 'user', '今年の受験者数は増えた', 'complete', 1, NULL),
               ('m2', 'c1', 2, 'assistant', '北京大学的图书馆', 'complete', 2, 'm1'),
               ('m3', 'c1', 3, 'user', 'plain English only', 'complete', 3, 'm2'),
               ('m4', 'c1', 4, 'assistant', '受験者数の半分', 'streaming', 4, 'm3');
    `);
    old.close();

    const db = openDatabase(file);
    expect(readSchemaVersion(db)).toBeGreaterThanOrEqual(18);
    const rowidOf = (id: string) => db.prepare('SELECT rowid FROM messages WHERE id = ?').pluck().get(id);
    const indexed = (term: string) => db.prepare('SELECT rowid FROM messages_trigram WHERE messages_trigram MATCH ?').pluck().all(`"${term}"`);
    // Finished messages with such characters only: not the English one, not the reply still streaming.
    expect(indexed('受験者数')).toEqual([rowidOf('m1')]);
    expect(indexed('图书馆')).toEqual([rowidOf('m2')]);
    expect(db.prepare('SELECT count(*) FROM messages_trigram_docsize').pluck().get()).toBe(2);
    // A word at the very end of a message begins a trigram too (its text is read with two line feeds after it).
    expect(db.prepare('SELECT term FROM messages_trigram_terms WHERE term >= ? AND term < ?').pluck().all('た', 'た\u{10FFFF}')).toEqual(['た\n\n']);
    expect(db.prepare("SELECT v FROM messages_trigram_config WHERE k = 'secure-delete'").pluck().get()).toBe(1);

    db.prepare("UPDATE messages SET status = 'complete' WHERE id = 'm4'").run();
    expect(indexed('受験者数')).toEqual([rowidOf('m1'), rowidOf('m4')]);
    db.prepare("DELETE FROM messages WHERE id = 'm4'").run();
    expect(indexed('受験者数')).toEqual([rowidOf('m1')]);
    db.exec(`INSERT INTO messages_trigram (messages_trigram, rank) VALUES ('integrity-check', 1)`);
    db.close();
  });
});
