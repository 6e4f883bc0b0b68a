import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { runCli } from './runCli.js';

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

/**
 * Chats are private: on POSIX the data folder is 0700 and the database, its WAL and SHM, and exports
 * 0600, whatever the umask (the common 022 here, which used to leave them readable by everyone).
 */
describe.runIf(process.platform !== 'win32')('owner-only data files', () => {
  let root: string;
  let previousUmask: number;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-modes-'));
    // The CLI runs as a child process and inherits this.
    previousUmask = process.umask(0o022);
  });
  afterAll(() => {
    process.umask(previousUmask);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('the CLI creates the data folder 0700 and the database 0600', async () => {
    const dataDir = path.join(root, 'fresh', 'data');
    const result = await runCli(['chats', 'list'], { dataDir });
    expect(result.code, result.stderr).toBe(0);
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(path.join(dataDir, 'enclave.db'))).toBe(0o600);
  });

  it('tightens a data folder and database an older version left readable by others', async () => {
    const dataDir = path.join(root, 'older');
    const created = await runCli(['chats', 'list'], { dataDir });
    expect(created.code, created.stderr).toBe(0);
    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(path.join(dataDir, 'enclave.db'), 0o644);
    const again = await runCli(['chats', 'list'], { dataDir });
    expect(again.code, again.stderr).toBe(0);
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(path.join(dataDir, 'enclave.db'))).toBe(0o600);
  });

  it('writes a chat export 0600', async () => {
    const dataDir = path.join(root, 'export');
    const out = path.join(root, 'chats.json');
    const result = await runCli(['chats', 'export', '--all', '--format', 'json', '--out', out], { dataDir });
    expect(result.code, result.stderr).toBe(0);
    expect(modeOf(out)).toBe(0o600);
  });

  it('the WAL and SHM SQLite creates beside the database are 0600 too', () => {
    const databasePath = path.join(root, 'wal', 'enclave.db');
    const db = openDatabase(databasePath);
    try {
      db.exec('CREATE TABLE probe (value TEXT); INSERT INTO probe VALUES (1);');
      expect(modeOf(path.dirname(databasePath))).toBe(0o700);
      for (const file of [databasePath, `${databasePath}-wal`, `${databasePath}-shm`]) expect(modeOf(file), file).toBe(0o600);
    } finally {
      db.close();
    }
  });
});
