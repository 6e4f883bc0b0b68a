import type { StorageStatus } from '../../shared/storage.js';
import { EnclaveError } from '../errors.js';
import { databaseCipher, databaseFileState } from '../db/databaseCipher.js';
import type { DataPaths } from '../paths.js';
import { currentEntry, readKeyFile } from './keyFile.js';
import { type KeySources, type StoragePolicy, usableKeychain } from './keySources.js';

export async function storageStatus(paths: Pick<DataPaths, 'databasePath' | 'storageKeyPath'>, sources: KeySources, policy: StoragePolicy): Promise<StorageStatus> {
  const encrypted = databaseFileState(paths.databasePath) === 'encrypted';
  const entry = encrypted ? currentEntry(readIntactKeyFile(paths.storageKeyPath)) : undefined;
  return {
    encrypted,
    cipher: encrypted ? databaseCipher.name : null,
    databasePath: paths.databasePath,
    keyFilePath: paths.storageKeyPath,
    protectedBy: { keychain: entry?.keychain !== undefined, passphrase: entry?.passphrase !== undefined },
    keychainAvailable: (await usableKeychain(sources)) !== undefined,
    keyCreatedAt: entry?.createdAt ?? null,
    recoveryKeyShownAt: entry?.recoveryShownAt ?? null,
    policy: { ...policy },
  };
}

/**
 * A damaged key file leaves the data locked, and the status must still describe it (protected by
 * nothing readable); the unlock error says what is wrong with the file.
 */
function readIntactKeyFile(filePath: string): ReturnType<typeof readKeyFile> {
  try {
    return readKeyFile(filePath);
  } catch (error) {
    if (error instanceof EnclaveError && error.code === 'storage-key-file-corrupt') return null;
    throw error;
  }
}
