import type { KeychainCipher } from '../keychain.js';

/** Where a database key can come from on this machine, this run. */
export interface KeySources {
  /** The OS keychain (the app); absent in the CLI. */
  keychain?: KeychainCipher | undefined;
  /**
   * Asks for the passphrase only when it is needed (a file, an environment variable, a terminal
   * prompt, the app's unlock screen); null when there is none to be had.
   */
  passphrase?: (() => Promise<string | null>) | undefined;
  /**
   * A passphrase for a key being made (a new database, a plain one encrypted as policy requires): from a
   * file, or typed twice, since a typo nobody can repeat would lock the data away. Null when none.
   */
  newPassphrase?: (() => Promise<string | null>) | undefined;
  /** A recovery key the user gave (storage/keyWrapping.ts formats it). */
  recoveryKey?: string | undefined;
}

/** The machine policy's say on storage (shared/policy.ts `storage`). */
export interface StoragePolicy {
  encryption: 'required' | 'optional';
  allowPassphrase: boolean;
}

export const defaultStoragePolicy: StoragePolicy = { encryption: 'optional', allowPassphrase: true };

/** The keychain when it can be used here: present, and (on Linux) not the fixed-password store. */
export async function usableKeychain(sources: KeySources): Promise<KeychainCipher | undefined> {
  const keychain = sources.keychain;
  if (!keychain) return undefined;
  try {
    return (await keychain.isAvailable()) ? keychain : undefined;
  } catch {
    return undefined;
  }
}
