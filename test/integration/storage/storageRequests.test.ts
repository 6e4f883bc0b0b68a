import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Enclave, startEnclave } from '../../../electron/core/enclave.js';
import { FileGrantRegistry } from '../../../electron/core/files/fileGrants.js';
import { runHandler } from '../../../electron/core/ipc/dispatch.js';
import { createForkLauncher } from '../../../electron/core/llm/host/forkLauncher.js';
import type { EnclaveEvent } from '../../../electron/shared/domain.js';
import { testPolicy } from '../../support/core.js';
import { useTempDir } from '../../support/tempDir.js';
import { testKeychain } from '../../support/testKeychain.js';

/**
 * The storage requests as the window sends them (Settings, Data; the unlock screen), through the same
 * host the app runs: each one that changes the file closes core, changes it, and starts core again.
 */
describe('storage requests', () => {
  const tempDir = useTempDir();

  async function start(dataDir: string, keychainAvailable = true): Promise<{ enclave: Enclave; events: EnclaveEvent[]; grants: FileGrantRegistry }> {
    const grants = new FileGrantRegistry();
    const enclave = await startEnclave({
      dataDir,
      version: 'test',
      services: { launchModelHost: createForkLauncher({ env: { ENCLAVE_GPU: 'off' } }), fileGrants: grants, keychain: testKeychain({ available: keychainAvailable }) },
      policy: testPolicy({}),
    });
    const events: EnclaveEvent[] = [];
    enclave.subscribe((event) => events.push(event));
    return { enclave, events, grants };
  }

  const titles = async (enclave: Enclave) => (await runHandler(enclave.handlers, 'chats.list', {})).map((chat) => chat.title);

  it('changes the key under a running app: the data stays, windows hear it, the recovery key is new', async () => {
    const { enclave, events } = await start(tempDir());
    try {
      const chat = await runHandler(enclave.handlers, 'chats.create', {});
      await runHandler(enclave.handlers, 'chats.rename', { chatId: chat.id, title: 'Merger notes' });
      expect(await runHandler(enclave.handlers, 'storage.status', {})).toMatchObject({ encrypted: true, cipher: 'aegis-256', protectedBy: { keychain: true, passphrase: false } });
      const { recoveryKey: first } = await runHandler(enclave.handlers, 'storage.recoveryKey', {});
      await expect(runHandler(enclave.handlers, 'storage.recoveryKey', {})).rejects.toMatchObject({ message: expect.stringMatching(/already shown/) as string });

      const { recoveryKey: second } = await runHandler(enclave.handlers, 'storage.rekey', {});
      expect(second).toMatch(/^([0-9a-f]{8}-){8}[0-9a-f]{4}$/);
      expect(second).not.toBe(first);
      expect(events).toContainEqual({ type: 'storage.changed' });
      expect(await titles(enclave)).toEqual(['Merger notes']);
    } finally {
      await enclave.dispose();
    }
  });

  it('backs up while running, and restores a deleted chat from the backup', async () => {
    const dataDir = tempDir();
    const { enclave, grants } = await start(dataDir);
    try {
      const chat = await runHandler(enclave.handlers, 'chats.create', {});
      await runHandler(enclave.handlers, 'chats.rename', { chatId: chat.id, title: 'Board minutes' });
      const destination = path.join(tempDir(), 'monday.enclave-backup');
      const backup = await runHandler(enclave.handlers, 'storage.backup', { grant: await grants.grant(destination, 'backup') });
      expect(backup).toMatchObject({ path: destination, encrypted: true, note: expect.stringMatching(/Show the recovery key/) as string });
      expect(fs.readFileSync(destination).includes('Board minutes')).toBe(false);

      await runHandler(enclave.handlers, 'chats.delete', { chatId: chat.id });
      expect(await titles(enclave)).toEqual([]);
      const backupBytes = fs.readFileSync(destination);
      expect(await runHandler(enclave.handlers, 'storage.restore', { grant: await grants.grant(destination, 'restore') })).toEqual({ restored: true });
      expect(await titles(enclave)).toEqual(['Board minutes']);
      // The user's backup is only read: byte for byte as it was, nothing written beside it, no copy left behind.
      expect(fs.readFileSync(destination).equals(backupBytes)).toBe(true);
      expect(fs.readdirSync(path.dirname(destination))).toEqual(['monday.enclave-backup']);
      expect(fs.readdirSync(dataDir).filter((name) => /restore-source|backup-partial|rewrite/.test(name))).toEqual([]);
      // The trail it replaced, with the erasure recorded after the backup, is kept beside the database and named.
      const restored = (await runHandler(enclave.handlers, 'audit.list', { type: 'backup.restored' })).at(-1);
      const asideName = restored?.details.replacedTrailFile;
      if (typeof asideName !== 'string') throw new Error('backup.restored names no file for the replaced trail');
      const asideFile = path.join(dataDir, asideName);
      const aside = fs.readFileSync(asideFile, 'utf8');
      expect(restored?.details).toMatchObject({ replacedTrailSha256: crypto.createHash('sha256').update(aside).digest('hex') });
      const asideEntries = aside.trimEnd().split('\n').map((line) => JSON.parse(line) as { seq: number; type: string });
      expect(asideEntries.at(-1)?.type).toBe('chats.erased');
      expect(restored?.details).toMatchObject({ replacedHeadSeq: asideEntries.at(-1)?.seq, replacedTrailEntries: asideEntries.length });
      expect(fs.statSync(asideFile).mode & 0o777).toBe(0o600);

      // A file that is not an Enclave backup is refused, and the data is as it was.
      const bogus = path.join(tempDir(), 'bogus.enclave-backup');
      fs.writeFileSync(bogus, 'not a database at all');
      await expect(runHandler(enclave.handlers, 'storage.restore', { grant: await grants.grant(bogus, 'restore') })).rejects.toMatchObject({ code: 'backup-invalid' });
      expect(await titles(enclave)).toEqual(['Board minutes']);
      expect(fs.readdirSync(dataDir).filter((name) => name.startsWith('audit-before-restore-'))).toHaveLength(1);
      // A grant made for another purpose (or a path) is not a backup the window chose.
      await expect(runHandler(enclave.handlers, 'storage.restore', { grant: await grants.grant(destination, 'documents') })).rejects.toMatchObject({ code: 'file-not-granted' });
    } finally {
      await enclave.dispose();
    }
  });

  it('starts locked without the keychain, refuses a wrong passphrase, and opens with the right one', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    await runHandler(first.enclave.handlers, 'storage.setPassphrase', { passphrase: 'the passphrase of record' });
    const chat = await runHandler(first.enclave.handlers, 'chats.create', {});
    await runHandler(first.enclave.handlers, 'chats.rename', { chatId: chat.id, title: 'Locked away' });
    await first.enclave.dispose();

    const { enclave, events } = await start(dataDir, false);
    try {
      expect(enclave.status.startupError).toMatchObject({ code: 'storage-locked' });
      await expect(runHandler(enclave.handlers, 'chats.list', {})).rejects.toMatchObject({ code: 'storage-locked' });
      await expect(runHandler(enclave.handlers, 'storage.unlock', { passphrase: 'a wrong passphrase' })).rejects.toMatchObject({ code: 'storage-wrong-passphrase' });
      expect(events).toEqual([]);
      expect(await runHandler(enclave.handlers, 'storage.unlock', { passphrase: 'the passphrase of record' })).toMatchObject({ encrypted: true, protectedBy: { passphrase: true } });
      expect(events).toContainEqual({ type: 'storage.changed' });
      expect(enclave.status.startupError).toBeNull();
      expect(await titles(enclave)).toEqual(['Locked away']);
    } finally {
      await enclave.dispose();
    }
  });

  it('runs storage requests one at a time: a passphrase change racing a key change leaves a key file that opens', async () => {
    const dataDir = tempDir();
    const { enclave } = await start(dataDir);
    await runHandler(enclave.handlers, 'storage.setPassphrase', { passphrase: 'the first passphrase' });
    await Promise.all([
      runHandler(enclave.handlers, 'storage.rekey', { passphrase: 'the first passphrase' }),
      runHandler(enclave.handlers, 'storage.setPassphrase', { passphrase: 'the second passphrase' }),
      runHandler(enclave.handlers, 'storage.rekey', { passphrase: 'the second passphrase' }),
    ]);
    await enclave.dispose();
    // Both ways in open the data the last key encrypts: the keychain, and the last passphrase.
    for (const keychainAvailable of [true, false]) {
      const again = await start(dataDir, keychainAvailable);
      try {
        if (!keychainAvailable) await runHandler(again.enclave.handlers, 'storage.unlock', { passphrase: 'the second passphrase' });
        expect(again.enclave.status.startupError).toBeNull();
        expect(await titles(again.enclave)).toEqual([]);
      } finally {
        await again.enclave.dispose();
      }
    }
  });

  it('keeps the passphrase while the keychain here cannot open the key; on a new machine its keychain takes the key over', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    await runHandler(first.enclave.handlers, 'storage.setPassphrase', { passphrase: 'the passphrase of record' });
    await first.enclave.dispose();

    // No keychain here (Linux without a secret service): the old keychain wrap opens nothing, so the passphrase stays.
    const withoutKeychain = await start(dataDir, false);
    try {
      await runHandler(withoutKeychain.enclave.handlers, 'storage.unlock', { passphrase: 'the passphrase of record' });
      await expect(runHandler(withoutKeychain.enclave.handlers, 'storage.setPassphrase', { passphrase: null })).rejects.toMatchObject({
        message: expect.stringMatching(/keychain here cannot open the key/) as string,
      });
    } finally {
      await withoutKeychain.enclave.dispose();
    }

    // Another machine's keychain: once the passphrase opened the data it wraps the key, and then the passphrase may go.
    const elsewhere = await startEnclave({
      dataDir,
      version: 'test',
      services: { launchModelHost: createForkLauncher({ env: { ENCLAVE_GPU: 'off' } }), keychain: testKeychain({ key: crypto.randomBytes(32) }) },
      policy: testPolicy({}),
    });
    try {
      await runHandler(elsewhere.handlers, 'storage.unlock', { passphrase: 'the passphrase of record' });
      expect(await runHandler(elsewhere.handlers, 'storage.setPassphrase', { passphrase: null })).toMatchObject({ protectedBy: { keychain: true, passphrase: false } });
    } finally {
      await elsewhere.dispose();
    }
  });

  it('encrypts a plain database on request, with a passphrase where there is no keychain', async () => {
    const dataDir = tempDir();
    const { enclave } = await start(dataDir, false);
    try {
      expect(enclave.storageNotice).toMatch(/not encrypted/);
      const chat = await runHandler(enclave.handlers, 'chats.create', {});
      await runHandler(enclave.handlers, 'chats.rename', { chatId: chat.id, title: 'Plain at first' });
      await expect(runHandler(enclave.handlers, 'storage.encrypt', {})).rejects.toMatchObject({ code: 'storage-locked' });
      await expect(runHandler(enclave.handlers, 'storage.encrypt', { passphrase: 'short' })).rejects.toMatchObject({ message: expect.stringMatching(/at least 8/) as string });
      expect(await runHandler(enclave.handlers, 'storage.encrypt', { passphrase: 'a fine passphrase' })).toMatchObject({ encrypted: true, protectedBy: { passphrase: true, keychain: false } });
      expect(await titles(enclave)).toEqual(['Plain at first']);
      expect(fs.readFileSync(path.join(dataDir, 'enclave.db')).includes('Plain at first')).toBe(false);
    } finally {
      await enclave.dispose();
    }
  });
});
