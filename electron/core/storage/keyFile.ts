import fs from 'node:fs';
import { z } from 'zod';
import { EnclaveError } from '../errors.js';
import { writeFileAtomic } from '../files/atomicWrite.js';
import { databaseCipher } from '../db/databaseCipher.js';

/**
 * The key file (`enclave.key`, owner-only, beside the database) holds the database key only wrapped:
 * by the OS keychain, by a passphrase, or both; either opens the data. It never holds the key itself.
 *
 * While the key changes (encrypting, rekeying, restoring) it holds two keys for a moment: the one in
 * use (`current`) and the next (`pending`). Whichever opens the database on disk after a crash wins
 * (storage/unlockStorage.ts), so a kill at any moment leaves data that opens.
 */
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');
const wrappedKeySchema = z.strictObject({ iv: base64, data: base64, tag: base64 });

const keyEntrySchema = z.strictObject({
  /** keyWrapping.keyIdOf: names the key without revealing it. */
  id: z.string().regex(/^[0-9a-f]{16}$/),
  state: z.enum(['current', 'pending']),
  createdAt: z.string(),
  /** base64 of what the OS keychain made of the key (hex). */
  keychain: base64.optional(),
  passphrase: wrappedKeySchema.optional(),
  /** When a recovery key (the key itself) was last shown for this key. */
  recoveryShownAt: z.string().optional(),
  /** The audit trail's seal key, wrapped under this database key (audit/): never in the database itself. */
  audit: wrappedKeySchema.optional(),
});

const keyFileSchema = z.strictObject({
  format: z.literal('enclave-storage-key'),
  version: z.literal(1),
  /** The cipher the keys are for (db/databaseCipher.ts). */
  cipher: z.literal(databaseCipher.name),
  passphraseKdf: z
    .strictObject({
      name: z.literal('scrypt'),
      // Bounded above as well as below (keyWrapping.ts): a tampered file must not make unlocking take a gigabyte or an hour.
      N: z.number().int().min(2).max(2 ** 20).refine((n) => (n & (n - 1)) === 0, 'must be a power of two'),
      r: z.number().int().min(1).max(32),
      p: z.number().int().min(1).max(16),
      salt: base64,
    })
    .optional(),
  keys: z.array(keyEntrySchema).min(1).max(2),
});

export type KeyFile = z.infer<typeof keyFileSchema>;
export type KeyEntry = z.infer<typeof keyEntrySchema>;

export function newKeyFile(keys: KeyEntry[], passphraseKdf?: KeyFile['passphraseKdf']): KeyFile {
  return {
    format: 'enclave-storage-key',
    version: 1,
    cipher: databaseCipher.name,
    ...(passphraseKdf ? { passphraseKdf } : {}),
    keys,
  };
}

/** The key file, or null when there is none. A damaged one is an error that says what to do. */
export function readKeyFile(filePath: string): KeyFile | null {
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new EnclaveError('storage-key-file-corrupt', `The key file ${filePath} could not be read (${(error as Error).message}). Open the data with the recovery key.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw corrupt(filePath, 'it is not valid JSON');
  }
  const parsed = keyFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw corrupt(filePath, issue ? `${issue.path.join('.') || 'the file'}: ${issue.message}` : 'unexpected content');
  }
  return parsed.data;
}

function corrupt(filePath: string, reason: string): EnclaveError {
  return new EnclaveError(
    'storage-key-file-corrupt',
    `The key file ${filePath} is damaged (${reason}). Nothing was changed. Open the data with the recovery key ` +
      '(enclave storage passphrase --recovery-key-file <file>, or "Use recovery key" in the app), or restore the key file from a backup.',
  );
}

export function writeKeyFile(filePath: string, keyFile: KeyFile): void {
  writeFileAtomic(filePath, `${JSON.stringify(keyFile, null, 2)}\n`);
}

export function currentEntry(keyFile: KeyFile | null): KeyEntry | undefined {
  return keyFile?.keys.find((entry) => entry.state === 'current');
}
