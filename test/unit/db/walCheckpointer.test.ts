import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { startWalCheckpointer } from '../../../electron/core/db/walCheckpointer.js';
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
});
