import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { getLoadablePath } from 'sqlite-vec';
import { EnclaveError } from '../errors.js';
import { connect, type DatabaseKey } from './databaseCipher.js';
import { ensureOwnerOnlyDir, ensureOwnerOnlyFile, restrictToOwner } from '../files/ownerOnly.js';
import { assertNotNewer, migrateDatabase } from './migrate.js';

export interface OpenDatabaseOptions {
  /**
   * Path to a better-sqlite3-multiple-ciphers addon built for the running runtime. The Electron app passes one built
   * for Electron's ABI; Node (CLI, tests) uses the default build.
   */
  nativeBinding?: string;
  /**
   * Path to the sqlite-vec loadable extension. Defaults to the one the `sqlite-vec` package ships for
   * this platform; a packaged app passes the copy unpacked from its archive (extensions cannot load
   * from inside asar).
   */
  vectorExtensionPath?: string;
  /** The database key (storage/unlockStorage.ts); null or absent for plain SQLite. */
  key?: DatabaseKey;
}

/** The one place that decides where sqlite-vec is loaded from. */
export function vectorExtensionPath(options: OpenDatabaseOptions = {}): string {
  // Inside a packaged app the native library cannot be loaded from the asar archive; electron-builder
  // unpacks it next to it (asarUnpack), under the same relative path.
  return options.vectorExtensionPath ?? getLoadablePath().replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
}

/**
 * The page cache of an encrypted database, in KiB (SQLite's default is 2 MiB). At 100k document chunks
 * the float vectors alone take 147 MiB: with 128 MiB, re-scoring kept evicting and decrypting them again
 * (retrieval p95 1.32x plain); with 256 MiB, 1.02x (`npm run bench:storage`).
 */
const encryptedCacheKiB = 262144;

const notADatabaseCodes = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

/**
 * Opens (creating if needed) the one Enclave database: WAL so readers never wait on the writer,
 * foreign keys on, secure_delete so deleted text does not linger in free pages, the sqlite-vec
 * extension, then migrations. Its folder is made owner-only (0700) and the file 0600 before SQLite
 * opens it; SQLite gives the WAL and SHM it creates the database file's mode (files/ownerOnly.ts).
 */
export function openDatabase(filePath: string, options: OpenDatabaseOptions = {}): Database {
  let db: Database | undefined;
  try {
    ensureOwnerOnlyDir(path.dirname(filePath));
    ensureOwnerOnlyFile(filePath);
    // Left by an older Enclave that created them readable by others.
    restrictToOwner(`${filePath}-wal`);
    restrictToOwner(`${filePath}-shm`);
    const key = options.key ?? null;
    db = connect(filePath, { key, nativeBinding: options.nativeBinding });
    db.pragma('busy_timeout = 5000');
    // Read-only checks first: a database we must refuse is left byte for byte as it was.
    assertIntact(db, filePath);
    assertNotNewer(db);
    db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL still never corrupts and survives an app crash; only a power cut can lose the
    // last commits. FULL would fsync every streamed-reply flush and every message, milliseconds each.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('secure_delete = ON');
    if (key) {
      // Pages are decrypted on their way into SQLite's cache, so memory-mapping cannot serve them: a
      // larger cache keeps what vector search and history search read often decrypted (an upper bound,
      // taken only as pages are read).
      db.pragma(`cache_size = -${String(encryptedCacheKiB)}`);
    } else {
      // Vector search reads every vector of a collection: memory-mapped pages cut a 100k-chunk scan to a
      // third. An upper bound on address space, not memory taken.
      db.pragma('mmap_size = 4294967296');
    }
    // Before migrations: the document index keeps its vectors in sqlite-vec tables.
    loadVectorExtension(db, vectorExtensionPath(options));
    migrateDatabase(db);
    return db;
  } catch (error) {
    db?.close();
    throw describeOpenError(error, filePath);
  }
}

function loadVectorExtension(db: Database, extensionPath: string): void {
  try {
    db.loadExtension(extensionPath);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new EnclaveError(
      'database-unavailable',
      `The vector search extension (sqlite-vec) could not be loaded from ${extensionPath}: ${detail}. Reinstall Enclave.`,
      { cause: error },
    );
  }
}

function assertIntact(db: Database, filePath: string): void {
  const result = db.pragma('quick_check', { simple: true });
  if (result !== 'ok') {
    throw new EnclaveError(
      'database-corrupt',
      `The database ${filePath} is damaged (${String(result)}). Restore it from a backup or move it aside to start fresh.`,
    );
  }
}

function describeOpenError(error: unknown, filePath: string): unknown {
  if (error instanceof EnclaveError) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && notADatabaseCodes.has(code)) {
    return new EnclaveError(
      'database-corrupt',
      `The file ${filePath} is not a readable Enclave database (it is corrupt or not SQLite). Restore it from a backup or move it aside to start fresh.`,
      { cause: error },
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new EnclaveError('database-unavailable', `Could not open the database ${filePath}: ${detail}`, {
    cause: error,
  });
}
