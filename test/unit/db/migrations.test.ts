import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { latestSchemaVersion, migrateDatabase, readSchemaVersion } from '../../../electron/core/db/migrate.js';
import { migrations, type Migration } from '../../../electron/core/db/migrations/index.js';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { EnclaveError } from '../../../electron/core/errors.js';
import { useTempDir } from '../../support/tempDir.js';

describe('database migrations', () => {
  const tempDir = useTempDir();

  it('numbers migrations strictly increasing from 1', () => {
    migrations.forEach((migration, index) => expect(migration.version).toBe(index + 1));
  });

  it('creates a new database at the latest schema with WAL, foreign keys and secure_delete', () => {
    const db = openDatabase(path.join(tempDir(), 'enclave.db'));
    expect(readSchemaVersion(db)).toBe(latestSchemaVersion);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['chats', 'messages', 'settings']));
    db.close();
  });

  it('is idempotent: reopening applies nothing twice', () => {
    const file = path.join(tempDir(), 'enclave.db');
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(readSchemaVersion(db)).toBe(latestSchemaVersion);
    db.close();
  });

  it('refuses a database written by a newer version and leaves it untouched', () => {
    const file = path.join(tempDir(), 'enclave.db');
    const raw = new BetterSqlite3(file);
    raw.pragma(`user_version = ${latestSchemaVersion + 5}`);
    raw.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabase(file)).toThrow(
      expect.objectContaining({ code: 'database-too-new', message: expect.stringMatching(/newer version of Enclave/) }),
    );
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('reports a corrupt file as database-corrupt, not a generic error', () => {
    const file = path.join(tempDir(), 'enclave.db');
    fs.writeFileSync(file, Buffer.alloc(8192, 0x5a));
    expect(() => openDatabase(file)).toThrow(expect.objectContaining({ code: 'database-corrupt' }));
  });

  it('rolls back every pending migration when one fails', () => {
    const db = new BetterSqlite3(':memory:');
    const failing: Migration[] = [
      { version: 1, name: 'ok', up: (d) => d.exec('CREATE TABLE a (x INTEGER)') },
      { version: 2, name: 'broken', up: (d) => d.exec('CREATE TABLE oops (') },
    ];
    expect(() => migrateDatabase(db, failing)).toThrow();
    expect(readSchemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'a'").pluck().get()).toBe(0);
    db.close();
  });

  it('applies only the migrations after the stored version', () => {
    const db = new BetterSqlite3(':memory:');
    const applied: number[] = [];
    const steps: Migration[] = [1, 2, 3].map((version) => ({ version, name: `m${version}`, up: () => applied.push(version) }));
    migrateDatabase(db, steps.slice(0, 2));
    migrateDatabase(db, steps);
    expect(applied).toEqual([1, 2, 3]);
    expect(readSchemaVersion(db)).toBe(3);
    db.close();
  });

  it('enforces the message status and role checks of migration 1', () => {
    const db = openDatabase(path.join(tempDir(), 'enclave.db'));
    db.prepare("INSERT INTO chats (id, title, created_at, updated_at) VALUES ('c1', 't', 0, 0)").run();
    const insert = db.prepare(
      "INSERT INTO messages (id, chat_id, seq, role, content, status, created_at) VALUES (?, 'c1', ?, ?, '', ?, 0)",
    );
    expect(() => insert.run('m1', 1, 'user', 'weird')).toThrow(/CHECK/);
    expect(() => insert.run('m2', 2, 'robot', 'complete')).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO messages (id, chat_id, seq, role, content, status, created_at) VALUES ('m3', 'nochat', 1, 'user', '', 'complete', 0)").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('throws EnclaveError instances that cross boundaries as values', () => {
    const file = path.join(tempDir(), 'enclave.db');
    fs.writeFileSync(file, 'not a database at all, just text that is long enough to be read as a header');
    try {
      openDatabase(file);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnclaveError);
    }
  });
});

describe('migration 2: the model registry', () => {
  const tempDir = useTempDir();

  it('upgrades a version-1 database with chats in it, keeping them', () => {
    const file = path.join(tempDir(), 'enclave.db');
    const v1 = new BetterSqlite3(file);
    migrateDatabase(v1, migrations.slice(0, 1));
    v1.prepare("INSERT INTO chats (id, title, created_at, updated_at) VALUES ('c1', 'Kept', 1, 1)").run();
    v1.close();
    const db = openDatabase(file);
    expect(readSchemaVersion(db)).toBe(latestSchemaVersion);
    expect(db.prepare('SELECT title FROM chats').pluck().get()).toBe('Kept');
    db.prepare(
      `INSERT INTO models (id, sha256, path, parts_json, storage, size_bytes, description_json, imported_at)
       VALUES ('m', 'abc', '/x.gguf', '[]', 'linked', 1, '{}', 0)`,
    ).run();
    expect(() =>
      db.prepare(`INSERT INTO models (id, sha256, path, parts_json, storage, size_bytes, description_json, imported_at) VALUES ('n', 'abc', '/y.gguf', '[]', 'linked', 1, '{}', 0)`).run(),
    ).toThrow(/UNIQUE/);
    db.prepare("INSERT INTO model_adapters VALUES ('a', 'm', 'style', '/a.gguf', 'def', 1, 1.0, 0)").run();
    db.prepare("DELETE FROM models WHERE id = 'm'").run();
    expect(db.prepare('SELECT COUNT(*) FROM model_adapters').pluck().get()).toBe(0);
    db.close();
  });
});

describe('migration 3: the document index', () => {
  const tempDir = useTempDir();

  it('upgrades a version-2 database, keeping its rows, and enforces the document schema', () => {
    const file = path.join(tempDir(), 'enclave.db');
    const v2 = new BetterSqlite3(file);
    migrateDatabase(v2, migrations.slice(0, 2));
    v2.prepare("INSERT INTO chats (id, title, created_at, updated_at) VALUES ('c1', 'Kept', 1, 1)").run();
    v2.close();
    const db = openDatabase(file);
    expect(readSchemaVersion(db)).toBeGreaterThanOrEqual(3);
    expect(db.prepare('SELECT title FROM chats').pluck().get()).toBe('Kept');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')").pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining(['collections', 'documents', 'chunks', 'chunks_fts', 'vector_indexes', 'chat_collections', 'chunks_fts_after_delete']),
    );
    db.prepare("INSERT INTO collections (id, name, created_at) VALUES ('k1', 'Papers', 0)").run();
    expect(() => db.prepare("INSERT INTO collections (id, name, created_at) VALUES ('k2', 'PAPERS', 0)").run()).toThrow(/UNIQUE/);
    const insertDocument = db.prepare(
      "INSERT INTO documents (id, collection_id, sha256, file_name, path, format, size_bytes, status, added_at) VALUES (?, ?, 'abc', 'f', '/f', 'txt', 1, ?, 0)",
    );
    insertDocument.run('d1', 'k1', 'ready');
    expect(() => insertDocument.run('d2', 'k1', 'ready')).toThrow(/UNIQUE/);
    expect(() => insertDocument.run('d3', 'nope', 'ready')).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO collections (id, name, created_at) VALUES ('k3', 'Other', 0)").run();
    expect(() => insertDocument.run('d4', 'k3', 'finished')).toThrow(/CHECK/);
    db.prepare("INSERT INTO chunks (document_id, ordinal, char_start, char_end, token_count, text) VALUES ('d1', 0, 0, 5, 1, 'hello world')").run();
    expect(db.prepare("SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH 'hello'").pluck().all()).toHaveLength(1);
    db.prepare("INSERT INTO chat_collections VALUES ('c1', 'k1')").run();
    db.prepare("DELETE FROM collections WHERE id = 'k1'").run();
    expect(db.prepare('SELECT COUNT(*) FROM chunks').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM chunks_fts_docsize').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM chat_collections').pluck().get()).toBe(0);
    db.close();
  });

  it('upgrades a version-10 database keeping its request records, then lets a request be recorded as sending; chats gain their model', () => {
    const file = path.join(tempDir(), 'enclave.db');
    const v10 = new BetterSqlite3(file);
    migrateDatabase(v10, migrations.slice(0, 10));
    v10.prepare(
      `INSERT INTO remote_requests (created_at, endpoint_name, base_url, model, outcome, attempts) VALUES (5, 'Loopback', 'http://127.0.0.1/v1', 'm', 'complete', 1)`,
    ).run();
    v10.prepare("INSERT INTO chats (id, title, created_at, updated_at) VALUES ('c1', 'Kept', 1, 1)").run();
    expect(() =>
      v10.prepare(`INSERT INTO remote_requests (created_at, endpoint_name, base_url, model, outcome) VALUES (6, 'L', 'u', 'm', 'sending')`).run(),
    ).toThrow(/CHECK/);
    v10.close();
    const db = openDatabase(file);
    expect(readSchemaVersion(db)).toBe(latestSchemaVersion);
    expect(db.prepare('SELECT endpoint_name, outcome, attempts FROM remote_requests').all()).toEqual([
      { endpoint_name: 'Loopback', outcome: 'complete', attempts: 1 },
    ]);
    db.prepare(`INSERT INTO remote_requests (created_at, endpoint_name, base_url, model, outcome) VALUES (6, 'L', 'u', 'm', 'sending')`).run();
    expect(() =>
      db.prepare(`INSERT INTO remote_requests (created_at, endpoint_name, base_url, model, outcome) VALUES (7, 'L', 'u', 'm', 'lost')`).run(),
    ).toThrow(/CHECK/);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'remote_requests'").pluck().all()).toEqual([
      'remote_requests_by_time',
    ]);
    expect(db.prepare("SELECT model_json FROM chats WHERE id = 'c1'").pluck().get()).toBeNull();
    db.close();
  });

  it('loads sqlite-vec into every database it opens', () => {
    const db = openDatabase(path.join(tempDir(), 'enclave.db'));
    expect(db.prepare('SELECT vec_version()').pluck().get()).toMatch(/^v0\.1\./);
    db.close();
  });
});

describe('migration 4: grounded answers', () => {
  const tempDir = useTempDir();

  it('upgrades a version-3 database with collections in it, and a chat takes its own collection along', () => {
    const file = path.join(tempDir(), 'enclave.db');
    const v3 = new BetterSqlite3(file);
    migrateDatabase(v3, migrations.slice(0, 3));
    v3.prepare("INSERT INTO collections (id, name, created_at) VALUES ('k1', 'Kept', 1)").run();
    v3.close();
    const db = openDatabase(file);
    expect(readSchemaVersion(db)).toBe(latestSchemaVersion);
    expect(db.prepare('SELECT name, chat_id FROM collections').get()).toEqual({ name: 'Kept', chat_id: null });
    db.prepare("INSERT INTO chats (id, title, created_at, updated_at) VALUES ('c1', 't', 0, 0)").run();
    db.prepare("INSERT INTO collections (id, name, created_at, chat_id) VALUES ('k2', 'Own', 1, 'c1')").run();
    expect(() => db.prepare("INSERT INTO collections (id, name, created_at, chat_id) VALUES ('k3', 'Own 2', 1, 'c1')").run()).toThrow(
      /UNIQUE/,
    );
    db.prepare("DELETE FROM chats WHERE id = 'c1'").run();
    expect(db.prepare('SELECT id FROM collections').pluck().all()).toEqual(['k1']);
    db.close();
  });
});
