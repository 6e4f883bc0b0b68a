import { z } from 'zod';

/** Where the database and its key stand (Settings, Data; `enclave storage status`). Never a key. */
export interface StorageStatus {
  encrypted: boolean;
  /** The cipher scheme when encrypted (SQLite3 Multiple Ciphers' name). */
  cipher: string | null;
  databasePath: string;
  keyFilePath: string;
  /** What wraps the key: the OS keychain, a passphrase (either opens the data). */
  protectedBy: { keychain: boolean; passphrase: boolean };
  /** Whether the OS keychain can be used here now. */
  keychainAvailable: boolean;
  keyCreatedAt: string | null;
  /** When the recovery key of the current key was shown (it is shown once), or null. */
  recoveryKeyShownAt: string | null;
  policy: { encryption: 'required' | 'optional'; allowPassphrase: boolean };
}

/** Secrets typed into the app travel only in these payloads, and are never stored or logged. */
const secret = z.string().min(1).max(1024);

export const storageUnlockInputSchema = z.strictObject({ passphrase: secret.optional(), recoveryKey: secret.optional() });
export const storageEncryptInputSchema = z.strictObject({ passphrase: secret.optional() });
export const storageRekeyInputSchema = z.strictObject({
  /** Needed when a passphrase wraps the key: the new key is wrapped by it too. */
  passphrase: secret.optional(),
  showRecoveryKey: z.boolean().optional(),
});
export const storagePassphraseInputSchema = z.strictObject({ passphrase: secret.nullable() });

/** What a key change gives back: the new recovery key when one is to be shown (once), else null. */
export interface StorageKeyChange {
  recoveryKey: string | null;
}

export interface BackupResult {
  path: string;
  bytes: number;
  encrypted: boolean;
  /** What the user must keep for this backup to open elsewhere (no recovery key shown yet), or null. */
  note: string | null;
}
