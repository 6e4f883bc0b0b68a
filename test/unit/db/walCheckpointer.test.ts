import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { startWalCheckpointer, truncateWal } from '../../../electron/core/db/walCheckpointer.js';
import { useTempDir } from '../../support/tempDir.js';

describe('WAL checkpoints on a worker thread', () => {
  const tempDir = useTempDir();
  let db: Database;
  let file: string;

  beforeEach(() => {
    file = path.join(tempDir(), 'enclave.db');
    db = openDatabase(file);
    return () => db.close();
  });

  const autocheckpoint = () => db.pragma('wal_autocheckpoint', { simple: true });
  const inDatabaseFile = (text: string) => fs.readFileSync(file).includes(Buffer.from(text));

  it('copies what the app writes into the database file while the app connection no longer checkpoints', async () => {
    const checkpointer = startWalCheckpointer(db, { intervalMs: 20 });
    expect(await checkpointer.started).toBe(true);
    expect(autocheckpoint()).toBe(0);

    const marker = `checkpointed-${Date.now()}`;
    db.prepare('INSERT INTO settings (key, value_json) VALUES (?, ?)').run('marker', JSON.stringify(marker));
    // Committed to the WAL only: the database file has not got it yet.
    expect(inDatabaseFile(marker)).toBe(false);
    await expect.poll(() => inDatabaseFile(marker), { timeout: 10_000 }).toBe(true);

    await checkpointer.stop();
    expect(autocheckpoint()).toBe(1000);
    // The app's connection still works after the worker's connection closed.
    expect(db.prepare('SELECT value_json FROM settings WHERE key = ?').pluck().get('marker')).toBe(JSON.stringify(marker));
  });

  it('gives the connection its own checkpoints back when the worker cannot start', async () => {
    const missing = path.join(tempDir(), 'no-such-module.js');
    const checkpointer = startWalCheckpointer(db, { modulePath: missing });
    expect(await checkpointer.started).toBe(false);
    expect(autocheckpoint()).toBe(1000);
    await checkpointer.stop();
    expect(autocheckpoint()).toBe(1000);
  });

  it('empties the WAL once a reader that held old frames lets go, and says so when it never does', async () => {
    const walBytes = () => fs.statSync(`${file}-wal`).size;
    const reader = openDatabase(file);
    try {
      reader.exec('BEGIN');
      reader.prepare('SELECT COUNT(*) FROM settings').get();
      db.prepare('INSERT INTO settings (key, value_json) VALUES (?, ?)').run('erased-soon', '"x"');
      // The open snapshot keeps the log: a few quick tries give up, and the log keeps its frames.
      expect(await truncateWal(db, 3)).toBe(false);
      expect(walBytes()).toBeGreaterThan(0);
      setTimeout(() => reader.exec('COMMIT'), 50);
      expect(await truncateWal(db)).toBe(true);
      expect(walBytes()).toBe(0);
    } finally {
      reader.close();
    }
  });
});
