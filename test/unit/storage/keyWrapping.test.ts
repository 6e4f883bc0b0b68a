import { describe, expect, it } from 'vitest';
import {
  formatRecoveryKey,
  keyIdOf,
  newDatabaseKey,
  newPassphraseKdf,
  parseRecoveryKey,
  passphraseKek,
  unwrapKey,
  wrapKey,
} from '../../../electron/core/storage/keyWrapping.js';

describe('recovery keys', () => {
  const key = newDatabaseKey();
  const recovery = formatRecoveryKey(key);

  it('are the key as 8 groups of 8 hex digits and 4 check digits', () => {
    expect(recovery).toMatch(/^([0-9a-f]{8}-){8}[0-9a-f]{4}$/);
    expect(recovery.replace(/-/g, '').slice(0, 64)).toBe(key.toString('hex'));
  });

  it('read back however they are typed: case, spaces, line breaks, no dashes', () => {
    expect(parseRecoveryKey(recovery.toUpperCase()).equals(key)).toBe(true);
    expect(parseRecoveryKey(` ${recovery.replace(/-/g, ' ')}\n`).equals(key)).toBe(true);
    expect(parseRecoveryKey(recovery.replace(/-/g, '')).equals(key)).toBe(true);
  });

  it('catch a typo with their check digits, and say what a recovery key looks like', () => {
    const typo = `${recovery.slice(0, 3)}${recovery[3] === 'a' ? 'b' : 'a'}${recovery.slice(4)}`;
    expect(() => parseRecoveryKey(typo)).toThrow(/typo/);
    expect(() => parseRecoveryKey('my passphrase')).toThrow(/68 hexadecimal digits/);
    expect(() => parseRecoveryKey(recovery.slice(0, -1))).toThrow(/68 hexadecimal digits/);
  });
});

describe('wrapping the key under a passphrase', () => {
  it('unwraps with the same passphrase only, and refuses tampering and a key swapped between entries', async () => {
    const key = newDatabaseKey();
    const kdf = newPassphraseKdf();
    expect(kdf).toMatchObject({ name: 'scrypt', N: 2 ** 17, r: 8, p: 1 });
    const kek = await passphraseKek('correct horse battery', kdf);
    const wrapped = wrapKey(key, kek, keyIdOf(key));
    expect(unwrapKey(wrapped, kek, keyIdOf(key))?.equals(key)).toBe(true);
    expect(unwrapKey(wrapped, await passphraseKek('correct horse batterY', kdf), keyIdOf(key))).toBeNull();
    const flipped = Buffer.from(wrapped.data, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(unwrapKey({ ...wrapped, data: flipped.toString('base64') }, kek, keyIdOf(key))).toBeNull();
    expect(unwrapKey(wrapped, kek, keyIdOf(newDatabaseKey()))).toBeNull();
  });

  it('gives the same key for the same passphrase typed in another Unicode form (NFC)', async () => {
    const kdf = newPassphraseKdf();
    const composed = await passphraseKek('caf\u00e9 au lait', kdf);
    const decomposed = await passphraseKek('cafe\u0301 au lait', kdf);
    expect(composed.equals(decomposed)).toBe(true);
  });

  it('refuses KDF settings weaker than the minimum (a tampered key file)', async () => {
    await expect(passphraseKek('correct horse battery', { ...newPassphraseKdf(), N: 1024 })).rejects.toMatchObject({ code: 'storage-key-file-corrupt' });
  });
});
