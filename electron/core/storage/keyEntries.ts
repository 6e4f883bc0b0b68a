import { EnclaveError } from '../errors.js';
import type { KeychainCipher } from '../keychain.js';
import type { KeyEntry, KeyFile } from './keyFile.js';
import { checkPassphrase, keyIdOf, newPassphraseKdf, type PassphraseKdf, passphraseKek, unwrapKey, wrapKey } from './keyWrapping.js';

/** What wraps a key: the keychain, a passphrase (with the KDF settings it is stretched under), or both. */
export interface Protectors {
  keychain?: KeychainCipher | undefined;
  passphrase?: { kek: Buffer; kdf: PassphraseKdf } | undefined;
}

export function hasProtector(protectors: Protectors): boolean {
  return protectors.keychain !== undefined || protectors.passphrase !== undefined;
}

/** A key entry wrapping `key` with every protector given. */
export async function wrapEntry(key: Buffer, protectors: Protectors, state: KeyEntry['state'], previous?: KeyEntry): Promise<KeyEntry> {
  const id = keyIdOf(key);
  return {
    id,
    state,
    createdAt: previous?.id === id ? previous.createdAt : new Date().toISOString(),
    ...(protectors.keychain ? { keychain: (await protectors.keychain.encrypt(key.toString('hex'))).toString('base64') } : {}),
    ...(protectors.passphrase ? { passphrase: wrapKey(key, protectors.passphrase.kek, id) } : {}),
    ...(previous?.id === id && previous.recoveryShownAt ? { recoveryShownAt: previous.recoveryShownAt } : {}),
    ...(previous?.id === id && previous.audit ? { audit: previous.audit } : {}),
  };
}

/** `entry` with the audit trail's seal key wrapped under its database key `key`. */
export function withAuditKey(entry: KeyEntry, key: Buffer, auditKey: Buffer): KeyEntry {
  return { ...entry, audit: wrapKey(auditKey, key, `audit:${entry.id}`) };
}

/** The audit seal key `entry` holds for database key `key`, or null when it holds none (or not for this key). */
export function auditKeyOf(entry: KeyEntry, key: Buffer): Buffer | null {
  return entry.audit ? unwrapKey(entry.audit, key, `audit:${entry.id}`) : null;
}

/** A passphrase protector with fresh salt (a new or changed passphrase). */
export async function newPassphraseProtector(passphrase: string): Promise<NonNullable<Protectors['passphrase']>> {
  checkPassphrase(passphrase);
  const kdf = newPassphraseKdf();
  return { kdf, kek: await passphraseKek(passphrase, kdf) };
}

/**
 * The passphrase protector of an existing key file, checked: the passphrase must unwrap its current key
 * (so a typo never re-wraps a new key under a passphrase nobody knows).
 */
export async function existingPassphraseProtector(keyFile: KeyFile, passphrase: string): Promise<NonNullable<Protectors['passphrase']>> {
  const kdf = keyFile.passphraseKdf;
  const entry = keyFile.keys.find((candidate) => candidate.passphrase);
  if (!kdf || !entry?.passphrase) throw new EnclaveError('invalid-request', 'No passphrase is set for this database.');
  const kek = await passphraseKek(passphrase, kdf);
  if (!unwrapKey(entry.passphrase, kek, entry.id)) throw wrongPassphrase();
  return { kdf, kek };
}

export function wrongPassphrase(): EnclaveError {
  return new EnclaveError('storage-wrong-passphrase', 'That passphrase is not the one set for this database. Nothing was changed; try again, or use the recovery key.');
}

/** Keys the keychain unwraps from `keyFile`, current first. Throws when the keychain refuses them all. */
export async function keysFromKeychain(keyFile: KeyFile, keychain: KeychainCipher): Promise<Buffer[]> {
  const keys: Buffer[] = [];
  let failure: unknown;
  for (const entry of byCurrentFirst(keyFile.keys)) {
    if (!entry.keychain) continue;
    try {
      const hex = await keychain.decrypt(Buffer.from(entry.keychain, 'base64'));
      if (/^[0-9a-f]{64}$/.test(hex)) keys.push(Buffer.from(hex, 'hex'));
    } catch (error) {
      failure = error;
    }
  }
  if (keys.length === 0 && failure !== undefined) {
    throw new EnclaveError(
      'storage-keychain-unavailable',
      'The OS keychain could not unwrap the database key (it was reset, or this is another user account or machine). Nothing was changed. Unlock with the passphrase or the recovery key.',
      { cause: failure },
    );
  }
  return keys;
}

/** Keys a passphrase unwraps from `keyFile`, current first: none when it is the wrong passphrase. */
export async function keysFromPassphrase(keyFile: KeyFile, passphrase: string): Promise<Buffer[]> {
  if (!keyFile.passphraseKdf) return [];
  const kek = await passphraseKek(passphrase, keyFile.passphraseKdf);
  const keys: Buffer[] = [];
  for (const entry of byCurrentFirst(keyFile.keys)) {
    const key = entry.passphrase && unwrapKey(entry.passphrase, kek, entry.id);
    if (key) keys.push(key);
  }
  return keys;
}

export function byCurrentFirst(entries: readonly KeyEntry[]): KeyEntry[] {
  return [...entries].sort((a, b) => (a.state === b.state ? 0 : a.state === 'current' ? -1 : 1));
}
