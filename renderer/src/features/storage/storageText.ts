import type { ErrorCode } from '@shared/errors.js';
import type { StorageStatus } from '@shared/storage.js';

/*
 * What the Data section and the lock screen say, kept apart from the components so it can be read
 * (and tested) in one place. Pure: no DOM, no React.
 */

/** Start-up errors the lock screen can resolve: a passphrase or the recovery key opens the data. */
const lockReasons = {
  'storage-locked': {
    lead: 'Enclave’s data is encrypted, and the OS keychain cannot unlock it here. Enter the passphrase to open it, or use the recovery key.',
    passphraseHelps: true,
  },
  'storage-wrong-passphrase': {
    lead: 'That passphrase does not open Enclave’s data. Try again, or use the recovery key.',
    passphraseHelps: true,
  },
  'storage-keychain-unavailable': {
    lead:
      'Enclave’s data is encrypted with a key the OS keychain keeps, and the keychain is not available (on Linux, Enclave needs a ' +
      'secret service such as GNOME Keyring or KWallet). Open the data with the recovery key, or start Enclave where the keychain works.',
    passphraseHelps: false,
  },
  'storage-wrong-key': {
    lead: 'The key file does not match the database: one of the two was replaced. Open the data with this database’s recovery key, or ask IT to put back the matching key file.',
    passphraseHelps: false,
  },
  'storage-key-file-missing': {
    lead: 'The database is encrypted, but its key file is missing. Open the data with the recovery key, or ask IT to put the key file back from a backup.',
    passphraseHelps: false,
  },
  'storage-key-file-corrupt': {
    lead: 'The key file is damaged, so neither the keychain nor a passphrase can open the data. Open it with the recovery key, or ask IT to put the key file back from a backup.',
    passphraseHelps: false,
  },
} as const satisfies Partial<Record<ErrorCode, LockReason>>;

export interface LockReason {
  /** One or two plain sentences: why the data is locked and what opens it. */
  lead: string;
  /** Whether typing the passphrase can open it (otherwise only the recovery key can). */
  passphraseHelps: boolean;
}

/** The lock screen's reason for a start-up error, or null when the error is not one it can resolve. */
export function lockReasonOf(code: ErrorCode): LockReason | null {
  return code in lockReasons ? lockReasons[code as keyof typeof lockReasons] : null;
}

export const minimumPassphraseLength = 8;

/** Why a new passphrase typed twice cannot be used, or null when it can. */
export function newPassphraseProblem(passphrase: string, repeated: string): string | null {
  if (passphrase.length < minimumPassphraseLength) return `Use at least ${minimumPassphraseLength} characters.`;
  if (passphrase !== repeated) return 'The two passphrases are not the same.';
  return null;
}

/** What wraps the key, in words: "OS keychain and passphrase (either one opens the data)". */
export function protectionText({ protectedBy }: StorageStatus): string {
  if (protectedBy.keychain && protectedBy.passphrase) return 'OS keychain and passphrase (either one opens the data)';
  if (protectedBy.keychain) return 'OS keychain';
  if (protectedBy.passphrase) return 'Passphrase';
  return 'Nothing: the key file holds no usable key';
}

/** The cipher's name as people know it. */
export function cipherName(cipher: string | null): string {
  return cipher === 'aegis-256' ? 'AEGIS-256' : (cipher ?? 'unknown cipher');
}

/**
 * Whether encrypting asks for a passphrase: optional beside the keychain, required without one, not
 * offered when policy allows the keychain only, impossible with neither.
 */
export type EncryptPassphrase = 'optional' | 'required' | 'not-offered' | 'impossible';

export function encryptPassphraseOf(status: StorageStatus): EncryptPassphrase {
  if (status.keychainAvailable) return status.policy.allowPassphrase ? 'optional' : 'not-offered';
  return status.policy.allowPassphrase ? 'required' : 'impossible';
}
