import crypto from 'node:crypto';
import { EnclaveError } from '../errors.js';
import { databaseKeyBytes } from '../db/databaseCipher.js';

/**
 * How the database key is wrapped by a passphrase, and how it is written as a recovery key.
 *
 * Passphrase: scrypt (N = 2^17, r = 8, p = 1: 128 MiB and about a third of a second here, the
 * parameters OWASP recommends) derives a 256-bit key-encryption key from the passphrase and a random
 * 16-byte salt; AES-256-GCM with a random 12-byte nonce wraps the database key under it, the key's id
 * bound in as associated data. A wrong passphrase fails GCM's tag check: it is told apart from a wrong
 * key without touching the database. The parameters are stored with the salt, so stronger ones can be
 * chosen later without breaking existing files; weaker ones than these minimums are refused.
 */
export const passphraseKdfDefaults = { name: 'scrypt', N: 2 ** 17, r: 8, p: 1 } as const;
const minimumKdf = { N: 2 ** 14, r: 8, p: 1 };
export const minimumPassphraseLength = 8;

export interface PassphraseKdf {
  name: 'scrypt';
  N: number;
  r: number;
  p: number;
  /** base64 */
  salt: string;
}

export interface WrappedKey {
  /** base64 fields: the GCM nonce, the encrypted key and GCM's tag. */
  iv: string;
  data: string;
  tag: string;
}

export function newPassphraseKdf(): PassphraseKdf {
  return { ...passphraseKdfDefaults, salt: crypto.randomBytes(16).toString('base64') };
}

export function checkPassphrase(passphrase: string): void {
  // Characters as a person counts them (an emoji or an accented letter is one).
  const characters = [...new Intl.Segmenter().segment(passphrase)].length;
  if (characters < minimumPassphraseLength) {
    throw new EnclaveError('invalid-request', `A passphrase must have at least ${String(minimumPassphraseLength)} characters.`);
  }
}

/** The key-encryption key a passphrase gives under `kdf` (about a third of a second: call it once per unlock). */
export async function passphraseKek(passphrase: string, kdf: PassphraseKdf): Promise<Buffer> {
  if (kdf.N < minimumKdf.N || kdf.r < minimumKdf.r || kdf.p < minimumKdf.p) {
    throw new EnclaveError('storage-key-file-corrupt', 'The key file asks for weaker passphrase protection than Enclave allows; it may have been tampered with.');
  }
  const salt = Buffer.from(kdf.salt, 'base64');
  // NFC: the same passphrase typed on another keyboard or OS gives the same bytes.
  const secret = passphrase.normalize('NFC');
  const maxmem = 128 * kdf.N * kdf.r * 2;
  return new Promise((resolve, reject) => {
    crypto.scrypt(secret, salt, 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem }, (error, derived) => {
      if (error) reject(error);
      else resolve(derived);
    });
  });
}

export function wrapKey(key: Buffer, kek: Buffer, keyId: string): WrappedKey {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(`enclave-storage-key:${keyId}`));
  const data = Buffer.concat([cipher.update(key), cipher.final()]);
  return { iv: iv.toString('base64'), data: data.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

/** The key, or null when `kek` is not the one that wrapped it (a wrong passphrase). */
export function unwrapKey(wrapped: WrappedKey, kek: Buffer, keyId: string): Buffer | null {
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', kek, Buffer.from(wrapped.iv, 'base64'));
    decipher.setAAD(Buffer.from(`enclave-storage-key:${keyId}`));
    decipher.setAuthTag(Buffer.from(wrapped.tag, 'base64'));
    const key = Buffer.concat([decipher.update(Buffer.from(wrapped.data, 'base64')), decipher.final()]);
    return key.length === databaseKeyBytes ? key : null;
  } catch {
    return null;
  }
}

/** A short public name for a key (not secret: an HMAC of a fixed label), to match keys without trying them. */
export function keyIdOf(key: Buffer): string {
  return crypto.createHmac('sha256', key).update('enclave storage key id').digest('hex').slice(0, 16);
}

export function newDatabaseKey(): Buffer {
  return crypto.randomBytes(databaseKeyBytes);
}

/**
 * The recovery key is the database key itself, written as 8 groups of 8 hex digits and a ninth group
 * of 4 check digits (SHA-256 of the key): IT escrows it, it opens the data even when the key file is
 * lost or damaged, and stock SQLite3 Multiple Ciphers tools open the file with its 64 digits.
 */
export function formatRecoveryKey(key: Buffer): string {
  const hex = key.toString('hex');
  const groups = hex.match(/.{8}/g) ?? [];
  return [...groups, recoveryCheck(key)].join('-');
}

/** Reads a recovery key as typed or pasted: case, spaces and dashes do not matter; a typo is caught. */
export function parseRecoveryKey(text: string): Buffer {
  const digits = text.replace(/[\s-]/g, '').toLowerCase();
  if (!/^[0-9a-f]{68}$/.test(digits)) {
    throw new EnclaveError('storage-wrong-key', 'That is not a recovery key: it has 68 hexadecimal digits (0-9, a-f) in 9 groups.');
  }
  const key = Buffer.from(digits.slice(0, 64), 'hex');
  if (recoveryCheck(key) !== digits.slice(64)) {
    throw new EnclaveError('storage-wrong-key', 'That recovery key has a typo: its last group (the check digits) does not match the rest.');
  }
  return key;
}

function recoveryCheck(key: Buffer): string {
  return crypto.createHash('sha256').update(key).digest('hex').slice(0, 4);
}
