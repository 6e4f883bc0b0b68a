import fs from 'node:fs';
import BetterSqlite3, { type Database } from 'better-sqlite3-multiple-ciphers';
import { EnclaveError } from '../errors.js';

/**
 * How Enclave's database is encrypted: SQLite3 Multiple Ciphers' AEGIS scheme with AEGIS-256, page by
 * page (the main file and the WAL; temporary tables stay in memory: db/openDatabase.ts). AEGIS is an
 * authenticated cipher built on the CPU's AES instructions: a changed byte is an error, not silently
 * different data, and a page costs about what reading it plain does (ChaCha20-Poly1305, the library's
 * default, halved the rate of single-message commits in `npm run bench:storage`).
 *
 * The key is 32 random bytes, never a password: the scheme's key derivation (Argon2id) adds nothing to a
 * full-entropy key, so it runs at its minimum cost (tcost 1, mcost 8 KiB, pcost 1). The same settings with
 * `PRAGMA hexkey` open the file in SQLite3 Multiple Ciphers' own shell, so an administrator holding the
 * recovery key can read it with stock tools (README, Encryption at rest).
 */
export const databaseCipher = {
  /** Its name in the key file and in the storage status. */
  name: 'aegis-256',
  /** Given to every connection before its key. */
  pragmas: ["cipher = 'aegis'", "algorithm = 'aegis-256'", 'tcost = 1', 'mcost = 8', 'pcost = 1'],
} as const;

/** A database key: 32 random bytes. `null` stands for a database stored in plain SQLite. */
export type DatabaseKey = Buffer | null;

export const databaseKeyBytes = 32;

export interface ConnectOptions {
  /** A better-sqlite3 addon built for the running runtime (Electron's ABI in the app). */
  nativeBinding?: string | undefined;
  key: DatabaseKey;
  readonly?: boolean;
  /** Refuse to create the file (a probe, a backup to read). */
  fileMustExist?: boolean;
}

/**
 * Opens a connection and gives it the key before anything reads the file: the one way every part of
 * Enclave (the app's connection, the checkpoint worker, backups, key changes) opens the database.
 */
export function connect(filePath: string, options: ConnectOptions): Database {
  const db = new BetterSqlite3(filePath, {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.readonly ? { readonly: true } : {}),
    ...(options.fileMustExist ? { fileMustExist: true } : {}),
  });
  try {
    if (options.key) applyKey(db, options.key);
    // Sorts, VACUUM's copy and temporary tables stay in memory, never in a temporary file the cipher would
    // not cover: on every connection (a backup's, a key change's), not only the app's.
    db.pragma('temp_store = MEMORY');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Sets the cipher and the key of a fresh connection (before its first read). */
export function applyKey(db: Database, key: Buffer): void {
  selectCipher(db);
  db.key(key);
}

/**
 * Re-encrypts every page of `db` (which must not be in WAL mode) with `key`, or decrypts it with null.
 * SQLite3 Multiple Ciphers does this inside one transaction.
 */
export function changeKey(db: Database, key: DatabaseKey): void {
  selectCipher(db);
  db.rekey(key ?? Buffer.alloc(0));
}

function selectCipher(db: Database): void {
  for (const pragma of databaseCipher.pragmas) db.pragma(pragma);
}

/** What is on disk at a database path, told from its first bytes without opening it. */
export type DatabaseFileState = 'missing' | 'plain' | 'encrypted';

const plainHeader = Buffer.from('SQLite format 3\0', 'latin1');

export function databaseFileState(filePath: string): DatabaseFileState {
  let fd: number;
  try {
    fd = fs.openSync(filePath, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const header = Buffer.alloc(plainHeader.length);
    const read = fs.readSync(fd, header, 0, header.length, 0);
    // An empty file is what openDatabase creates (owner-only) just before SQLite writes the first page.
    if (read === 0) return 'missing';
    return read === header.length && header.equals(plainHeader) ? 'plain' : 'encrypted';
  } finally {
    fs.closeSync(fd);
  }
}

/** True when `key` opens the database at `filePath` (for plain SQLite: when `key` is null). Never writes. */
export function keyOpens(filePath: string, key: DatabaseKey, nativeBinding?: string): boolean {
  let db: Database | undefined;
  try {
    // Not read-only: a read-only connection cannot open a WAL database whose -shm file is gone.
    db = connect(filePath, { key, nativeBinding, fileMustExist: true });
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    return true;
  } catch (error) {
    // Busy means another process holds the file (a key change under way), not that the key is wrong.
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') {
      throw new EnclaveError('storage-in-use', `${filePath} is being changed by another Enclave (a key change or a restore). Nothing was changed; try again in a moment.`, { cause: error });
    }
    return false;
  } finally {
    db?.close();
  }
}
