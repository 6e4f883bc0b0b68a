import { z } from 'zod';
import { grantIdSchema } from './fileGrants.js';

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

const unlockInput = z.strictObject({ passphrase: secret.optional(), recoveryKey: secret.optional() });
const encryptInput = z.strictObject({ passphrase: secret.optional() });
const rekeyInput = z.strictObject({
  /** Needed when a passphrase wraps the key: the new key is wrapped by it too. */
  passphrase: secret.optional(),
  showRecoveryKey: z.boolean().optional(),
});
const empty = z.object({}).strict();

/** The storage channels of the contract (shared/contract.ts): what each request carries. */
export const storageChannelSchemas = {
  'storage.status': empty,
  /** The passphrase or the recovery key, when the keychain could not open the data at start. */
  'storage.unlock': unlockInput,
  'storage.encrypt': encryptInput,
  'storage.rekey': rekeyInput,
  /** Sets or changes the passphrase; null removes it (only while the keychain also keeps the key). */
  'storage.setPassphrase': z.strictObject({ passphrase: secret.nullable() }),
  'storage.recoveryKey': empty,
  /**
   * A grant (made for `backup`) for the file to write; without one, the save dialog asks. With a
   * recovery key (the CLI's --key-file), the backup is encrypted with that key, not the database's.
   */
  'storage.backup': z.object({ grant: grantIdSchema.optional(), recoveryKey: z.string().min(1).max(200).optional() }).strict(),
  /** A grant (made for `restore`) for the backup to put in place; without one, the file dialog asks. */
  'storage.restore': z.object({ grant: grantIdSchema.optional(), recoveryKey: z.string().min(1).max(200).optional() }).strict(),
} as const;

/** What each storage channel answers. */
export interface StorageChannelResults {
  'storage.status': StorageStatus;
  'storage.unlock': StorageStatus;
  'storage.encrypt': StorageStatus;
  'storage.rekey': StorageKeyChange;
  'storage.setPassphrase': StorageStatus;
  'storage.recoveryKey': { recoveryKey: string };
  /** null when the user cancelled the dialog. */
  'storage.backup': BackupResult | null;
  'storage.restore': { restored: boolean };
}
