import { safeStorage } from 'electron';
import type { KeychainCipher } from '../core/keychain.js';

/**
 * API keys encrypted with the OS keychain (DPAPI on Windows, Keychain on macOS, libsecret/kwallet on
 * Linux). On Linux without a secret service, Electron falls back to a hard-coded password
 * (`basic_text`): that is not protection, so it counts as unavailable and keys must come from an
 * environment variable instead.
 */
export const keychain: KeychainCipher = {
  isAvailable: async () =>
    (await safeStorage.isAsyncEncryptionAvailable()) &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
  encrypt: (plainText) => safeStorage.encryptStringAsync(plainText),
  // Keys stored by the synchronous API (Enclave before this one) decrypt here too (Electron's docs).
  decrypt: async (cipherText) => (await safeStorage.decryptStringAsync(cipherText)).result,
};
