import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { pluckedStatement, statement } from '../../../electron/core/db/statements.js';
import { useTempDir } from '../../support/tempDir.js';

describe('statements compiled once per database', () => {
  const tempDir = useTempDir();
  let db: Database;

  beforeEach(() => {
    db = openDatabase(path.join(tempDir(), 'enclave.db'));
    return () => db.close();
  });

  it('gives back the same statement for the same SQL, and a separate one that plucks', () => {
    const sql = 'SELECT key, value_json FROM settings WHERE key = ?';
    db.prepare('INSERT INTO settings (key, value_json) VALUES (?, ?)').run('theme', '"dark"');
    expect(statement(db, sql)).toBe(statement(db, sql));
    expect(pluckedStatement(db, sql)).toBe(pluckedStatement(db, sql));
    expect(pluckedStatement(db, sql)).not.toBe(statement(db, sql));
    // Plucking one does not change what the other returns.
    expect(pluckedStatement(db, sql).get('theme')).toBe('theme');
    expect(statement(db, sql).get('theme')).toEqual({ key: 'theme', value_json: '"dark"' });
  });

  it('keeps each database its own statements', () => {
    const other = openDatabase(path.join(tempDir(), 'other.db'));
    try {
      const sql = 'SELECT COUNT(*) FROM chats';
      expect(statement(other, sql)).not.toBe(statement(db, sql));
      other.prepare(`INSERT INTO chats (id, title, created_at, updated_at) VALUES ('c1', 'A chat', 1, 1)`).run();
      expect(pluckedStatement(other, sql).get()).toBe(1);
      expect(pluckedStatement(db, sql).get()).toBe(0);
    } finally {
      other.close();
    }
  });

  it('follows a schema change made after the statement was compiled', () => {
    const selectAll = statement(db, 'SELECT * FROM settings');
    db.prepare('INSERT INTO settings (key, value_json) VALUES (?, ?)').run('theme', '"dark"');
    expect(selectAll.get()).toEqual({ key: 'theme', value_json: '"dark"' });
    db.exec(`ALTER TABLE settings ADD COLUMN note TEXT DEFAULT 'none'`);
    expect(statement(db, 'SELECT * FROM settings').get()).toEqual({ key: 'theme', value_json: '"dark"', note: 'none' });
  });
});
