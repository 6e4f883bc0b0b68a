import fs from 'node:fs';
import type { StorageKeyChange } from '../../shared/storage.js';
import { databaseFileState, type DatabaseKey } from '../db/databaseCipher.js';
import { EnclaveError } from '../errors.js';
import type { DataPaths } from '../paths.js';
import { auditKeyOf, existingPassphraseProtector, hasProtector, keysFromKeychain, newPassphraseProtector, type Protectors, withAuditKey, wrapEntry } from './keyEntries.js';
import { currentEntry, type KeyEntry, type KeyFile, newKeyFile, readKeyFile, writeKeyFile } from './keyFile.js';
import { type KeySources, type StoragePolicy, usableKeychain } from './keySources.js';
import { formatRecoveryKey, keyIdOf, newDatabaseKey } from './keyWrapping.js';
import { rewriteDatabase } from './rewriteDatabase.js';
import { encryptPlainDatabase } from './unlockStorage.js';

export interface KeyChangeOptions {
  paths: Pick<DataPaths, 'databasePath' | 'storageKeyPath'>;
  sources: KeySources;
  policy: StoragePolicy;
  nativeBinding?: string | undefined;
  onStep?: ((step: string) => void) | undefined;
}

/**
 * Encrypts a plain database in place (crash-safe), its key wrapped by the keychain when usable and by
 * `passphrase` when given. The database must not be open elsewhere. Returns the new key.
 */
export async function encryptStorage(options: KeyChangeOptions, passphrase: string | null): Promise<Buffer> {
  if (databaseFileState(options.paths.databasePath) !== 'plain') {
    throw new EnclaveError('invalid-request', `${options.paths.databasePath} is already encrypted (or does not exist yet).`);
  }
  if (passphrase !== null && !options.policy.allowPassphrase) throw passphraseNotAllowed();
  const keychain = await usableKeychain(options.sources);
  const protectors: Protectors = {
    ...(keychain ? { keychain } : {}),
    ...(passphrase !== null ? { passphrase: await newPassphraseProtector(passphrase) } : {}),
  };
  if (!hasProtector(protectors)) {
    throw new EnclaveError('storage-locked', 'There is no OS keychain here to keep the key: give a passphrase (--passphrase-file <file>, ENCLAVE_PASSPHRASE_FILE, or at the prompt).');
  }
  return encryptPlainDatabase({ ...options.paths, protectors, nativeBinding: options.nativeBinding, onStep: options.onStep });
}

/**
 * Replaces the key with a new random one and re-encrypts every page (crash-safe: rewriteDatabase). The
 * new key is wrapped as the old was: by the keychain, and by the passphrase (which must be given, and is
 * checked). A recovery key shown for the old key no longer opens the data: the new one is returned
 * when one had been shown, or when asked for.
 */
export async function rekeyStorage(
  options: KeyChangeOptions,
  liveKey: Buffer,
  request: { passphrase: string | null; showRecoveryKey: boolean },
): Promise<StorageKeyChange & { key: Buffer }> {
  const { keyFile, entry } = currentKeyOf(options, liveKey);
  const keychain = entry.keychain ? await usableKeychain(options.sources) : undefined;
  // A passphrase the policy no longer allows is not carried to the new key, as long as the keychain keeps it.
  const keepPassphrase = entry.passphrase !== undefined && (options.policy.allowPassphrase || !keychain);
  if (keepPassphrase && request.passphrase === null) {
    throw new EnclaveError('storage-locked', 'A passphrase protects this key: give it, so the new key is protected by it too.');
  }
  const protectors: Protectors = {
    ...(keychain ? { keychain } : {}),
    ...(keepPassphrase && request.passphrase !== null ? { passphrase: await existingPassphraseProtector(keyFile, request.passphrase) } : {}),
  };
  if (!hasProtector(protectors)) {
    throw new EnclaveError('storage-keychain-unavailable', 'The OS keychain that protects this key is not available here; change the key in the app.');
  }
  const key = newDatabaseKey();
  const showRecovery = request.showRecoveryKey || entry.recoveryShownAt !== undefined;
  // The audit trail's seal key stays the same across key changes: it moves under the new key.
  const auditKey = auditKeyOf(entry, liveKey);
  const wrapped = await wrapEntry(key, protectors, 'pending');
  const pending = auditKey ? withAuditKey(wrapped, key, auditKey) : wrapped;
  rewriteDatabase({
    databasePath: options.paths.databasePath,
    liveKey,
    source: { path: options.paths.databasePath, key: liveKey },
    targetKey: key,
    nativeBinding: options.nativeBinding,
    onStep: options.onStep,
    beforeSwap: () => writeKeyFile(options.paths.storageKeyPath, { ...keyFile, keys: [entry, pending] }),
  });
  const current: KeyEntry = { ...pending, state: 'current', ...(showRecovery ? { recoveryShownAt: new Date().toISOString() } : {}) };
  writeKeyFile(options.paths.storageKeyPath, { ...keyFile, keys: [current] });
  return { key, recoveryKey: showRecovery ? formatRecoveryKey(key) : null };
}

/**
 * Sets, changes or (with null) removes the passphrase that wraps the key. Removing is allowed only while
 * the keychain also wraps it: the data must always open some way besides the recovery key. `liveKey`
 * must be the key the open database uses: when the key file does not hold it, a new one is written.
 */
export async function setPassphrase(options: KeyChangeOptions, liveKey: Buffer, passphrase: string | null): Promise<void> {
  const held = keyFileHolding(options, liveKey);
  if (!held) return replaceKeyFile(options, liveKey, passphrase);
  const { keyFile, entry } = held;
  if (passphrase === null) {
    // The keychain must open the key here and now: a wrap made on another machine or before a keychain
    // reset opens nothing, and removing the passphrase would leave only the recovery key.
    const keychain = entry.keychain ? await usableKeychain(options.sources) : undefined;
    const opened = keychain ? await keysFromKeychain({ ...keyFile, keys: [entry] }, keychain).catch(() => []) : [];
    if (!opened.some((key) => key.equals(liveKey))) {
      throw new EnclaveError('invalid-request', 'The OS keychain here cannot open the key by itself, so the passphrase is what opens the data: it can be changed, not removed.');
    }
    const { passphrase: _removed, ...rest } = entry;
    const { passphraseKdf: _kdf, ...file } = keyFile;
    writeKeyFile(options.paths.storageKeyPath, { ...file, keys: [rest] });
    return;
  }
  if (!options.policy.allowPassphrase) throw passphraseNotAllowed();
  const protector = await newPassphraseProtector(passphrase);
  const rewrapped = await wrapEntry(liveKey, { passphrase: protector }, 'current', entry);
  const keys = [{ ...rewrapped, ...(entry.keychain ? { keychain: entry.keychain } : {}) }];
  writeKeyFile(options.paths.storageKeyPath, newKeyFile(keys, protector.kdf));
}

/**
 * The recovery key (the database key itself, formatted): shown once per key, for IT to escrow. To get
 * another, change the key: the old recovery key then stops working.
 */
export function revealRecoveryKey(options: KeyChangeOptions, liveKey: Buffer): string {
  const { keyFile, entry } = currentKeyOf(options, liveKey);
  if (entry.recoveryShownAt) {
    throw new EnclaveError(
      'invalid-request',
      `The recovery key of this key was already shown (${entry.recoveryShownAt}). To make a new one, change the key (enclave storage rekey --show-recovery-key); the old one then stops working.`,
    );
  }
  writeKeyFile(options.paths.storageKeyPath, { ...keyFile, keys: [{ ...entry, recoveryShownAt: new Date().toISOString() }] });
  return formatRecoveryKey(liveKey);
}

/**
 * The data was opened with the recovery key because the key file is missing, damaged or about another
 * key (unlockStorage leaves it so when no keychain is here to rebuild it: the CLI). The open database
 * proves `liveKey`, so a new key file wraps it under the new passphrase (and the keychain, where there
 * is one); the old file is kept aside, not deleted. This is how a lost passphrase or key file is mended.
 */
async function replaceKeyFile(options: KeyChangeOptions, liveKey: Buffer, passphrase: string | null): Promise<void> {
  const { storageKeyPath } = options.paths;
  if (passphrase === null) {
    throw new EnclaveError('storage-key-file-missing', `The key file ${storageKeyPath} does not hold the key in use, so there is no passphrase to remove: set a new one.`);
  }
  if (!options.policy.allowPassphrase) throw passphraseNotAllowed();
  const keychain = await usableKeychain(options.sources);
  const protector = await newPassphraseProtector(passphrase);
  const entry = await wrapEntry(liveKey, { ...(keychain ? { keychain } : {}), passphrase: protector }, 'current');
  if (fs.existsSync(storageKeyPath)) fs.renameSync(storageKeyPath, `${storageKeyPath}.replaced-${String(Date.now())}`);
  // The recovery key opened the data, so one is out there for this key: a later rekey shows the next one.
  writeKeyFile(storageKeyPath, newKeyFile([{ ...entry, recoveryShownAt: new Date().toISOString() }], protector.kdf));
}

function currentKeyOf(options: KeyChangeOptions, liveKey: DatabaseKey): { keyFile: KeyFile; entry: KeyEntry } {
  const held = keyFileHolding(options, liveKey);
  if (!held) {
    throw new EnclaveError('storage-key-file-missing', `The key file ${options.paths.storageKeyPath} does not hold the key in use; open the data with the recovery key first.`);
  }
  return held;
}

/** The key file and its entry for `liveKey`; null when the file is missing, damaged, or about another key. */
function keyFileHolding(options: KeyChangeOptions, liveKey: DatabaseKey): { keyFile: KeyFile; entry: KeyEntry } | null {
  if (!liveKey) throw new EnclaveError('storage-not-encrypted', 'The database is not encrypted: encrypt it first (enclave storage encrypt, or Settings, Data).');
  let keyFile: KeyFile | null;
  try {
    keyFile = readKeyFile(options.paths.storageKeyPath);
  } catch (error) {
    if (error instanceof EnclaveError && error.code === 'storage-key-file-corrupt') return null;
    throw error;
  }
  const entry = currentEntry(keyFile);
  return keyFile && entry?.id === keyIdOf(liveKey) ? { keyFile, entry } : null;
}

function passphraseNotAllowed(): EnclaveError {
  return new EnclaveError('storage-passphrase-not-allowed', 'The machine policy does not allow a passphrase: the key is kept by the OS keychain only.');
}
