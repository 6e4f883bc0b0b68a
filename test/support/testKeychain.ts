import crypto from 'node:crypto';
import type { KeychainCipher } from '../../electron/core/keychain.js';

/**
 * Boundary mock of Electron's safeStorage, which needs the OS keychain: real AES-256-GCM under a key
 * that lives only in this test process (as the OS keeps its own; `key` shares one with a child process), and a record of every plain text
 * given to it, so a test can see what went to the keychain and nowhere else. `available: false` plays
 * a machine without a keychain (Linux without a secret service).
 */
export function testKeychain(options: { available?: boolean; key?: Buffer } = {}): KeychainCipher & { entries: Map<string, Buffer> } {
  const entries = new Map<string, Buffer>();
  const secret = options.key ?? processKey;
  return {
    entries,
    isAvailable: () => Promise.resolve(options.available ?? true),
    encrypt(plainText) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', secret, iv);
      const cipherText = Buffer.concat([iv, cipher.update(plainText, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      entries.set(plainText, cipherText);
      return Promise.resolve(cipherText);
    },
    decrypt(cipherText) {
      const decipher = crypto.createDecipheriv('aes-256-gcm', secret, cipherText.subarray(0, 12));
      decipher.setAuthTag(cipherText.subarray(-16));
      return Promise.resolve(Buffer.concat([decipher.update(cipherText.subarray(12, -16)), decipher.final()]).toString('utf8'));
    },
  };
}

/** One per test process: every test keychain of the process opens what another wrapped, as one OS keychain does. */
const processKey = crypto.randomBytes(32);

/** Whether `plainText` is a database key (64 hex digits) rather than, say, an API key. */
export function isDatabaseKeyEntry(plainText: string): boolean {
  return /^[0-9a-f]{64}$/.test(plainText);
}
