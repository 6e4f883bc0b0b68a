import fs from 'node:fs';
import path from 'node:path';
import type { BackupResult } from '../../shared/storage.js';
import { changeKey, connect, databaseFileState, type DatabaseKey, keyOpens } from '../db/databaseCipher.js';
import { enclaveDatabaseProblem, leaveWalMode, vacuumInto } from '../db/wholeFile.js';
import { EnclaveError } from '../errors.js';
import { syncFile, syncFolder } from '../files/atomicWrite.js';
import { ensureOwnerOnlyFile } from '../files/ownerOnly.js';
import type { StoragePolicy } from './keySources.js';
import { removeWithSidecars, rewriteDatabase } from './rewriteDatabase.js';

export interface BackupOptions {
  databasePath: string;
  /** The key the database opens with (null: plain SQLite). */
  liveKey: DatabaseKey;
  destination: string;
  /** The key the backup is encrypted with; absent: the database's own. */
  backupKey?: Buffer | undefined;
  policy: StoragePolicy;
  nativeBinding?: string | undefined;
}

/**
 * A consistent copy of the database while Enclave may be running: `VACUUM INTO` reads one snapshot
 * (WAL readers never wait on the writer, nor it on them) and writes a compact file that SQLite3
 * Multiple Ciphers encrypts with the source's cipher and key. With `backupKey` the copy is then
 * re-encrypted under that key. It is built and checked in the data folder, then copied beside the
 * destination and renamed into place, so a failed backup never leaves a half file under the name asked for.
 */
export function backupDatabase(options: BackupOptions): Omit<BackupResult, 'note'> {
  const destination = path.resolve(options.destination);
  if (destination === path.resolve(options.databasePath)) throw new EnclaveError('invalid-request', 'A backup cannot overwrite the database itself.');
  if (!options.liveKey && !options.backupKey && options.policy.encryption === 'required') {
    throw new EnclaveError('storage-encryption-required', 'The machine policy requires encryption, and this database is not encrypted: encrypt it first, or give a key for the backup.');
  }
  // Made in the data folder, owner-only from its first byte: a plain database re-keyed for the backup is
  // never in clear (nor its rollback journal) on the destination's disk, a share or a USB stick.
  const built = `${options.databasePath}.backup-partial`;
  const partial = `${destination}.partial`;
  removeWithSidecars(built);
  fs.rmSync(partial, { force: true });
  ensureOwnerOnlyFile(built);
  const source = connect(options.databasePath, { key: options.liveKey, nativeBinding: options.nativeBinding, fileMustExist: true });
  try {
    vacuumInto(source, built);
  } catch (error) {
    fs.rmSync(built, { force: true });
    throw new EnclaveError('io-error', `The backup could not be written: ${(error as Error).message}`, { cause: error });
  } finally {
    source.close();
  }
  const finalKey = options.backupKey ?? options.liveKey;
  try {
    if (options.backupKey) {
      const copy = connect(built, { key: options.liveKey, nativeBinding: options.nativeBinding, fileMustExist: true });
      try {
        leaveWalMode(copy);
        changeKey(copy, options.backupKey);
      } finally {
        copy.close();
      }
    }
    assertBackup(built, destination, finalKey, options.nativeBinding);
    ensureOwnerOnlyFile(partial);
    fs.copyFileSync(built, partial);
    syncFile(partial);
    fs.renameSync(partial, destination);
    syncFolder(path.dirname(destination));
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error instanceof EnclaveError ? error : new EnclaveError('io-error', `The backup could not be written to ${destination}: ${(error as Error).message}`, { cause: error });
  } finally {
    removeWithSidecars(built);
  }
  return { path: destination, bytes: fs.statSync(destination).size, encrypted: finalKey !== null };
}

export interface RestoreOptions {
  databasePath: string;
  liveKey: DatabaseKey;
  backupPath: string;
  /** The key the backup was made with, when not the database's own (a recovery key, or the key given at backup). */
  backupKey?: Buffer | undefined;
  policy: StoragePolicy;
  nativeBinding?: string | undefined;
  onStep?: ((step: string) => void) | undefined;
}

/**
 * Puts a backup in place of the database (crash-safe: rewriteDatabase), re-encrypted under the
 * database's current key so the key file keeps opening it. The backup must be an Enclave database this
 * version can read, whole; the database must not be open in another Enclave.
 */
export function restoreDatabase(options: RestoreOptions): void {
  const backupPath = path.resolve(options.backupPath);
  const state = databaseFileState(backupPath);
  if (state === 'missing') throw new EnclaveError('backup-invalid', `There is no backup at ${backupPath} (or it is empty).`);
  if (!options.liveKey && options.policy.encryption === 'required') {
    throw new EnclaveError('storage-encryption-required', 'The machine policy requires encryption: encrypt the database first, then restore.');
  }
  // Everything is checked on a copy in the data folder: opening the user's own file read-write would
  // change it (a checkpoint, a rolled-back journal, new -wal and -shm files beside it).
  const copy = `${options.databasePath}.restore-source`;
  const removeCopy = () => removeWithSidecars(copy);
  removeCopy();
  ensureOwnerOnlyFile(copy);
  try {
    fs.copyFileSync(backupPath, copy);
    const sourceKey = state === 'plain' ? null : (options.backupKey ?? options.liveKey);
    if (state === 'encrypted' && (!sourceKey || !keyOpens(copy, sourceKey, options.nativeBinding))) {
      throw new EnclaveError(
        'backup-invalid',
        `${backupPath} does not open with ${options.backupKey ? 'the key given' : "this database's key"}: it is a backup made with another key, or not an Enclave backup at all. ` +
          'Nothing was changed. For a backup made with another key, give that key (--key-file <file>, or the recovery key field in Settings).',
      );
    }
    assertBackup(copy, backupPath, sourceKey, options.nativeBinding);
    rewriteDatabase({
      databasePath: options.databasePath,
      liveKey: options.liveKey,
      source: { path: copy, key: sourceKey },
      targetKey: options.liveKey,
      nativeBinding: options.nativeBinding,
      onStep: options.onStep,
    });
  } finally {
    removeCopy();
  }
}

/** An Enclave database this version can open, whole. */
function assertBackup(filePath: string, shownPath: string, key: DatabaseKey, nativeBinding: string | undefined): void {
  let problem: string | null;
  try {
    const db = connect(filePath, { key, nativeBinding, fileMustExist: true });
    try {
      problem = enclaveDatabaseProblem(db);
    } finally {
      db.close();
    }
  } catch (error) {
    problem = `it could not be read (${(error as Error).message})`;
  }
  if (problem) throw new EnclaveError('backup-invalid', `The backup ${shownPath} cannot be used: ${problem}. Nothing was changed.`);
}
