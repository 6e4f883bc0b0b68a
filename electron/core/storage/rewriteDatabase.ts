import fs from 'node:fs';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { EnclaveError } from '../errors.js';
import { syncFile, syncFolder } from '../files/atomicWrite.js';
import { restrictToOwner } from '../files/ownerOnly.js';
import { changeKey, connect, type DatabaseKey } from '../db/databaseCipher.js';
import { integrityProblem, leaveWalMode, lockExclusively, schemaFingerprint } from '../db/wholeFile.js';

export interface RewriteOptions {
  databasePath: string;
  /** The key the database on disk opens with now (null: plain SQLite). */
  liveKey: DatabaseKey;
  /** Where the new content comes from: the database itself (encrypt, rekey) or a backup (restore). */
  source: { path: string; key: DatabaseKey };
  /** The key the database opens with afterwards. */
  targetKey: DatabaseKey;
  nativeBinding?: string | undefined;
  /** Runs once the new file is complete and checked, just before it replaces the old (the key file learns the new key). */
  beforeSwap?: () => void;
  /** For the crash tests: called between the steps. */
  onStep?: ((step: string) => void) | undefined;
}

/** The copy being made; a leftover from a killed run is deleted at the next start. */
export function rewriteTempPath(databasePath: string): string {
  return `${databasePath}.rewrite`;
}

/**
 * Replaces the database with a re-keyed copy so that a kill at any moment leaves either the old
 * database or the new one, whole:
 *
 * 1. The live database is switched out of WAL mode (which checkpoints and deletes its WAL) and locked
 *    exclusively. Either fails while another process has it open: then nothing happens.
 * 2. The source is copied beside it, the copy re-encrypted in place (SQLite3 Multiple Ciphers rewrites
 *    every page in one transaction, with its own journal) and checked.
 * 3. `beforeSwap` (the key file gets the new key as "pending", keeping the old), then one atomic rename
 *    puts the copy in place. The old key still opens the old file until that instant; the new key the
 *    new file from then on; the key file holds both, and the next open keeps whichever works.
 *
 * Until step 3 the original is only read; the copy is never used before it is complete and checked.
 */
export function rewriteDatabase(options: RewriteOptions): void {
  const { databasePath } = options;
  const step = options.onStep ?? (() => undefined);
  const temp = rewriteTempPath(databasePath);
  removeRewriteLeftovers(databasePath);
  const live = connect(databasePath, { key: options.liveKey, nativeBinding: options.nativeBinding, fileMustExist: true });
  try {
    takeExclusive(live, databasePath);
    step('locked');
    const expected = options.source.path === databasePath ? schemaFingerprint(live) : describeFile(options.source.path, options.source.key, options.nativeBinding);
    fs.copyFileSync(options.source.path, temp);
    restrictToOwner(temp);
    step('copied');
    const copy = connect(temp, { key: options.source.key, nativeBinding: options.nativeBinding, fileMustExist: true });
    try {
      // A backup made by VACUUM INTO is already out of WAL mode; a key can only be changed outside it.
      leaveWalMode(copy);
      changeKey(copy, options.targetKey);
    } finally {
      copy.close();
    }
    step('rekeyed');
    assertWholeCopy(temp, expected, options);
    syncFile(temp);
    step('checked');
    options.beforeSwap?.();
    step('key-written');
    // Windows refuses to replace a file SQLite holds open (it opens without delete sharing): let go of
    // it first. Another process opening it in that instant makes the rename fail, which loses nothing.
    if (process.platform === 'win32') live.close();
    fs.renameSync(temp, databasePath);
    syncFolder(path.dirname(databasePath));
    step('swapped');
  } finally {
    if (live.open) live.close();
  }
  // The old file's shared-memory index must not be read against the new file.
  fs.rmSync(`${databasePath}-shm`, { force: true });
}

/** Deletes what a killed rewrite left: a copy that was never put in place, and its journal. */
export function removeRewriteLeftovers(databasePath: string): void {
  removeWithSidecars(rewriteTempPath(databasePath));
}

/**
 * At start, before the database opens: what any killed storage operation left in the data folder (a
 * rewrite's copy, a restore's checked copy of the backup, a backup being built), none of it in use.
 */
export function removeStorageLeftovers(databasePath: string): void {
  for (const temporary of [rewriteTempPath(databasePath), `${databasePath}.restore-source`, `${databasePath}.backup-partial`]) removeWithSidecars(temporary);
}

/** A database file and the journal, WAL and shared memory SQLite may have left beside it. */
export function removeWithSidecars(filePath: string): void {
  for (const leftover of [filePath, `${filePath}-journal`, `${filePath}-wal`, `${filePath}-shm`]) fs.rmSync(leftover, { force: true });
}

function takeExclusive(live: Database, databasePath: string): void {
  try {
    lockExclusively(live);
  } catch (error) {
    throw new EnclaveError(
      'storage-in-use',
      `The database ${databasePath} is open in another Enclave (the app or a CLI command). Nothing was changed; close it and try again.`,
      { cause: error },
    );
  }
  if (fs.existsSync(`${databasePath}-wal`) && fs.statSync(`${databasePath}-wal`).size > 0) {
    throw new EnclaveError('storage-in-use', `The database ${databasePath} still has unsaved changes in its log. Nothing was changed; close every Enclave and try again.`);
  }
}

/** The copy opens with its new key, passes SQLite's integrity check, and has the source's schema version and tables. */
function assertWholeCopy(temp: string, expected: string, options: RewriteOptions): void {
  const copy = connect(temp, { key: options.targetKey, nativeBinding: options.nativeBinding, fileMustExist: true });
  try {
    const damage = integrityProblem(copy);
    if (damage !== null || schemaFingerprint(copy) !== expected) {
      throw new EnclaveError('database-corrupt', `The re-encrypted copy of ${options.databasePath} did not check out (${damage ?? 'its schema differs'}). Nothing was changed.`);
    }
  } finally {
    copy.close();
  }
}

function describeFile(filePath: string, key: DatabaseKey, nativeBinding: string | undefined): string {
  const db = connect(filePath, { key, nativeBinding, fileMustExist: true });
  try {
    return schemaFingerprint(db);
  } finally {
    db.close();
  }
}
