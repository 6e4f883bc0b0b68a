import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatSummary } from '../../../electron/shared/domain.js';
import type { StorageStatus } from '../../../electron/shared/storage.js';
import { type CliOptions, runCli } from './runCli.js';
import { contentFingerprint, expectRefusal, filesContaining, fingerprint, writeChatExport } from './storageFixtures.js';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';

const title = 'Zanzibar merger notes';
const content = 'The quokkaplan figures stay confidential.';
const recoveryKeyPattern = /^(?:[0-9a-f]{8}-){8}[0-9a-f]{4}$/;

/** `--json` output of a command that must succeed. */
async function json<T>(args: string[], options: CliOptions): Promise<T> {
  const result = await runCli([...args, '--json'], options);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
}

/**
 * `enclave storage` as a careless user and an attacker meet it: real CLI processes over real data
 * folders, the files on disk read byte for byte. The suite's ENCLAVE_PASSPHRASE_FILE (vitest.config.ts)
 * is the default passphrase; `ENCLAVE_PASSPHRASE_FILE: ''` takes it away. The tests of each describe
 * run in order, each on what the one before left (a spawn costs a second or two, scrypt included).
 */
describe('enclave storage over an encrypted data folder: locked, recovered, re-keyed', () => {
  let root: string;
  let dataDir: string;
  let recoveryKeyFile: string;
  let newPassphraseFile: string;
  const cli = (args: string[], env?: NodeJS.ProcessEnv) => runCli(args, { dataDir, ...(env ? { env } : {}) });
  const noPassphrase = { ENCLAVE_PASSPHRASE_FILE: '' };
  const keyFile = () => path.join(dataDir, 'enclave.key');
  const databaseFingerprint = () => fingerprint(dataDir)['enclave.db'];

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-cli-storage-'));
    dataDir = path.join(root, 'data');
    recoveryKeyFile = path.join(root, 'recovery-key.txt');
    newPassphraseFile = path.join(root, 'new-passphrase.txt');
    fs.writeFileSync(newPassphraseFile, 'a new passphrase, after the old one was lost\n');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('makes a new database encrypted under the passphrase: no chat text in any database file', async () => {
    const exportFile = path.join(root, 'chats.json');
    writeChatExport(exportFile, { id: 'chat1', title, content });
    const imported = await cli(['chats', 'import', exportFile]);
    expect(imported.code, imported.stderr).toBe(0);

    const status = await json<StorageStatus & { problem: unknown }>(['storage', 'status'], { dataDir });
    expect(status).toMatchObject({
      encrypted: true,
      cipher: 'aegis-256',
      databasePath: path.join(dataDir, 'enclave.db'),
      keyFilePath: keyFile(),
      protectedBy: { keychain: false, passphrase: true },
      recoveryKeyShownAt: null,
      policy: { encryption: 'optional', allowPassphrase: true },
      problem: null,
    });
    expect(filesContaining(dataDir, title)).toEqual([]);
    expect(filesContaining(dataDir, 'quokkaplan')).toEqual([]);
    // The key file holds the key only wrapped: nothing in it is the passphrase.
    expect(fs.readFileSync(keyFile(), 'utf8')).not.toContain('correct horse');
  });

  it('refuses a wrong passphrase with exit 1 and changes no byte', async () => {
    const before = fingerprint(dataDir);
    const wrongFile = path.join(root, 'wrong.txt');
    fs.writeFileSync(wrongFile, 'not the passphrase at all\n');
    expectRefusal(await cli(['chats', 'list', '--passphrase-file', wrongFile]), /^enclave: That passphrase does not open this database\. Nothing was changed/);
    expect(fingerprint(dataDir)).toEqual(before);
  });

  it('without a passphrase and no terminal says how to give one; storage status still reports, locked', async () => {
    const before = fingerprint(dataDir);
    expectRefusal(await cli(['chats', 'list'], noPassphrase), /unlock it with its passphrase \(--passphrase-file <file> or ENCLAVE_PASSPHRASE_FILE/);

    const status = await cli(['storage', 'status'], noPassphrase);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^Encryption {8}encrypted, cipher aegis-256$/m);
    expect(status.stdout).toMatch(/^Key protected by {2}a passphrase$/m);
    expect(status.stdout).toMatch(/^Recovery key {6}not shown yet/m);
    expect(status.stdout).toMatch(/^Data {14}not open: The database is encrypted: unlock it with its passphrase/m);
    expect(fingerprint(dataDir)).toEqual(before);
  });

  it('has no option that takes a passphrase on the command line', async () => {
    for (const args of [['storage', 'status', '--passphrase', 'hunter2hunter2'], ['storage', 'passphrase', '--new-passphrase', 'hunter2hunter2']]) {
      const result = await cli(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^enclave: Unknown option '--(new-)?passphrase'/);
    }
  });

  it('shows the recovery key once, and refuses the second time', async () => {
    const shown = await cli(['storage', 'recovery-key']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout.trim()).toMatch(recoveryKeyPattern);
    fs.writeFileSync(recoveryKeyFile, shown.stdout);

    expectRefusal(await cli(['storage', 'recovery-key']), /The recovery key of this key was already shown .*enclave storage rekey --show-recovery-key/);
  });

  it('a damaged key file: a specific message, then the recovery key and a new passphrase mend it, every chat there', async () => {
    fs.writeFileSync(keyFile(), '{"format": "enclave-storage-key", "keys": [');
    const database = databaseFingerprint();
    expectRefusal(await cli(['chats', 'list']), /The key file .*enclave\.key is damaged \(it is not valid JSON\)\. Nothing was changed\. Open the data with the recovery key/);
    expect(databaseFingerprint()).toBe(database);

    const mended = await cli(['storage', 'passphrase', '--recovery-key-file', recoveryKeyFile, '--new-passphrase-file', newPassphraseFile]);
    expect(mended.code, mended.stderr).toBe(0);
    expect(mended.stdout).toMatch(/^The new passphrase now unlocks /);
    // The damaged file is kept aside, not deleted.
    expect(fs.readdirSync(dataDir).some((name) => name.startsWith('enclave.key.replaced-'))).toBe(true);

    const chats = await json<ChatSummary[]>(['chats', 'list', '--passphrase-file', newPassphraseFile], { dataDir });
    expect(chats.map((chat) => chat.title)).toEqual([title]);
    expectRefusal(await cli(['chats', 'list']), /That passphrase does not open this database/);
  });

  it('a deleted key file: says the key file is missing', async () => {
    const saved = fs.readFileSync(keyFile());
    fs.rmSync(keyFile());
    expectRefusal(await cli(['chats', 'list', '--passphrase-file', newPassphraseFile]), /enclave\.key.*(missing|no key file)|no key file.*enclave\.key/);
    expect(fs.existsSync(keyFile())).toBe(false);
    fs.writeFileSync(keyFile(), saved);
  });

  it('rekey: prints the new recovery key; the old one no longer opens the data, the new one does', async () => {
    const rekeyed = await cli(['storage', 'rekey', '--show-recovery-key', '--passphrase-file', newPassphraseFile]);
    expect(rekeyed.code, rekeyed.stderr).toBe(0);
    const newKey = /^New recovery key: (.+)$/m.exec(rekeyed.stdout)?.[1] ?? '';
    expect(newKey).toMatch(recoveryKeyPattern);
    expect(rekeyed.stdout).toMatch(/^The old recovery key no longer opens the data \(keep it only for backups made before this change\)\./m);
    expect(filesContaining(dataDir, title)).toEqual([]);

    expectRefusal(await cli(['chats', 'list', '--recovery-key-file', recoveryKeyFile]), /That recovery key does not open .*enclave\.db/);
    const newKeyFile = path.join(root, 'new-recovery-key.txt');
    fs.writeFileSync(newKeyFile, `${newKey}\n`);
    const chats = await json<ChatSummary[]>(['chats', 'list', '--recovery-key-file', newKeyFile], { dataDir, env: noPassphrase });
    expect(chats.map((chat) => chat.title)).toEqual([title]);
  });

  it('will not remove the only passphrase: the CLI has no keychain to keep the key instead', async () => {
    expectRefusal(await cli(['storage', 'passphrase', '--remove', '--passphrase-file', newPassphraseFile]), /The OS keychain here cannot open the key by itself, so the passphrase is what opens the data/);
  });
});

describe('enclave storage encrypt over a plain database', () => {
  let root: string;
  let dataDir: string;
  const cli = (args: string[], env?: NodeJS.ProcessEnv) => runCli(args, { dataDir, ...(env ? { env } : {}) });
  const noPassphrase = { ENCLAVE_PASSPHRASE_FILE: '' };

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-cli-encrypt-'));
    dataDir = path.join(root, 'data');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('encrypts it with the passphrase, and the chats survive', async () => {
    const exportFile = path.join(root, 'chats.json');
    writeChatExport(exportFile, { id: 'chat1', title, content });
    const imported = await cli(['chats', 'import', exportFile], noPassphrase);
    expect(imported.code, imported.stderr).toBe(0);
    // What the scan would find in a plain file, so its empty answer below means something.
    expect(filesContaining(dataDir, title)).toEqual(['enclave.db']);

    const contents = () => {
      const db = openDatabase(path.join(dataDir, 'enclave.db'), { key: null });
      try {
        return contentFingerprint(db, dataDir);
      } finally {
        db.close();
      }
    };
    const before = contents();
    expectRefusal(await cli(['storage', 'encrypt'], noPassphrase), /^enclave: Encrypting needs a passphrase to keep the key .*Nothing was changed\.$/m);
    expect(contents()).toEqual(before);

    const status = await json<StorageStatus>(['storage', 'encrypt'], { dataDir });
    expect(status).toMatchObject({ encrypted: true, cipher: 'aegis-256', protectedBy: { keychain: false, passphrase: true } });
    expect(filesContaining(dataDir, title)).toEqual([]);
    expect(filesContaining(dataDir, 'quokkaplan')).toEqual([]);

    const chats = await json<ChatSummary[]>(['chats', 'list'], { dataDir });
    expect(chats.map((chat) => chat.title)).toEqual([title]);
  });
});

describe('enclave under a policy that requires encryption, with no passphrase', () => {
  let root: string;
  let options: CliOptions;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-cli-required-'));
    const policyFile = path.join(root, 'policy.json');
    fs.writeFileSync(policyFile, JSON.stringify({ storage: { encryption: 'required' } }));
    options = { dataDir: path.join(root, 'data'), env: { ENCLAVE_PASSPHRASE_FILE: '', ENCLAVE_POLICY_FILE: policyFile } };
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('refuses to make a database, and writes nothing; storage status says why', async () => {
    const exportFile = path.join(root, 'chats.json');
    writeChatExport(exportFile, { id: 'chat1', title, content });
    expectRefusal(await runCli(['chats', 'import', exportFile], options), /The machine policy requires an encrypted database.*Nothing was written/);
    const databasePath = path.join(options.dataDir, 'enclave.db');
    expect(fs.existsSync(databasePath) ? fs.statSync(databasePath).size : 0).toBe(0);
    expect(fs.existsSync(path.join(options.dataDir, 'enclave.key'))).toBe(false);

    const status = await json<StorageStatus & { problem: { code: string } | null }>(['storage', 'status'], options);
    expect(status).toMatchObject({ encrypted: false, policy: { encryption: 'required' }, problem: { code: 'storage-encryption-required' } });
    expect(fs.existsSync(databasePath) ? fs.statSync(databasePath).size : 0).toBe(0);
  });
});
