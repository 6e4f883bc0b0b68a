import fs from 'node:fs';
import { EnclaveError } from '../errors.js';
import type { KeychainCipher } from '../keychain.js';
import type { DataPaths } from '../paths.js';
import { databaseFileState, type DatabaseKey, keyOpens } from '../db/databaseCipher.js';
import { auditKeyOf, byCurrentFirst, hasProtector, withAuditKey, keysFromKeychain, keysFromPassphrase, newPassphraseProtector, type Protectors, wrapEntry, wrongPassphrase } from './keyEntries.js';
import { currentEntry, type KeyFile, newKeyFile, readKeyFile, writeKeyFile } from './keyFile.js';
import { type KeySources, type StoragePolicy, usableKeychain } from './keySources.js';
import { keyIdOf, newDatabaseKey, parseRecoveryKey } from './keyWrapping.js';
import { removeStorageLeftovers, rewriteDatabase } from './rewriteDatabase.js';

export interface UnlockOptions {
  paths: Pick<DataPaths, 'databasePath' | 'storageKeyPath'>;
  sources: KeySources;
  policy: StoragePolicy;
  nativeBinding?: string | undefined;
}

export interface UnlockedStorage {
  /** The key the database opens with; null for plain SQLite. */
  key: DatabaseKey;
  /** The audit trail's seal key (kept in the key file under `key`); null for plain SQLite or without a readable key file. */
  auditKey: Buffer | null;
  /** True when the seal key was made just now: the trail records that its seals start again here. */
  auditKeyNew: boolean;
  /** One sentence to tell the user once (a database left unencrypted, encrypted now as policy requires). */
  notice: string | null;
}

/**
 * Finds the key of the database before it is opened, finishing what a killed key change left:
 * - no database yet: a new random key, wrapped by every protector to hand (the keychain in the app, a
 *   passphrase given to the CLI); with none, plain SQLite where policy allows it, else a refusal;
 * - plain SQLite: used as it is, or encrypted now when policy requires it;
 * - encrypted: the key unwrapped by the keychain, the passphrase or the recovery key, the one that
 *   really opens the file (after a killed key change, the new one or the old).
 * Every failure is an EnclaveError with a storage-* code that says what to do; nothing is written then.
 */
export async function unlockStorage(options: UnlockOptions): Promise<UnlockedStorage> {
  const { databasePath } = options.paths;
  removeStorageLeftovers(databasePath);
  const state = databaseFileState(databasePath);
  const { key, notice } = state === 'encrypted' ? { key: await unlockEncrypted(options), notice: null } : state === 'plain' ? await openPlain(options) : await createStorage(options);
  return { key, notice, ...auditKeyFor(options.paths.storageKeyPath, key) };
}

/**
 * The audit seal key the key file keeps under `key`, made (and written there) when it has none yet: a
 * new database, one just encrypted, a key file rebuilt after recovery. Null without a key or a readable
 * key file holding it: entries are then chained but not sealed until the next start that has one.
 */
export function auditKeyFor(storageKeyPath: string, key: DatabaseKey): { auditKey: Buffer | null; auditKeyNew: boolean } {
  if (!key) return { auditKey: null, auditKeyNew: false };
  const keyFile = readKeyFileOrNull(storageKeyPath);
  const entry = keyFile?.keys.find((candidate) => candidate.id === keyIdOf(key));
  if (!keyFile || !entry) return { auditKey: null, auditKeyNew: false };
  const kept = auditKeyOf(entry, key);
  if (kept) return { auditKey: kept, auditKeyNew: false };
  const auditKey = newDatabaseKey();
  writeKeyFile(storageKeyPath, { ...keyFile, keys: keyFile.keys.map((candidate) => (candidate === entry ? withAuditKey(entry, key, auditKey) : candidate)) });
  return { auditKey, auditKeyNew: true };
}

async function createStorage(options: UnlockOptions): Promise<Pick<UnlockedStorage, 'key' | 'notice'>> {
  const { storageKeyPath } = options.paths;
  // A key file without a database: the database was moved aside (or is about to be restored). Keep its
  // key when it unlocks; a wrong passphrase is an error, not a reason to make a new key.
  const existing = readKeyFileOrNull(storageKeyPath);
  const kept = existing ? await unwrapCurrent(existing, options.sources) : null;
  if (kept) return { key: kept, notice: null };
  const protectors = await protectorsForNewKey(options);
  if (!hasProtector(protectors)) {
    if (options.policy.encryption === 'required') throw encryptionRequired();
    return { key: null, notice: unencryptedNotice };
  }
  const key = newDatabaseKey();
  const entry = await wrapEntry(key, protectors, 'current');
  // Kept, not deleted: it still opens the database that was moved aside.
  if (existing || fs.existsSync(storageKeyPath)) fs.renameSync(storageKeyPath, `${storageKeyPath}.replaced-${String(Date.now())}`);
  writeKeyFile(storageKeyPath, newKeyFile([entry], protectors.passphrase?.kdf));
  return { key, notice: null };
}

async function openPlain(options: UnlockOptions): Promise<Pick<UnlockedStorage, 'key' | 'notice'>> {
  const { storageKeyPath, databasePath } = options.paths;
  // Only pending keys: an encryption was killed before the encrypted copy replaced the plain file.
  const keyFile = readKeyFileOrNull(storageKeyPath);
  if (keyFile && !currentEntry(keyFile)) fs.rmSync(storageKeyPath, { force: true });
  if (options.policy.encryption !== 'required') {
    // A key file for an encrypted database beside a plain one: the encrypted file was replaced (an old
    // copy put back, or tampering). Said at every start, since new chats are now written in clear.
    if (currentEntry(keyFile)) return { key: null, notice: replacedNotice(databasePath) };
    // Said once, when the plain database is made; Settings and `storage status` say it from then on.
    return { key: null, notice: null };
  }
  const protectors = await protectorsForNewKey(options);
  if (!hasProtector(protectors)) throw encryptionRequired();
  const key = await encryptPlainDatabase({ databasePath, storageKeyPath, protectors, nativeBinding: options.nativeBinding });
  return { key, notice: 'The database was encrypted as the machine policy requires.' };
}

export interface EncryptPlainOptions {
  databasePath: string;
  storageKeyPath: string;
  protectors: Protectors;
  nativeBinding?: string | undefined;
  onStep?: ((step: string) => void) | undefined;
}

/** Encrypts a plain database in place under a new key wrapped by `protectors` (crash-safe: rewriteDatabase). */
export async function encryptPlainDatabase(options: EncryptPlainOptions): Promise<Buffer> {
  const key = newDatabaseKey();
  const pending = await wrapEntry(key, options.protectors, 'pending');
  rewriteDatabase({
    databasePath: options.databasePath,
    liveKey: null,
    source: { path: options.databasePath, key: null },
    targetKey: key,
    nativeBinding: options.nativeBinding,
    onStep: options.onStep,
    beforeSwap: () => writeKeyFile(options.storageKeyPath, newKeyFile([pending], options.protectors.passphrase?.kdf)),
  });
  writeKeyFile(options.storageKeyPath, newKeyFile([{ ...pending, state: 'current' }], options.protectors.passphrase?.kdf));
  return key;
}

async function unlockEncrypted(options: UnlockOptions): Promise<Buffer> {
  const { databasePath, storageKeyPath } = options.paths;
  const { sources } = options;
  const opens = (key: Buffer) => keyOpens(databasePath, key, options.nativeBinding);
  if (sources.recoveryKey !== undefined) {
    const key = parseRecoveryKey(sources.recoveryKey);
    if (!opens(key)) throw new EnclaveError('storage-wrong-key', `That recovery key does not open ${databasePath}: it was made for another key or another database. Nothing was changed.`);
    await settleKeyFile(options, key);
    return key;
  }
  const keyFile = readKeyFile(storageKeyPath);
  if (!keyFile) {
    throw new EnclaveError(
      'storage-key-file-missing',
      `${databasePath} is not a plain SQLite file and there is no key file (${storageKeyPath}) to open it as an encrypted one: ` +
        'the key file is missing, or the database is damaged. Nothing was changed. Restore the key file from a backup, open the data with the recovery key, or restore the database from a backup.',
    );
  }
  const keychain = await usableKeychain(sources);
  const hasKeychainWrap = keyFile.keys.some((entry) => entry.keychain);
  let keychainFailure: EnclaveError | undefined;
  if (keychain && hasKeychainWrap) {
    try {
      const found = (await keysFromKeychain(keyFile, keychain)).find(opens);
      if (found) return settle(options, keyFile, found);
    } catch (error) {
      if (!(error instanceof EnclaveError)) throw error;
      keychainFailure = error;
    }
  }
  const hasPassphraseWrap = keyFile.keys.some((entry) => entry.passphrase);
  const passphrase = hasPassphraseWrap ? await sources.passphrase?.() : null;
  if (passphrase) {
    const keys = await keysFromPassphrase(keyFile, passphrase);
    if (keys.length === 0) throw new EnclaveError('storage-wrong-passphrase', 'That passphrase does not open this database. Nothing was changed; try again, or use the recovery key.');
    const found = keys.find(opens);
    if (!found) throw wrongKeyFile(databasePath, storageKeyPath);
    // The keychain is here but did not give the key (made on another machine, reset, or the key changed
    // in the CLI): it wraps it again, so the next start needs no passphrase.
    return keychain ? rewrapForKeychain(options, keyFile, found, keychain) : settle(options, keyFile, found);
  }
  if (keychainFailure) throw keychainFailure;
  if (keychain && hasKeychainWrap) throw wrongKeyFile(databasePath, storageKeyPath);
  throw lockedError(hasKeychainWrap, hasPassphraseWrap);
}

function lockedError(hasKeychainWrap: boolean, hasPassphraseWrap: boolean): EnclaveError {
  if (hasPassphraseWrap) {
    return new EnclaveError(
      'storage-locked',
      `The database is encrypted${hasKeychainWrap ? ' and the OS keychain is not available here' : ''}: unlock it with its passphrase ` +
        '(--passphrase-file <file> or ENCLAVE_PASSPHRASE_FILE for the CLI) or with the recovery key.',
    );
  }
  return new EnclaveError(
    'storage-keychain-unavailable',
    'The database is encrypted with a key the OS keychain keeps, and the keychain is not available here (the CLI has none; on Linux the ' +
      'app needs a secret service). Unlock with the recovery key, or set a passphrase in the app (Settings, Data) to use the CLI.',
  );
}

function wrongKeyFile(databasePath: string, storageKeyPath: string): EnclaveError {
  return new EnclaveError(
    'storage-wrong-key',
    `The key in ${storageKeyPath} does not open ${databasePath}: one of the two files was replaced, or the database is damaged. ` +
      'Nothing was changed. Put back the matching key file, use the recovery key of this database, or restore it from a backup.',
  );
}

/** After a key change was killed between the swap and the last key file write: the key that opens is current from now on. */
function settle(options: UnlockOptions, keyFile: KeyFile, key: Buffer): Buffer {
  const id = keyIdOf(key);
  const entry = keyFile.keys.find((candidate) => candidate.id === id);
  if (entry && (entry.state !== 'current' || keyFile.keys.length > 1)) {
    writeKeyFile(options.paths.storageKeyPath, { ...keyFile, keys: [{ ...entry, state: 'current' }] });
  }
  return key;
}

async function rewrapForKeychain(options: UnlockOptions, keyFile: KeyFile, key: Buffer, keychain: KeychainCipher): Promise<Buffer> {
  const entry = keyFile.keys.find((candidate) => candidate.id === keyIdOf(key));
  if (!entry) return settle(options, keyFile, key);
  const rewrapped = await wrapEntry(key, { keychain }, 'current', entry);
  writeKeyFile(options.paths.storageKeyPath, { ...keyFile, keys: [{ ...entry, state: 'current', ...(rewrapped.keychain ? { keychain: rewrapped.keychain } : {}) }] });
  return key;
}

/**
 * Opened with the recovery key: a key file that is missing, damaged or about another key is rebuilt
 * when the keychain is here to wrap the key (the CLI sets a passphrase with `storage passphrase`).
 */
async function settleKeyFile(options: UnlockOptions, key: Buffer): Promise<void> {
  const keyFile = readKeyFileOrNull(options.paths.storageKeyPath);
  const entry = keyFile?.keys.find((candidate) => candidate.id === keyIdOf(key));
  if (keyFile && entry) {
    settle(options, keyFile, key);
    return;
  }
  const keychain = await usableKeychain(options.sources);
  if (!keychain) return;
  if (fs.existsSync(options.paths.storageKeyPath)) fs.renameSync(options.paths.storageKeyPath, `${options.paths.storageKeyPath}.replaced-${Date.now()}`);
  writeKeyFile(options.paths.storageKeyPath, newKeyFile([await wrapEntry(key, { keychain }, 'current')]));
}

/**
 * The current key of a key file, from the keychain or the passphrase; null when neither is here to try.
 * A keychain that cannot unwrap counts as absent; a passphrase that does not is an error.
 */
async function unwrapCurrent(keyFile: KeyFile, sources: KeySources): Promise<Buffer | null> {
  const keychain = await usableKeychain(sources);
  const current = byCurrentFirst(keyFile.keys)[0];
  if (!current || current.state !== 'current') return null;
  if (keychain && current.keychain) {
    const fromKeychain = await keysFromKeychain(keyFile, keychain).catch(() => []);
    if (fromKeychain[0]) return fromKeychain[0];
  }
  const passphrase = current.passphrase ? await sources.passphrase?.() : null;
  if (!passphrase) return null;
  const fromPassphrase = await keysFromPassphrase(keyFile, passphrase);
  if (!fromPassphrase[0]) throw wrongPassphrase();
  return fromPassphrase[0];
}

/** The protectors a new key gets: the keychain when usable, and a passphrase when one is given and policy allows. */
async function protectorsForNewKey(options: UnlockOptions): Promise<Protectors> {
  const keychain = await usableKeychain(options.sources);
  const passphrase = options.policy.allowPassphrase ? await options.sources.newPassphrase?.() : null;
  return {
    ...(keychain ? { keychain } : {}),
    ...(passphrase ? { passphrase: await newPassphraseProtector(passphrase) } : {}),
  };
}

function readKeyFileOrNull(filePath: string): KeyFile | null {
  try {
    return readKeyFile(filePath);
  } catch {
    return null;
  }
}

function encryptionRequired(): EnclaveError {
  return new EnclaveError(
    'storage-encryption-required',
    'The machine policy requires an encrypted database, and there is nothing here to keep its key: no OS keychain and no passphrase. ' +
      'Nothing was written. Give a passphrase (--passphrase-file <file> or ENCLAVE_PASSPHRASE_FILE), or use the app where the keychain is available.',
  );
}

function replacedNotice(databasePath: string): string {
  return `${databasePath} is not encrypted, although the key file beside it is for an encrypted database: the encrypted file was replaced by a plain one. New data is written unencrypted; encrypt it (Settings, Data, or enclave storage encrypt).`;
}

const unencryptedNotice =
  'The database is not encrypted: there is no OS keychain here and no passphrase was given. Encrypt it with `enclave storage encrypt --passphrase-file <file>`.';
