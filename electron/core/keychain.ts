/**
 * The OS keychain as Electron's safeStorage offers it (its asynchronous API): it protects API keys and
 * the database key. Absent in the CLI and in plain Node.
 */
export interface KeychainCipher {
  isAvailable(): Promise<boolean>;
  encrypt(plainText: string): Promise<Buffer>;
  decrypt(cipherText: Buffer): Promise<string>;
}
