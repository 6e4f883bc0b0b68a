import fs from 'node:fs';
import { EnclaveError } from '../errors.js';
import { writeFileAtomic } from '../files/atomicWrite.js';
import type { KeychainCipher } from '../keychain.js';


/**
 * Where API keys can be kept on this machine. In the app: the OS keychain (safeStorage). In the
 * headless CLI, which has no keychain: an owner-only file beside the database, which is weaker (any
 * process running as the user can read it) and is named as such in the README and the CLI's output.
 */
export interface KeyVault {
  keychain?: KeychainCipher | undefined;
  /** The file for the CLI's fallback; unset in the app, which then refuses to store a key in a file. */
  fallbackFile?: string | undefined;
}

type KeyFile = Record<string, string>;

function readKeyFile(file: string): KeyFile {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new EnclaveError('io-error', `The API key file ${file} could not be read: ${(error as Error).message}`);
  }
}

/** Writes the key file owner-only, atomically (a crash leaves the old file or the new one). */
function writeKeyFile(file: string, keys: KeyFile): void {
  writeFileAtomic(file, `${JSON.stringify(keys, null, 2)}\n`);
}

export function storeKeyInFile(file: string, endpointId: string, key: string): void {
  writeKeyFile(file, { ...readKeyFile(file), [endpointId]: key });
}

export function readKeyFromFile(file: string, endpointId: string): string | null {
  return readKeyFile(file)[endpointId] ?? null;
}

export function deleteKeyFromFile(file: string, endpointId: string): void {
  const keys = readKeyFile(file);
  if (!(endpointId in keys)) return;
  const { [endpointId]: _removed, ...kept } = keys;
  writeKeyFile(file, kept);
}
