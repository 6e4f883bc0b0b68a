import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChat, listChats } from '../../../electron/core/chat/store/chats.js';
import { connect } from '../../../electron/core/db/databaseCipher.js';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { dataPaths } from '../../../electron/core/paths.js';
import { revealRecoveryKey } from '../../../electron/core/storage/keyChanges.js';
import { defaultStoragePolicy, type KeySources, type StoragePolicy } from '../../../electron/core/storage/keySources.js';
import { unlockStorage } from '../../../electron/core/storage/unlockStorage.js';
import { useTempDir } from '../../support/tempDir.js';
import { testKeychain } from '../../support/testKeychain.js';

const passphrase = 'a long and careful passphrase';
const required: StoragePolicy = { encryption: 'required', allowPassphrase: true };

/** Each file of the folder and a hash of its bytes: "nothing written" is this, unchanged. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs.readdirSync(dir).map((name) => [name, crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, name))).digest('hex')]),
  );
}

describe('unlocking the database', () => {
  const tempDir = useTempDir();

  async function makeEncrypted(sources: KeySources): Promise<{ dir: string; key: Buffer }> {
    const dir = tempDir();
    const paths = dataPaths(dir);
    const { key } = await unlockStorage({ paths, sources, policy: defaultStoragePolicy });
    if (!key) throw new Error('expected a key');
    const db = openDatabase(paths.databasePath, { key });
    createChat(db, 'Quarterly figures');
    db.close();
    return { dir, key };
  }

  const unlock = (dir: string, sources: KeySources, policy = defaultStoragePolicy) => unlockStorage({ paths: dataPaths(dir), sources, policy });

  it('makes a new database encrypted under a random key the keychain wraps, and opens it again from the keychain', async () => {
    const keychain = testKeychain();
    const { dir, key } = await makeEncrypted({ keychain });
    expect((await unlock(dir, { keychain })).key?.equals(key)).toBe(true);
    // The key went to the keychain, and the key file holds only what the keychain made of it.
    expect([...keychain.entries.keys()]).toEqual([key.toString('hex')]);
    expect(fs.readFileSync(path.join(dir, 'enclave.key'), 'utf8')).not.toContain(key.toString('hex'));
  });

  it('opens a passphrase-protected database with its passphrase; a wrong one changes nothing and says so', async () => {
    const { dir, key } = await makeEncrypted({ newPassphrase: () => Promise.resolve(passphrase) });
    const before = snapshot(dir);
    await expect(unlock(dir, { passphrase: () => Promise.resolve('not the passphrase') })).rejects.toMatchObject({ code: 'storage-wrong-passphrase' });
    expect(snapshot(dir)).toEqual(before);
    expect((await unlock(dir, { passphrase: () => Promise.resolve(passphrase) })).key?.equals(key)).toBe(true);
  });

  it('says which way in is missing: the keychain, or the passphrase', async () => {
    const keychainOnly = await makeEncrypted({ keychain: testKeychain() });
    await expect(unlock(keychainOnly.dir, { keychain: testKeychain({ available: false }) })).rejects.toMatchObject({
      code: 'storage-keychain-unavailable',
      message: expect.stringMatching(/keychain is not available here/) as string,
    });
    const both = await makeEncrypted({ keychain: testKeychain(), newPassphrase: () => Promise.resolve(passphrase) });
    await expect(unlock(both.dir, {})).rejects.toMatchObject({ code: 'storage-locked', message: expect.stringMatching(/passphrase/) as string });
    // The keychain gone (another machine), the passphrase still opens the data.
    expect((await unlock(both.dir, { keychain: testKeychain({ available: false }), passphrase: () => Promise.resolve(passphrase) })).key?.equals(both.key)).toBe(true);
  });

  it('has the keychain of a new machine wrap the key once the passphrase opened it: the next start asks nothing', async () => {
    const { dir, key } = await makeEncrypted({ keychain: testKeychain(), newPassphrase: () => Promise.resolve(passphrase) });
    const newMachine = testKeychain({ key: crypto.randomBytes(32) });
    await expect(unlock(dir, { keychain: newMachine })).rejects.toMatchObject({ code: 'storage-keychain-unavailable' });
    expect((await unlock(dir, { keychain: newMachine, passphrase: () => Promise.resolve(passphrase) })).key?.equals(key)).toBe(true);
    expect((await unlock(dir, { keychain: newMachine })).key?.equals(key)).toBe(true);
  });

  it('refuses key file settings that would make unlocking take a gigabyte (a tampered file)', async () => {
    const { dir } = await makeEncrypted({ newPassphrase: () => Promise.resolve(passphrase) });
    const keyFile = path.join(dir, 'enclave.key');
    const tampered = JSON.parse(fs.readFileSync(keyFile, 'utf8')) as { passphraseKdf: { N: number } };
    tampered.passphraseKdf.N = 2 ** 24;
    fs.writeFileSync(keyFile, JSON.stringify(tampered));
    await expect(unlock(dir, { passphrase: () => Promise.resolve(passphrase) })).rejects.toMatchObject({ code: 'storage-key-file-corrupt' });
  });

  it('tells a keychain that cannot unwrap (reset, another user) from one that is absent', async () => {
    const { dir } = await makeEncrypted({ keychain: testKeychain() });
    const otherUser = testKeychain({ key: crypto.randomBytes(32) });
    await expect(unlock(dir, { keychain: otherUser })).rejects.toMatchObject({ code: 'storage-keychain-unavailable', message: expect.stringMatching(/could not unwrap/) as string });
  });

  it('refuses a damaged or missing key file without writing, and the recovery key still opens the data', async () => {
    const keychain = testKeychain();
    const { dir, key } = await makeEncrypted({ keychain });
    const recoveryKey = revealRecoveryKey({ paths: dataPaths(dir), sources: { keychain }, policy: defaultStoragePolicy }, key);
    const keyFile = path.join(dir, 'enclave.key');
    const good = fs.readFileSync(keyFile, 'utf8');

    for (const damaged of [good.slice(0, good.length / 2), good.replace('"enclave-storage-key"', '"something-else"'), '']) {
      fs.writeFileSync(keyFile, damaged);
      const before = snapshot(dir);
      await expect(unlock(dir, { keychain })).rejects.toMatchObject({ code: 'storage-key-file-corrupt', message: expect.stringMatching(/recovery key/) as string });
      expect(snapshot(dir)).toEqual(before);
    }
    fs.rmSync(keyFile);
    await expect(unlock(dir, { keychain })).rejects.toMatchObject({ code: 'storage-key-file-missing' });

    // Recovered: the key file is made again (the keychain is here to wrap it), and the next start needs nothing more.
    expect((await unlock(dir, { keychain, recoveryKey })).key?.equals(key)).toBe(true);
    expect((await unlock(dir, { keychain })).key?.equals(key)).toBe(true);
  });

  it('tells a key file from another database apart from a wrong passphrase', async () => {
    const first = await makeEncrypted({ newPassphrase: () => Promise.resolve(passphrase) });
    const second = await makeEncrypted({ newPassphrase: () => Promise.resolve(passphrase) });
    fs.copyFileSync(path.join(second.dir, 'enclave.key'), path.join(first.dir, 'enclave.key'));
    await expect(unlock(first.dir, { passphrase: () => Promise.resolve(passphrase) })).rejects.toMatchObject({ code: 'storage-wrong-key' });
  });

  it('opens with stock SQLite3 Multiple Ciphers tools given the recovery key digits (PRAGMA hexkey)', async () => {
    const keychain = testKeychain();
    const { dir, key } = await makeEncrypted({ keychain });
    const digits = revealRecoveryKey({ paths: dataPaths(dir), sources: { keychain }, policy: defaultStoragePolicy }, key).replace(/-/g, '').slice(0, 64);
    const db = connect(path.join(dir, 'enclave.db'), { key: null, fileMustExist: true });
    for (const pragma of ["cipher = 'aegis'", "algorithm = 'aegis-256'", 'tcost = 1', 'mcost = 8', 'pcost = 1']) db.pragma(pragma);
    db.pragma(`hexkey = '${digits}'`);
    expect(listChats(db).map((chat) => chat.title)).toEqual(['Quarterly figures']);
    db.close();
  });

  describe('with a policy that requires encryption', () => {
    it('refuses to create a database when nothing can keep the key, and writes nothing', async () => {
      const dir = tempDir();
      await expect(unlock(dir, {}, required)).rejects.toMatchObject({ code: 'storage-encryption-required', message: expect.stringMatching(/requires an encrypted database/) as string });
      expect(fs.readdirSync(dir)).toEqual([]);
    });

    it('encrypts a plain database at start when a keychain or passphrase is here, keeping every row', async () => {
      const dir = tempDir();
      const { key: none } = await unlock(dir, {});
      expect(none).toBeNull();
      const plain = openDatabase(path.join(dir, 'enclave.db'), { key: null });
      createChat(plain, 'Written before the policy');
      plain.close();
      await expect(unlock(dir, {}, required)).rejects.toMatchObject({ code: 'storage-encryption-required' });
      const { key, notice } = await unlock(dir, { keychain: testKeychain() }, required);
      expect(notice).toMatch(/encrypted as the machine policy requires/);
      const db = openDatabase(path.join(dir, 'enclave.db'), { key });
      expect(listChats(db).map((chat) => chat.title)).toEqual(['Written before the policy']);
      db.close();
      expect(fs.readFileSync(path.join(dir, 'enclave.db')).includes('Written before the policy')).toBe(false);
    });
  });

  it('does not make a new key under a mistyped passphrase when the database was moved aside', async () => {
    const { dir } = await makeEncrypted({ newPassphrase: () => Promise.resolve(passphrase) });
    fs.renameSync(path.join(dir, 'enclave.db'), path.join(dir, 'enclave.db.moved'));
    const before = snapshot(dir);
    const typo = () => Promise.resolve('a long and careful passphrasE');
    await expect(unlock(dir, { passphrase: typo, newPassphrase: typo })).rejects.toMatchObject({ code: 'storage-wrong-passphrase' });
    expect(snapshot(dir)).toEqual(before);
  });

  it('says so at every start when a plain database sits beside the key file of an encrypted one', async () => {
    const { dir } = await makeEncrypted({ keychain: testKeychain() });
    const plain = path.join(tempDir(), 'plain.db');
    openDatabase(plain, { key: null }).close();
    fs.copyFileSync(plain, path.join(dir, 'enclave.db'));
    const { key, notice } = await unlock(dir, { keychain: testKeychain() });
    expect(key).toBeNull();
    expect(notice).toMatch(/the encrypted file was replaced by a plain one/);
  });

  it('keeps the key of a database moved aside, when a fresh one is started next to its key file', async () => {
    const keychain = testKeychain();
    const { dir, key } = await makeEncrypted({ keychain });
    fs.renameSync(path.join(dir, 'enclave.db'), path.join(dir, 'enclave.db.moved'));
    expect((await unlock(dir, { keychain })).key?.equals(key)).toBe(true);
  });
});
