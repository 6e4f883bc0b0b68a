import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { formatRecoveryKey } from '../../../electron/core/storage/keyWrapping.js';
import { type CliResult, stderrLines } from './runCli.js';

/** One chat as a JSON export: `enclave chats import` makes it without a model. */
export function writeChatExport(file: string, chat: { id: string; title: string; content: string }): void {
  const createdAt = Date.UTC(2025, 0, 15);
  const message = { id: `${chat.id}m`, role: 'user', content: chat.content, createdAt };
  const exported = { id: chat.id, title: chat.title, createdAt, updatedAt: createdAt, leafMessageId: message.id, messages: [message] };
  fs.writeFileSync(file, JSON.stringify({ format: 'enclave-chats', version: 1, chats: [exported] }));
}

/**
 * SHA-256 of every file of the database and its key: a refused command must leave them byte for byte.
 * Not the WAL index (-shm): it holds no data, and closing a descriptor of it would drop the SQLite locks
 * this process holds on it (POSIX locks belong to the process), which is how a test plays "the app".
 */
export function fingerprint(dataDir: string): Record<string, string> {
  const names = fs.existsSync(dataDir) ? fs.readdirSync(dataDir).filter((name) => name.startsWith('enclave.') && !name.endsWith('-shm')).sort() : [];
  return Object.fromEntries(names.map((name) => [name, crypto.createHash('sha256').update(fs.readFileSync(path.join(dataDir, name))).digest('hex')]));
}

/**
 * What a refused command must leave as it was once the database is open (every CLI run records its start
 * and stop in the audit trail): the key file byte for byte, and every row of every table but the trail's.
 * Read through `db`, a connection the caller holds (a second one opened and closed in this process would
 * drop the locks the first holds).
 */
export function contentFingerprint(db: Database, dataDir: string): Record<string, string> {
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'audit_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")
    .pluck()
    .all() as string[];
  const rows = crypto.createHash('sha256');
  for (const table of tables) {
    // Sorted here: some tables have no rowid to order by.
    const content = db.prepare(`SELECT * FROM "${table}"`).all().map((row) => JSON.stringify(row)).sort();
    rows.update(table).update(content.join('\n'));
  }
  return { 'enclave.key': fingerprint(dataDir)['enclave.key'] ?? 'none', rows: rows.digest('hex') };
}

/** The database files (main, WAL, journal) that hold `text` as plain bytes, as `strings` would find it. */
export function filesContaining(dataDir: string, text: string): string[] {
  return fs
    .readdirSync(dataDir)
    .filter((name) => name.startsWith('enclave.db') && !name.endsWith('-shm'))
    .filter((name) => fs.readFileSync(path.join(dataDir, name)).includes(Buffer.from(text, 'utf8')));
}

/** A file holding a random key written as a recovery key, for `backup --key-file`. */
export function writeRandomKey(file: string): string {
  const key = formatRecoveryKey(crypto.randomBytes(32));
  fs.writeFileSync(file, `${key}\n`);
  return key;
}

/** Exit 1 with one line on stderr that says what is wrong (matching `pattern`), and no stack trace. */
export function expectRefusal(result: CliResult, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(1);
  expect(stderrLines(result)).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}
